"""Read one message: its kind (alert, deploy, diagnose, mitigate, resolve, comms, chatter) and the
signals the lifecycle and timeline need (detection, acknowledgement, escalation, decision, a
mitigation step, recovery, a declared status).

The rules follow how responders and their bots write, not one incident's wording: a status word
counts only when it is declared (not drafted, asked about, negated or promised), a trend is not a
state, and one alert recovering is a fact about that alert, not about the incident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Protocol

from bot.analysis import lexicon as lx
from bot.analysis.bot_kind import monitor_tool, public_page, status_tool, ticket_tool
from bot.analysis.lexicon.steps import RECOVERY_FIGURE, STEP_FAILED
from bot.domain import BotKind, IncidentStatus, Message, MessageClass
from bot.slackdata.mrkdwn import excerpt

_QUIET_SUBTYPES = frozenset({"channel_join", "channel_leave", "channel_topic", "channel_purpose", "pinned_item"})
_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\w))+[.!?]*")
"""A sentence; a dot inside a word ("v1.2", "1.x", "api.example.com") does not end one."""
_NOT_STATED = re.compile(
    r"\b(?:if|once|when|until|unless|before|whether|hopefully|hope|expect(?:ing)?|eta|soon|should|could|would|might|may|"
    r"\w+'d|"
    r"will|'ll|going to|gonna|about to|need to|needs to|want to|wants to|ready to|waiting|wait|plan(?:ning)? to|"
    r"not yet|not|no|isn'?t|aren'?t|wasn'?t|haven'?t|hasn'?t|never|can we|can i|shall we|do we|are we|is it|"
    r"before we|not quite|didn'?t|don'?t|doesn'?t|won'?t|needs? an?|tried|try)\b",
    re.IGNORECASE,
)
"""Words before a status or recovery word that make it a plan, a question or a denial, not a state."""
_LATER_CONDITION = re.compile(r"^[^,;:.!?\n]{0,30}?\b(?:once|when|as soon as|after|if)\b", re.IGNORECASE)
"""A condition right after a status word ("resolved once …", "closing it when …")."""
_PROPOSAL = re.compile(
    r"^\W*(?:should|shall|can|could|do|would|are|is|any (?:objection|reason))\b|\b(?:should we|do we want to|"
    r"can we|could we|shall we|what if we|how about we|(?<!go with )(?<!going with )(?<!chose )(?<!picked )options?|"
    r"alternatively|or we could|either)\b",
    re.IGNORECASE,
)
_STATUS_OF: dict[str, IncidentStatus] = {
    "investigating": "investigating",
    "identified": "identified",
    "clear": "identified",  # "the cause is clear"
    "known": "identified",
    "understood": "identified",
    "monitoring": "mitigated",
    "mitigated": "mitigated",
    "resolved": "resolved",
    "resolving": "resolved",
    "closed": "resolved",
    "closing": "resolved",
    "all clear": "resolved",
    "over": "resolved",
}
_DRAFT_LABEL = re.compile(r"^\W*(?:draft|proposed|suggested)\b", re.IGNORECASE)
_PLAN = re.compile(
    r"\b(?:options?|tracks?|plan|actions|proposal|ideas?|items|steps|todos?)\s*[:?]|"
    r"\b(?:two|three|several) (?:tracks|options|things)\b",
    re.I,
)
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\(?[a-z]\))\s+", re.M)
_DECISION_LABEL = re.compile(r"^\W*decision\s*[:\-]", re.IGNORECASE)
_LEADING_STATUS = re.compile(
    r"^\W*(?:incident update\W+)?\[?\*?(?:investigating|identified|monitoring|mitigated|resolved|update)\b",
    re.IGNORECASE,
)
_INCIDENT_LEVEL = re.compile(
    r"\bincident\b|(?<![\w\-])services?(?![\w\-])|\bfully\b|\boperating normally\b|\boperational\b|"
    r"\bhas been resolved\b|\bresolved by\b",
    re.IGNORECASE,
)
"""What a bot says when the incident, not one alert, is resolved."""
_AUTOMATIC = re.compile(r"\bauto[- ]?resolved\b|\bautomatically\b|\b(?:by|after|on) (?:a )?time-?out\b", re.IGNORECASE)
"""A resolution no one declared (a paging tool closing its own incident when the alert clears or a
timer runs out): it says one alert went quiet, whatever the tool calls its record."""
_QUOTED = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
"""Words in quotes are someone else's (a status page's text, a customer's ticket): a step they name
is what was told or asked, not a step the speaker took."""
_EVIDENCE = re.compile(
    r"^\W*(?:(?:ok|so|hm+|fwiw)\W+)?(?:\S+ )?(?:logs?|traces?|metrics|graphs?|dashboards?|profiles?|flame ?graphs?|"
    r"pcaps?|tcpdump|query plans?)\b[^.?\n]{0,12}?\b(?:show|shows|showing|say|says|point|points)\b|"
    r"\b(?:jump|spik|climb|start|began|begin|drop)\w* (?:\S+ ){0,2}(?:exactly|right|precisely) (?:at|with|after)\b|"
    r"\bonly (?:\S+ ){1,2}(?:is|are) (?:affected|impacted|failing|broken)\b",
    re.IGNORECASE,
)
"""What the evidence shows, in its general shapes: logs, traces or graphs "show" something, a change timed
exactly at a moment, the impact narrowed to one part ("only X is affected")."""
_CAUSE_LABEL = re.compile(r"^\W*(?:root[- ]?)?cause\s*[:\-—=]", re.IGNORECASE)
"""A message that opens by naming the cause: the words after it tell what broke, not a step taken."""
_CHECK_PASSED = re.compile(r"^\W*\[?(?:passed|passing|succeeded|success(?:ful)?|healthy|green)\b", re.IGNORECASE)
"""A monitoring tool's check reporting that it passes ("PASSED: login flow", "[Healthy] api")."""
_ROLLBACK = re.compile(r"\broll(?:ing|ed)?[ -]?back\b|\brollback\b|\brevert", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What one message says, as far as the rules can tell."""

    kind: MessageClass
    detect: bool = False
    """An alert, a page, a support ticket, a customer report or a person reporting a symptom."""
    ack: bool = False
    escalate: bool = False
    decision: bool = False
    mitigation: bool = False
    """A step that reduces impact (taken, under way or ordered; not merely proposed)."""
    recovered: bool = False
    """Impact stopped (a state such as "back to baseline", never a trend such as "dropping")."""
    regression: bool = False
    status: IncidentStatus | None = None
    """A status declared by a person or a status/incident bot (drafts and questions declare nothing)."""
    draft: bool = False
    command: bool = False
    """Someone takes or hands over command, or declares the severity."""
    comms: bool = False
    """Customers or stakeholders were told (a status page or update posted)."""
    alert_recovered: bool = False
    finding: bool = False
    """A person reporting what logs, consoles or graphs show: a diagnosis moment."""
    cause_found: bool = False
    """A person saying the cause is found ("found it", "i think that's it"): the incident is identified."""
    shipped: bool = False
    """A change went out to users: a deploy bot's post about production, or a person saying it shipped."""


def _sentence_at(text: str, at: int) -> tuple[str, int]:
    for match in _SENTENCE.finditer(text):
        if match.start() <= at < match.end():
            return match.group(0), match.start()
    return text, 0


def _stated(text: str, match: re.Match[str]) -> bool:
    """The match is stated as fact: its sentence is not a question and nothing before it in the
    sentence makes it a plan, a condition or a denial."""
    sentence, start = _sentence_at(text, match.start())
    if sentence.rstrip().endswith("?"):
        return False
    before = sentence[: match.start() - start]
    return not _NOT_STATED.search(" ".join(before.split()[-5:]))


def _about_their_incident(text: str, match: re.Match[str]) -> bool:
    sentence, start = _sentence_at(text, match.start())
    return bool(lx.THEIR_STATUS.search(sentence[: match.start() - start]))


def _first_stated(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if _stated(text, m)), None)


