"""Arki: resident-driven development of local services."""
