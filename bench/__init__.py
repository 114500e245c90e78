"""Benchmarks: seed a realistic data set, drive the API, print the figures."""
