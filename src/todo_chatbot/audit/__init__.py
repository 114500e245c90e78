"""The audit trail: every task event kept once, in its owner's trail."""
