"""Sandbox: local stand-ins for Slack and the Slack export reader that feeds replay and the demo."""
