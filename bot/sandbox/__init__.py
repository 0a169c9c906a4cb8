"""Sandbox: local stand-ins for Slack (Web API, Socket Mode, signed HTTP) and the Anthropic Messages API."""
