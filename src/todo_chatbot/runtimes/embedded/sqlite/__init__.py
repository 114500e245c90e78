"""The SQLite engine under the embedded store: the schema, connections, group
commit, the WAL's flushes and checkpoints, and mapped reads."""