def _first_step(text: str) -> re.Match[str] | None:
    """The first mitigation verb stated as a step taken: not part of a compound adjective ("a
    just-rotated token") nor a noun after a preposition ("an issue on restart")."""
    for match in lx.MITIGATION_ACTION.finditer(text):
        if match.start() > 0 and text[match.start() - 1] == "-":
            continue
        if lx.STEP_AS_NOUN.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        if _stated(text, match):
            return match
    return None


def declared_status(message: Message) -> IncidentStatus | None:
    """The status a message declares, or None (drafts, questions, plans and denials declare nothing).

    "Monitoring — we are seeing signs of recovery" or "restored in two regions, we continue to …"
    is progress, not mitigation: a declared mitigation that carries a trend or a remainder counts
    as the status it was before.
    """
    status, sentence = _declared(message)
    if status == "mitigated" and lx.TREND.search(sentence if not message.is_bot else message.text):
        # A person's "status: mitigated. a few regions remaining" declares it; a bot's "Monitoring —
        # we are seeing signs of recovery" reports progress.
        return None
    if status == "mitigated" and message.is_bot and lx.IMPACT_ONGOING.search(message.text):
        return None  # "Monitoring — … delivery is catching up on the backlog": the fix is in, the impact is not over
    return status


_POST_TITLE = re.compile(
    r"^\W*\[\s*(?P<word>investigating|identified|monitoring|mitigated|resolved)\s*\]", re.IGNORECASE
)
"""A status post that opens with its phase in brackets ("[Identified] Platform slowness - …")."""


