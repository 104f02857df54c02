"""The / page (overview)."""
