"""Local stand-ins for the GitHub Issues and Jira Cloud REST APIs (real HTTP on loopback).

Like the local Slack (bot.sandbox.slack): the real clients talk to them over HTTP, every request
is journalled (without the token) so tests assert on what was actually sent, and faults (auth,
rate limits, 5xx, an unknown assignee) are injected or scripted.
"""

from bot.sandbox.trackers.github import LocalGitHub
from bot.sandbox.trackers.jira import LocalJira
from bot.sandbox.trackers.server import Fault, Request

__all__ = ["Fault", "LocalGitHub", "LocalJira", "Request"]
