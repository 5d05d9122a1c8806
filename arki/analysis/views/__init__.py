"""Views of the analysis tool, split by area."""
