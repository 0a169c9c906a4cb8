"""Drivers that play a recorded incident through Sitrep: ``sitrep replay`` and ``sitrep demo``.

The only product code that imports ``bot.sandbox`` (the local Slack and Messages API stand-ins).
"""
