"""Forms of the decisions tool: they parse requests; services do the writing."""

from __future__ import annotations
