"""Slack's JSON shapes turned into Sitrep's domain: live events, history pages, exports, members.

Every front end (the live app, backfill, replay, the demo) reads Slack data through this package,
so a message means the same thing however it arrived.
"""
