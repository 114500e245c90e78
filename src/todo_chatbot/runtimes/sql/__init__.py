"""What both SQL stores share: tasks to rows and back, and list queries as SQL."""
