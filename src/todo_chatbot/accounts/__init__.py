"""Accounts: users, their rules (email, password, time zone), registration and
sign-in, and the ports they need (password hashing, access tokens)."""
