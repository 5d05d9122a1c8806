"""Thin views of the decisions tool, one module per part: a selector reads, a service writes."""
