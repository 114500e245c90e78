"""Adapters: the ports implemented for each runtime."""
