"""The registry: every source, metric, series group, table, view and rule text declared once. Imports nothing of the project."""
