"""The Slack adapter: Bolt wiring, listeners, commands and Block Kit rendering. Thin by design."""
