"""The /escalation page."""
