"""Writes of the impact tool, one module per part (metric plan, surveys, statistics, stories)."""
