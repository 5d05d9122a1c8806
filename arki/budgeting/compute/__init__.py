"""Pure computation for budgeting results (no Django): bar charts and real-budget counts."""
