"""The domain: tasks, users, due dates, recurrence, events and list queries.

Pure Python: no I/O, no framework and no clock. Time is always passed in.
"""
