"""Permission-checked reads of the core."""
