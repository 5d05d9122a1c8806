"""Thin views of the core, one module per subject."""
