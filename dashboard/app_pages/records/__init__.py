"""The /records page."""
