"""Budgeting views: staff pages, the table tablet, participants' wallets, exports."""
