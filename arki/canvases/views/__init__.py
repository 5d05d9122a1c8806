"""Views of the canvases tool: participants at the tables, and staff."""
