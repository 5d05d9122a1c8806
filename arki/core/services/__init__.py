"""Writes of the core. Views, forms, the admin, commands and the demo all call these."""