def _emoji_as_dash(match: re.Match[str]) -> str:
    """A dash for an emoji, unless it follows a fix word and a new problem follows it: "monitoring 📈
    dashboard is broken too" is about the monitoring dashboard, not "monitoring — …"."""
    text = match.string
    if lx.AFTER_A_FIX_WORD.search(text, 0, match.start()) and lx.NEW_PROBLEM_AFTER_EMOJI.match(text, match.end()):
        return " "
    return " — "


def _declared(message: Message) -> tuple[IncidentStatus | None, str]:
    """The strongest status a message declares and the sentence that declares it."""
    text = message.text
    if not message.is_bot and lx.DRAFT.search(text):
        return None, text
    if lx.EMOJI.search(text):
        text = lx.EMOJI.sub(_emoji_as_dash, text)  # "resolved 🎉 closing": the emoji stands where a dash would
    if not message.is_bot and lx.EMPHASIS.search(text):
        text = lx.EMPHASIS.sub("", text)  # a person's "*resolved*, closing" is "resolved, closing"
    if message.is_bot and (title := _POST_TITLE.match(text)) is not None:
        # "[Identified] … we are monitoring system performance closely": the post's own label is its
        # status; the body's words about watching the graphs are not a second, stronger one.
        return _STATUS_OF.get(title.group("word").lower()), text
    best: IncidentStatus | None = None
    where = text
    order = ("investigating", "identified", "mitigated", "resolved")
    for pattern in (*lx.STATUS_DECLARATIONS, *lx.STATUS_DECLARATIONS_INLINE, *lx.STATUS_DECLARATIONS_TITLED):
        for match in pattern.finditer(text):
            word = match.group("word").lower()
            status = _STATUS_OF.get(word)
            if status is None or not _stated(text, match) or _LATER_CONDITION.match(text[match.end("word") :]):
                continue  # "closing the sev once it's confirmed": a plan with its condition after it
            if not message.is_bot and _about_their_incident(text, match):
                continue  # "their incident is marked resolved": the provider's phase, not ours
            if word == "over" and not re.search(r"\bincident\b", match.group(0), re.I):
                continue
            if best is None or order.index(status) > order.index(best):
                best = status
                where = _sentence_at(text, match.end() - 1)[0]
    if best is None and message.is_bot and status_tool(message.author, None):
        # By the name only: a status word anywhere near the top of a post ("… we are still investigating
        # the dashboard") declares nothing by itself; a page known only by its kind declares by its shape.
        word = lx.STATUS_WORD.search(text[:120])
        if word is not None:
            best = _STATUS_OF.get(word.group("word").lower())
    return best, where


def _in_a_statement(pattern: re.Pattern[str], text: str, *, stated: bool = False) -> bool:
    """``pattern`` matches in a sentence that is not a question ("I'm IC. … is it?" names the IC); with
    ``stated``, nor after a condition or a plan ("before we call it", "until we decide")."""
    for match in pattern.finditer(text):
        sentence, _ = _sentence_at(text, match.start())
        if sentence.rstrip().endswith("?") or _PROPOSAL.search(sentence):
            continue
        if not stated or _stated(text, match):
            return True
    return False


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(_PROPOSAL.search(text))


