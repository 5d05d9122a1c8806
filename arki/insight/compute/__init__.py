"""Pure computation of the insight tool (no Django): diffs, file reading, pictures."""
