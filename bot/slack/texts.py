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
BOARD_MORE = "all of them are in the channel and in the postmortem's evidence"
BUSY = ":hourglass: Sitrep is busy right now; try again in a minute."


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


def store_down(reason: str) -> str:
    """The ephemeral answer to a command while Sitrep's store (Redis) cannot be used."""
    return (
        f":warning: Sitrep's store (Redis) can't be used right now, so it can't do this: {reason}. "
        "Messages posted meanwhile are not lost: Sitrep catches up when the store is back. Try again then."
    )


RESOLVED = ":white_check_mark: Resolution recorded at {time} UTC by {user}."
POSTMORTEM_PARENT = "Postmortem draft — {name}"
POSTMORTEM_FINAL = "Postmortem — {name} (final)"
PM_PARENT_CONTEXT = (
    "Drafted by the {engine} engine from the channel's redacted messages. "
    "Blameless: it describes systems and decisions, not people."
)
PM_HOW_TO_REVIEW = (
    "Each section follows in this thread. React :white_check_mark: (or press Approve) to approve a section, "
    ":x: to ask for changes. To correct one, reply in this thread starting with its name, e.g. "
    "`Timeline: the deploy was 14:02, not 14:10`, or press Edit."
)
PM_FINAL_NOTE = ":tada: Every section is approved. postmortem.md and postmortem.json are attached in this thread."
PM_FINAL_PROGRESS = "final ({total}/{total} approved)"
PM_NEEDS_SIGN_OFF = (
    "Every section is approved, but a postmortem becomes final only with an incident commander's approval "
    "or approvals from {needed} different people ({have} so far). Ask a teammate to review a section."
)
PM_SIGN_OFF_PENDING = ":hourglass: Final needs an incident commander's approval or {missing} more approver(s)."
PM_DROPPED_CITATIONS = (
    ":warning: Sitrep left out the citation(s) [ts {ts}]: there is no message with that ts in this channel. "
    "Cite a message of the channel (its ts is in its link), or leave the citation out."
)
PM_SECTION_HINT = "react :white_check_mark: to approve or :x: to ask for changes; reply in the thread to correct it"
PM_SECTION_TRUNCATED = "_… the rest of this section is in postmortem.md (and in the Edit view)._"
PM_APPROVE = "Approve"
PM_REQUEST_CHANGES = "Request changes"
PM_EDIT = "Edit"
PM_EDIT_TITLE = "Edit section"
PM_EDIT_SAVE = "Save"
PM_EDIT_CLOSE = "Cancel"
PM_EDIT_HINT = "Saving replaces the section and clears its approvals: people approved the old text."
PM_EDIT_TOO_LONG = (
    "*{title}* is longer than a Slack form can hold ({limit} characters). Reply in the draft's thread "
    "with a correction instead, starting with the section's name."
)
PM_EDIT_EMPTY = "Write the section's new text, or press Cancel."
PM_CONFIRM_DRAFT = (
    "This incident isn't mitigated yet, so the postmortem would be missing its ending. Draft it anyway? "
    "(`/resolve` records the resolution and drafts it for you.)"
)
PM_DRAFT_ANYWAY = "Draft anyway"
PM_DRAFTING = "Drafting the postmortem…"
PM_UP_TO_DATE = "The postmortem draft is already up to date: nothing in the channel changed its sections."
PM_UPDATED = "Updated the postmortem draft: {sections}. Their approvals were cleared because their facts changed."
PM_STILL_FINAL = "The postmortem is final and nothing in the channel changed it."
PM_REOPENED = "New messages changed the final postmortem ({sections}), so it is open for review again."
PM_ASK_SECTION = (
    "Which section is this about? Start your reply with the section's name, e.g. "
    "`Timeline: the deploy was 14:02, not 14:10`, or quote the line with `>`. Sections: {sections}."
)
PM_REVISED = "Updated *{title}* from your reply; its approvals were cleared."
PM_RECORDED_ELSEWHERE = "Sitrep can't change *{title}* directly; your correction is recorded under *{where}*."
PM_UNCHANGED = "Your reply didn't change *{title}*."
PM_EDITED = "Saved your edit of *{title}*; its approvals were cleared."
PM_IS_FINAL = "This postmortem is final: approvals and corrections are closed."
PM_NO_DRAFT = "There is no postmortem draft here yet. Run `/draft-postmortem`."
PM_ALREADY_APPROVED = "You already approved *{title}*."
PM_ALREADY_REQUESTED = "You already asked for changes to *{title}*. Reply in the thread to say what should change."
PM_CHANGES_REQUESTED = "Noted. Reply in the thread with what *{title}* should say (start with its name), or press Edit."
PM_KEY_MOMENT = ":pushpin: Marked as a key moment: it will appear in the postmortem timeline with your name."
PM_FINAL_COMMENT = ":tada: All {total} sections are approved. Here is the final postmortem."
PM_FINAL_FAILED = (
    ":warning: Sitrep couldn't upload the final postmortem ({reason}). Approve any section again to retry."
)
CONTEXT = (
    "Drafted by the {engine} engine from {considered} new message(s) ({total} in the channel). "
    "The cited messages are the source of truth."
)
SITREP_THREAD_PARENT = ":pushpin: Sitreps for this incident are posted in this thread."
CATCH_UP = "Catching you up:"

# -- action items to trackers -------------------------------------------------------------------------

TRACKER_NAMES = {"github": "GitHub", "jira": "Jira"}
TRACKER_EXPORT = "Create issues in {tracker}"
TRACKER_RETRY = "Retry / sync again"
TRACKER_TITLE = "*Action items → {tracker}*: {summary}"
TRACKER_NONE = "The postmortem has no action items yet."
TRACKER_STOPPED = ":warning: Stopped early: {reason}. Sitrep resumes where it stopped on retry or at the next final."
TRACKER_STATES = {
    "created": "created",
    "updated": "updated",
    "unchanged": "up to date",
    "failed": "failed",
    "waiting": "rate limited, waiting",
    "not_tried": "not sent yet",
}
TRACKER_FAILED = ":x: Sitrep couldn't export the action items: {reason}"
