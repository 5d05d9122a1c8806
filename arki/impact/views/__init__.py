"""Thin views of the impact tool, one module per part: a selector reads, a service writes."""
