"""Views of the report workflow, by audience: unit pages, office pages, directive set-up, files."""
