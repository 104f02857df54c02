"""The registry: every source, metric, series group, table, note and rule declared once.

Imports nothing of the project outside itself, so every stage and the dashboard can read it.
"""
