"""Derived tables, public views and the escalation analyses, computed from the loaded values."""
