"""Sitrep: a Slack incident assistant that keeps a redacted record and drafts grounded sitreps."""

__version__ = "0.1.0"