@lru_cache(maxsize=16384)
def _read_text(text: str, is_bot: bool, author: str, quiet: bool, kind: BotKind | None = None) -> Reading:
    if quiet:
        return Reading(kind="chatter")
    message = Message(channel="", ts="0", text=text, is_bot=is_bot, user_name=author, bot_kind=kind)
    status = declared_status(message)
    if is_bot:
        return _read_bot(text, author, kind, status)
    return _read_human(text, status)


def _read_bot(text: str, author: str, kind: BotKind | None, status: IncidentStatus | None) -> Reading:
    status_bot = status_tool(author, kind)
    incident_level = (bool(_INCIDENT_LEVEL.search(text)) or status_bot) and not _AUTOMATIC.search(text)
    automatic = status == "resolved" and bool(_AUTOMATIC.search(text))
    monitor_resolved = status == "resolved" and monitor_tool(author, kind)  # "Resolved: api-5xx — 1.2%"
    if (automatic or monitor_resolved or lx.ALERT_RECOVERED.search(text)) and not (
        status == "resolved" and incident_level
    ):
        # One alert or check going back to normal: about that alert, not the incident.
        return Reading(kind="alert", alert_recovered=True)
    public = public_page(author, kind)
    if (public or status_bot or lx.STATUS_PAGE.search(text)) and lx.NOT_PUBLISHED.search(text):
        # A maintenance scheduled ahead, a draft saved, a reminder that an update is due: nobody was told yet.
        return Reading(kind="chatter", draft=bool(lx.DRAFT.search(text)))
    if status == "resolved":
        # A public status page's "[Resolved] …" is what customers saw as well as the resolution.
        return Reading(kind="resolve", status=status, comms=bool(lx.STATUS_PAGE.search(text + " " + author) or public))
    titled = any(p.search(text) for p in lx.STATUS_DECLARATIONS_TITLED)
    if status is not None and (
        status_bot or _LEADING_STATUS.search(text) or titled or lx.STATUS_TRANSITION.search(text)
    ):
        # A status-page or incident bot's post ("Identified — …", "[Monitoring] …"); its name may be
        # redacted, so the post's own shape is enough.
        return Reading(kind="comms", status=status, comms=True)
    if public_page(author, None):
        # By the name only: every post of a page known only by its kind would be one more "comms"
        # moment, which the timeline folds as a repeat; its declared phases are read above.
        return Reading(kind="comms", status=status, comms=True)  # what customers saw
    if (lx.SEVERITY_RAISED.search(text) or lx.SEVERITY_RAISED_MORE.search(text)) and not lx.ALERT_RECOVERED.search(
        text
    ):
        # A paging or incident tool raising the severity or pulling in the next level of responders.
        return Reading(kind="alert", escalate=True)
    if lx.ROLE_ASSIGNED.search(text):
        return Reading(kind="alert", escalate=True, command=True)  # an incident tool recording who commands
    if lx.ACK.search(text):
        return Reading(kind="alert", ack=True)
    if lx.ALERT.search(text) or lx.PAGE.search(text) or lx.ALERT_MORE.search(text):
        return Reading(kind="alert", detect=True)
    if ticket_tool(author, kind) or lx.TICKET.search(text) or lx.ISSUE_REPORTED.search(text):
        return Reading(kind="alert", detect=True)
    if lx.CUSTOMER_REPORT.search(text) and not lx.DRAFT.search(text):
        return Reading(kind="alert", detect=True)  # a relay of what users say ("#help: 3 users report …")
    if STEP_FAILED.search(text):
        return Reading(kind="deploy" if lx.DEPLOY.search(text) else "chatter")  # a step tried and failed
    if lx.DEPLOY.search(text) or lx.DEPLOY_MORE.search(text) or lx.DEPLOYED_BOT.search(text):
        rollback = bool(_ROLLBACK.search(text))
        elsewhere = bool(lx.NON_PRODUCTION.search(text)) and not lx.PRODUCTION.search(text)
        if not rollback and (elsewhere or lx.DEPLOY_FAILED.search(text)):
            return Reading(kind="chatter")  # a build on staging or a deploy that failed: nothing reached users
        return Reading(kind="mitigate" if rollback else "deploy", mitigation=rollback, shipped=not rollback)
    if monitor_tool(author, kind) and not lx.ESCALATE.search(text):
        if _CHECK_PASSED.search(text):
            return Reading(kind="alert", alert_recovered=True)  # one check passing again, not a new alert
        return Reading(kind="alert", detect=True)  # a monitoring tool's post, however its text is laid out
    if lx.MITIGATION_ACTION.search(text) and not lx.MITIGATION_NOT_ACTION.search(text):
        # An ops bot reporting a step ("… reverted", "app stopped on all hosts", "override applied").
        return Reading(kind="mitigate", mitigation=True)
    if lx.STATUS_PAGE.search(text + " " + author) or lx.COMMS.search(text):
        return Reading(kind="comms", status=status, comms=True)
    return Reading(kind="chatter")


