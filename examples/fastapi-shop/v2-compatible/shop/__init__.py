"""The shop service (version 2, compatible with version 1)."""
