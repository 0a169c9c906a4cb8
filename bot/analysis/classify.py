"""Sort each message into one kind (alert, deploy, diagnose, mitigate, resolve, comms, chatter)."""

from __future__ import annotations

from bot.analysis import lexicon as lx
from bot.domain import Message, MessageClass
from bot.slackdata.mrkdwn import excerpt

_QUIET_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"})


def classify(message: Message) -> MessageClass:
    """Classify one message; rules are ordered from most to least decisive.

    Resolution beats mitigation ("rolled back, closing the incident" is a resolution); a bot
    post that reads like an alert is an alert even when it mentions a deploy.
    """
    if message.subtype in _QUIET_SUBTYPES:
        return "chatter"
    text = message.text
    if message.is_bot and lx.ALERT.search(text):
        return "alert"
    if lx.STATUS_PAGE.search(text):
        return "comms"  # a status-page update reports the page; it does not resolve anything
    if lx.RESOLVE.search(text):
        return "resolve"
    if lx.STATUS_UPDATE.search(text):
        return "comms"  # "Status: investigating — …" posts report; they are not the actions they name
    if lx.MITIGATE.search(text):
        return "mitigate"
    if lx.ALERT.search(text):
        return "alert"
    if lx.DEPLOY.search(text):
        return "deploy"
    if lx.COMMS.search(text):
        return "comms"
    if lx.DIAGNOSE.search(text) or lx.HYPOTHESIS_CUE.search(text):
        return "diagnose"
    return "chatter"


def first_sentence(text: str, limit: int = 160) -> str:
    """A short, faithful excerpt of ``text`` for timelines and sitreps (no paraphrase); see ``excerpt``."""
    return excerpt(text, limit)


def severity_of(text: str) -> str | None:
    """The severity a message declares ("SEV2", "P1 incident"), normalised to "SEV2"/"P1"."""
    match = lx.SEVERITY.search(text)
    if not match:
        return None
    if match.group("sev") is not None:  # "SEV-2" and "sev 2" are the same severity
        return f"SEV{match.group('sev')}"
    return str(match.group("p")).upper()
