"""Deterministic reading of redacted incident text: the rules behind the offline engine."""
