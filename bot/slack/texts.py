"""Every user-visible Slack string, in one place (reviewable, translatable, consistent)."""

from __future__ import annotations

COMMANDS = ("/summary", "/hypotheses", "/draft-postmortem", "/resolve")

HELP = {
    "/summary": "`/summary` — post a sitrep for this channel now (status, impact, what changed, hypotheses, "
    "who is doing what, next steps).",
    "/hypotheses": "`/hypotheses` — post the hypothesis board: each hypothesis with links to the messages "
    "that support or refute it, and suggested next checks.",
    "/draft-postmortem": "`/draft-postmortem` — draft a blameless postmortem as a thread, one reply per section.",
    "/resolve": "`/resolve` — record the resolution time, post a final sitrep and the postmortem draft.",
}

USAGE = "Usage: `{command}` (no arguments) or `{command} help`."
UNKNOWN_ARGS = "I don't understand `{args}`. " + USAGE
WORKING = "Working on it…"


def not_tracked(channel_pattern: str) -> str:
    return (
        "Sitrep isn't tracking this channel. Invite it with `/invite @Sitrep`, or create incident "
        f"channels whose names match `{channel_pattern}` and Sitrep joins them by itself."
    )


def help_text(command: str) -> str:
    lines = [HELP[command], "", "Other commands:"]
    lines += [f"• {HELP[c]}" for c in COMMANDS if c != command]
    return "\n".join(lines)


def secret_warning(kinds: list[str]) -> str:
    listed = ", ".join(kinds)
    return (
        f":warning: Your message contained a credential ({listed}). Sitrep stored only a redacted copy, "
        "but the original is still visible in Slack: please rotate it now and delete the message."
    )


TRACKING_STARTED = (
    ":wave: Sitrep is tracking this channel. It keeps a redacted record, posts a sitrep when something "
    "happened (at most every {interval} min), and answers `/summary`, `/hypotheses`, `/draft-postmortem` "
    "and `/resolve`."
)
ERROR = ":x: Sitrep couldn't do that: {reason}"
RESOLVED = ":white_check_mark: Resolution recorded at {time} UTC by {user}."
POSTMORTEM_PARENT = "Postmortem draft — {name}"
CONTEXT = (
    "Drafted by the {engine} engine from {considered} new message(s) ({total} in the channel). "
    "The cited messages are the source of truth."
)
SITREP_THREAD_PARENT = ":pushpin: Sitreps for this incident are posted in this thread."
CATCH_UP = "Catching you up:"
