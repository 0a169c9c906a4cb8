"""The Claude engine: requests, transport (calls, repair retry, audit), map-reduce, one fallback wrapper.

Only ``bot/services.py`` builds it; core and the Slack adapter see the ``Engine`` protocol.
"""
