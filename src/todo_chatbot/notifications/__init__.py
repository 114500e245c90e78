"""Notifications: what a person is told, such as a reminder whose time has come."""
