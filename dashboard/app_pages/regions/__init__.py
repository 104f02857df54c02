"""The /regions page."""
