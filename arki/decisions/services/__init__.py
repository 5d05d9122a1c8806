"""Writes of the decisions tool, one module per part of the process (see models.py)."""
