"""Every user-visible Slack string, in one place (reviewable, translatable, consistent)."""

from __future__ import annotations

COMMANDS = ("/summary", "/hypotheses", "/draft-postmortem", "/resolve", "/draft-update", "/draft-rca")

HELP = {
    "/summary": "`/summary` — post a sitrep for this channel now (status, impact, what changed, hypotheses, "
    "who is doing what, next steps).",
    "/hypotheses": "`/hypotheses` — post the hypothesis board: each hypothesis with links to the messages "
    "that support or refute it, and suggested next checks.",
    "/draft-postmortem": "`/draft-postmortem` — draft a blameless postmortem as a thread, one reply per section.",
    "/resolve": "`/resolve` — record the resolution time, post a final sitrep and the postmortem draft.",
    "/draft-update": "`/draft-update` — draft a customer-facing status update, shown to you only; Post, Edit or "
    "Discard it (Sitrep never sends it anywhere else).",
    "/draft-rca": "`/draft-rca` — draft an external root cause analysis from the postmortem as a thread, one reply "
    "per section, with a punch-list of inferred or flagged statements (a person sends it, never Sitrep).",
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
COMMAND_LOST = (
    ":x: Sitrep couldn't finish `{command}`: its command worker stopped or did not answer in time. "
    "Run `{command}` again."
)


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


# -- customer-facing drafts ---------------------------------------------------------------------------

UPDATE_DRAFT_NOTE = (
    "Draft status update, shown to you only. Nothing is posted until you press *Post*; Sitrep never sends it "
    "outside this channel."
)
UPDATE_REMOVED = "The checks took out: {what}. Add what customers need with *Edit*."
UPDATE_FLAGS = ":warning: Check before posting: {flags}"
UPDATE_POST = "Post to channel"
UPDATE_EDIT = "Edit"
UPDATE_DISCARD = "Discard"
UPDATE_POSTED_HEADER = ":mega: *Status update — {phase}*"
UPDATE_POSTED_FOOTER = "_Approved and posted by {user}; drafted by Sitrep. Copy it to the status page yourself._"
UPDATE_POSTED = ":white_check_mark: Posted to the channel and recorded as a comms event."
UPDATE_DISCARDED = "Discarded: nothing was posted."
UPDATE_ALREADY_POSTED = ":information_source: This status update was already posted by {user}{link}; it is posted once."
UPDATE_ALREADY_POSTED_LINK = " (<{url}|see it>)"
UPDATE_MAYBE_POSTED = (
    ":warning: This status update may already be in the channel: posting it ({user}) was interrupted before it "
    "was recorded, so it is not posted again. Look for it; if it is not there, run /draft-update for a new one."
)
UPDATE_BEING_POSTED = ":hourglass_flowing_sand: This status update is being posted by {user}; it is posted once."
UPDATE_POST_FAILED = ":x: Slack refused the status update ({reason}); nothing was posted. Press *Post* again to retry."
SOMEONE = "someone else"
UPDATE_EDIT_TITLE = "Edit status update"
UPDATE_EDIT_SAVE = "Save"
UPDATE_EDIT_LABEL = "Status update"
UPDATE_EDIT_EMPTY = "A status update can't be empty: type it, or close this and press Discard."

RCA_PARENT = "External RCA draft — {name}"
RCA_FINAL = "External RCA — {name} (final)"
RCA_NOT_SENT = ":lock: Sitrep drafts this for a person to review, sign off and send. It never sends it to a customer."
RCA_FROM_DRAFT = (
    ":warning: Drafted from a postmortem that is *not final* yet: facts may still change. "
    "Run `/draft-rca` again once the postmortem is final."
)
RCA_PROGRESS = "{approved} of {total} sections approved · {open} punch-list item(s) open"
RCA_PUNCH_HEADER = "*Reviewer's punch-list* (inferred or flagged statements):"
RCA_PUNCH_EMPTY = "_No statement was inferred or flagged._"
RCA_PUNCH_HINT = "Reply in this thread: `S3 keep` (approve as written), `S3 remove`, or `S3: new wording`."
RCA_SECTION_HINT = "react :white_check_mark: to approve or :x: to ask for changes; press Edit to rewrite the section"
RCA_ASK_ITEM = (
    "I didn't understand that reply. Resolve a punch-list item with `S3 keep`, `S3 remove` or `S3: new wording`"
    " (open: {open})."
)
RCA_UNKNOWN_ITEM = "There is no statement with that id in this RCA (open items: {open})."
RCA_ITEM_RESOLVED = "Recorded. {open} punch-list item(s) still open."
RCA_ITEM_STILL_OPEN = "Saved, but the new words are flagged again: {flags}. The item stays open."
RCA_PUNCH_LIST_OPEN = (
    "Every section is approved, but {open} punch-list item(s) are still open: the RCA can't be final until each is "
    "kept as written, edited or removed."
)
RCA_IS_FINAL = "This RCA is final: approvals and changes are closed. `sitrep export CHANNEL --rca` gives the files."
RCA_NO_DRAFT = "There is no RCA draft here yet. Run `/draft-rca`."
RCA_STILL_FINAL = "The RCA is already final; its files are in the thread."
RCA_UPDATED = "The RCA draft was redrafted; changed sections: {sections}."
RCA_UP_TO_DATE = "The RCA draft is up to date."
RCA_FINAL_COMMENT = (
    "All {total} sections approved and the punch-list resolved: here is the RCA as rca.md, rca.json and rca.html. "
    "Sitrep has not sent it anywhere; a person signs it off and sends it."
)
RCA_FINAL_FAILED = ":x: The final RCA couldn't be uploaded ({reason}). Approve any section again to retry."
RCA_EDIT_TITLE = "Edit RCA section"
RCA_EDIT_HINT = "One statement per line. Your words are checked like the draft's (names, internal ids, promises)."
