"""The shared kernel: what every part of the product uses and nothing in it
depends on (time and zones, ids, errors, the clock, units of work)."""
