"""Interfaces of the API app: the REST endpoints (reads, writes) and the tokens page."""
