"""Live updates: each change to a user's tasks pushed to their open clients."""
