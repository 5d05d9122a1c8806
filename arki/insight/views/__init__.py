"""Views of the insight tool: `public` for residents (no account), `staff` and `files`."""
