"""The /methods page."""
