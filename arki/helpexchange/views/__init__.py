"""Views of the help exchange: staff pages (coordinators, volunteers) and public link pages."""