def _only_backlog(text: str) -> bool:
    """The only step named is a backlog draining by itself ("queue ~60% drained")."""
    drains = lx.BACKLOG_DRAINING.search(text)
    if drains is None:
        return False
    rest = text[: drains.start()] + text[drains.end() :]
    return _first_step(rest) is None


def _done_after_step(text: str) -> bool:
    """A step's noun first and its done word right after it in the same clause ("rate limit on /search
    applied"): a report, though it opens like an order. An aside ("(done today …)") does not count."""
    asked = lx.STEP_ASKED.search(text)
    if asked is None:
        return False
    after = re.split(r"[(\[.;:!?\n]", text[asked.end() : asked.end() + 40], maxsplit=1)[0]
    return lx.STEP_DONE.search(after) is not None


def _read_human(text: str, status: IncidentStatus | None) -> Reading:
    return _HumanText(text, status).reading()


_NOT_SET: Any = object()


class _HumanText:
    """A person's message read signal by signal, each worked out when first asked for.

    ``reading()`` asks for all of them (``read``); the lifecycle asks only for what can still move
    one of its times (``signals``): once an incident is detected, acknowledged and identified, most
    of the rules (dozens of regular expressions per message) need not run for it at all.
    """

    def __init__(self, text: str, status: IncidentStatus | None = _NOT_SET) -> None:
        self.text = text
        if status is not _NOT_SET:
            self.__dict__["declared"] = status
        self.alert_recovered = False

    @cached_property
    def declared(self) -> IncidentStatus | None:
        return declared_status(Message(channel="", ts="0", text=self.text, user_name=""))

    @cached_property
    def status(self) -> IncidentStatus | None:
        """The declared status; a list for after the incident (a recap, notes for the review) declares only a
        resolution, as the full reading says, so "- 08:43: cause known" in a recap sets no phase."""
        declared = self.declared
        return declared if declared == "resolved" or not self.listed else None

    @cached_property
    def listed(self) -> bool:
        """A list for after the incident (action items, notes for the review): future work, not steps now."""
        text = self.text
        return bool(
            lx.NO_HYPOTHESIS_PREFIX.search(text)
            or (lx.LIST_HEADING.search(text) and (len(_LIST_LINE.findall(text)) >= 1 or "\n" in text))
        )

    @cached_property
    def draft(self) -> bool:
        text = self.text
        return (
            not self.listed
            and bool(lx.DRAFT.search(text))
            and bool(
                _DRAFT_LABEL.search(text)
                or lx.STATUS_PAGE.search(text)
                or lx.COMMS.search(text)
                or re.search(r"[\"“>]", text)
            )
        )

    @cached_property
    def cause_found(self) -> bool:
        return not self.listed and _in_a_statement(lx.CAUSE_FOUND, self.text)

    @cached_property
    def _labelled(self) -> bool:
        return bool(_DECISION_LABEL.search(self.text) or lx.DECISION_OPENER.search(self.text))

    @cached_property
    def mitigation(self) -> bool:
        text = self.text
        if self.listed or self.cause_found or _first_step(_QUOTED.sub(" ", text)) is None:
            return False
        if lx.CAUSE_RECAP.search(text) or _CAUSE_LABEL.search(text):
            return False  # "to be clear: … our failover never noticed": a step named in a recap was not taken now
        plan = bool(_PLAN.search(text)) and len(_LIST_LINE.findall(text)) >= 2
        return (
            not self.draft
            and not plan
            and not lx.MITIGATION_NOT_ACTION.search(text)
            and not _PROPOSAL.search(text)
            and not lx.STEP_TALK.search(text)
            and not lx.REGRESSION.search(text)
            and not lx.STEP_SYMPTOM.search(text)
            and not STEP_FAILED.search(text)
            and not lx.STEP_DESCRIBED.search(text)
            and not (lx.STEP_ASKED.search(text) and not self._labelled and not _done_after_step(text))
            and not _only_backlog(text)
        )

    @cached_property
    def recovered(self) -> bool:
        text = self.text
        return (
            not self.listed
            and not self.draft
            and any(
                _first_stated(p, text) is not None
                for p in (lx.RECOVERED, lx.RECOVERED_MORE, lx.RECOVERED_SHAPES, RECOVERY_FIGURE)
            )
            and not lx.TREND.search(text)
            and not lx.NOT_RECOVERED.search(text)
        )

    @cached_property
    def regression(self) -> bool:
        return not self.listed and not self.draft and bool(lx.REGRESSION.search(self.text)) and not self.recovered

    @cached_property
    def decision(self) -> bool:
        return (
            not self.listed
            and not self.draft
            and (
                _in_a_statement(lx.DECISION, self.text, stated=True)
                or self._labelled
                or bool(lx.ORDER.search(self.text))
            )
        )

    @cached_property
    def _symptom(self) -> bool:
        text = self.text
        ticket = bool(lx.TICKET.search(text)) and not lx.VENDOR_CASE.search(text)  # our case with a vendor
        return bool(
            lx.PAGE.search(text) or ticket or lx.CUSTOMER_REPORT.search(text) or lx.CUSTOMER_RELAY.search(text)
        ) or (bool(lx.HUMAN_DETECT.search(text) or lx.SYMPTOM_MORE.search(text)) and not lx.NOT_A_SYMPTOM.search(text))

    @cached_property
    def detect(self) -> bool:
        text = self.text
        return not self.listed and self._symptom and not _PROPOSAL.search(text) and not lx.ASKED_FIRST.search(text)

    @cached_property
    def ack(self) -> bool:
        return not self.listed and bool(lx.ACK.search(self.text))

    @cached_property
    def escalate(self) -> bool:
        text = self.text
        if self.listed or self.draft:
            return False  # a draft of customer text ("our teams are engaged") pulls nobody in
        if lx.GROUP_MENTION.search(text):
            return True  # a team's or rota's handle called into the channel, asked or told
        if _is_question(text):
            return False
        if lx.ESCALATE.search(text):
            return True
        return _in_a_statement(lx.ESCALATE_MORE, text, stated=True) and not any(
            lx.CONDITION.search(_sentence_at(text, m.start())[0]) for m in lx.ESCALATE_MORE.finditer(text)
        )

    @cached_property
    def command(self) -> bool:
        text = self.text
        if self.listed or lx.WH_QUESTION.search(text):
            return False  # "who is IC right now" asks
        for pattern in (lx.COMMAND, lx.COMMAND_MORE):
            for match in pattern.finditer(text):
                sentence, _ = _sentence_at(text, match.start())
                if sentence.rstrip().endswith("?") or _PROPOSAL.search(sentence) or lx.CONDITION.search(sentence):
                    continue  # a question, a proposal, or command taken only on a condition
                return True
        return False

    @cached_property
    def shipped(self) -> bool:
        """A change said to have gone out, past tense and with where it went."""
        text = self.text
        return not self.listed and not _is_question(text) and _first_stated(lx.SHIPPED, text) is not None

    @cached_property
    def finding(self) -> bool:
        text = self.text
        return (
            not self.listed
            and not text.rstrip().endswith("?")  # "wait, but the prober says it's fine??" asks, it does not report
            and bool(lx.FINDING_REPORT.search(text) or _EVIDENCE.search(text) or lx.FINDING_TURN.search(text))
            and not lx.LIST_HEADING.search(text)
        )

    @cached_property
    def announced(self) -> bool:
        """A person saying an announcement went out (a post is live, mails are going out)."""
        text = self.text
        return (
            not self.draft
            and not _is_question(text)
            and (_first_stated(lx.ANNOUNCED, text) or _first_stated(lx.ANNOUNCED_MORE, text)) is not None
        )

    @cached_property
    def comms(self) -> bool:
        text = self.text
        if self.listed:
            return False
        posted = self.announced or (
            not self.draft
            and bool(lx.STATUS_PAGE.search(text) or lx.COMMS.search(text))
            and bool(lx.COMMS_POSTED.search(text))
        )
        return posted or (self.status is not None and lx.STATUS_PAGE.search(text) is not None)

    def reading(self) -> Reading:
        """Every signal, and the message's kind."""
        status = self.status
        if self.listed:
            return Reading(kind="chatter", status=status)  # a list declares only a resolution (``status``)
        text = self.text
        kind: MessageClass
        if status == "resolved":
            kind = "resolve"
        elif status is not None or self.draft:
            kind = "comms"
        elif self.mitigation or self.recovered:
            kind = "mitigate"
        elif lx.PAGE.search(text) or lx.TICKET.search(text) or lx.CUSTOMER_REPORT.search(text):
            kind = "alert"
        elif lx.DEPLOY.search(text):
            kind = "deploy"
        elif lx.COMMS.search(text) or self.announced:
            kind = "comms"
        elif (
            lx.DIAGNOSE.search(text)
            or lx.HYPOTHESIS_CUE.search(text)
            or lx.CAUSE_STATEMENT.search(text)
            or lx.REFUTE_CUE.search(text)
            or self._symptom
        ):
            kind = "diagnose"
        else:
            kind = "chatter"
        return Reading(
            kind=kind,
            detect=self.detect,
            ack=self.ack,
            escalate=self.escalate,
            decision=self.decision,
            mitigation=self.mitigation,
            recovered=self.recovered,
            regression=self.regression,
            status=status,
            draft=self.draft,
            command=self.command,
            comms=self.comms,
            finding=self.finding,
            cause_found=self.cause_found,
            shipped=self.shipped,
        )


