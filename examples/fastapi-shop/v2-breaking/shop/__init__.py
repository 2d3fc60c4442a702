"""The shop service (version 2, breaking version 1 clients)."""
