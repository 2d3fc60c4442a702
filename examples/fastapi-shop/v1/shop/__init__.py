"""The shop service (version 1)."""
