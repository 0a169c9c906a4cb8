"""Issue tracker adapters: GitHub Issues and Jira Cloud behind the core ``Tracker`` port.

Thin typed clients over ``httpx2`` (already Sitrep's HTTP client, through the Anthropic SDK)
rather than PyGithub or jira: both SDKs retry a POST by themselves after a 5xx (a duplicate
issue) and sleep on rate limits with the real clock, which is exactly what the export must
decide itself (bot.core.tracker_export); each tracker here needs three calls.
"""

from bot.trackers.github import GitHubTracker
from bot.trackers.jira import JiraTracker

__all__ = ["GitHubTracker", "JiraTracker"]