class Signals(Protocol):
    """What the lifecycle asks of a message: ``Reading``'s signals (a ``Reading``, or read lazily)."""

    @property
    def detect(self) -> bool: ...
    @property
    def ack(self) -> bool: ...
    @property
    def decision(self) -> bool: ...
    @property
    def mitigation(self) -> bool: ...
    @property
    def recovered(self) -> bool: ...
    @property
    def regression(self) -> bool: ...
    @property
    def status(self) -> IncidentStatus | None: ...
    @property
    def command(self) -> bool: ...
    @property
    def alert_recovered(self) -> bool: ...
    @property
    def cause_found(self) -> bool: ...


def signals(message: Message) -> Signals:
    """``read(message)``, but for a person's message each signal is worked out only when asked for.

    The ingest worker folds every new message into the lifecycle, which needs few signals once the
    incident is under way; the rest (the kind, what the timeline and board need) is read where it
    is used. A message already read (``read``'s cache) is not read again.
    """
    if message.is_bot or message.subtype in _QUIET_SUBTYPES:
        return read(message)
    return _human_text(message.text)


@lru_cache(maxsize=16384)
def _human_text(text: str) -> _HumanText:
    """One lazy reading per text, so a transcript folded again (``derive``) reuses what was read."""
    return _HumanText(text)


def read(message: Message) -> Reading:
    """Everything the rules read from one message (cached by text, and for a bot by its name and kind:
    a person's words read the same whoever says them, so a line repeated by several responders is
    read once)."""
    quiet = message.subtype in _QUIET_SUBTYPES
    if not message.is_bot:
        return _read_text(message.text, False, "", quiet, None)
    return _read_text(message.text, True, message.author, quiet, message.bot_kind)


def classify(message: Message) -> MessageClass:
    """Classify one message; rules are ordered from most to least decisive.

    A declared resolution beats a mitigation ("rolled back, closing the incident" is a resolution);
    a declared status or a draft of status text is communication, whatever actions it names; a bot
    post that reads like an alert is an alert even when it mentions a deploy.
    """
    return read(message).kind


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
