"""Pure computation of the analysis tool (no Django): agreement, text, features, clustering."""
