"""Evidence about recovery read from one message: what declares the impact stopped, what takes that back.

Mitigation is customer impact stopped or greatly reduced. A person states it in a sentence of its own
(a trend or a remainder in another sentence does not take it back), for most of what was hit with the
rest named, as an error share under a small bound or a failover done, or declares a status. A recovery
foretold, a part recovering, a trend, a question, a draft or status text pasted for review is not. A
relapse is impact stated as back, a person's own "status: investigating" or an incident tool moving
the status back; a public status post that lags the channel is the page catching up, not a relapse.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from bot.analysis import lexicon as lx
from bot.analysis import times
from bot.analysis.classify import Signals, declared_status
from bot.domain import IncidentStatus, Message

_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
"""A sentence; a stop inside a token ("0.1%", "v2.3") does not end it."""
_NOT_A_STATE = re.compile(
    r"\b(?:if|once|when|until|unless|should|could|might|may|will|'ll|hope|hopefully|expect\w*|not|n't|no|never|"
    r"need|needs|want|wait\w*|before|whether)\b|n't\b",
    re.IGNORECASE,
)
"""Words that make a sentence a plan, a wish, a condition or a denial rather than a state."""
_ON_CONDITION = re.compile(r"\s*(?:once|when|if|after|as long as|until|provided)\b", re.IGNORECASE)
"""A condition right after the recovery words ("fine once they reload"): no state of the service."""
_CHECK_TO_RUN = re.compile(
    r"\b(?:verify|make sure|ensure|double-check|check (?:that|if|whether))\b|\bcheck (?:the |that )?$",
    re.IGNORECASE,
)
"""A check still to run ("2) verify every pool is back on the old rule", "check the alias is back before moving
on"): a step of a plan, not a state."""
_A_PAGE_SAYS = re.compile(
    r"\b(?:their|its|his|her|[a-z0-9-]+['’]s|aws|gcp|azure|vendor|provider|upstream|partner)\s+status ?page\b"
    r"|\b(?:status ?page|page) (?:says|said|saying|shows|showing|reads|claims)\b",
    re.I,
)
"""Someone else's status page, or what a page claims, as the subject of the recovery words ("their status page is
all green", "customers link the page saying 'all systems operational'"): no one here seeing impact end. A page
someone here updated ("status page updated, all operational") is the team's word; the page's own posts are read
as declarations."""


def _said_by_a_page_or_to_check(head: str) -> bool:
    """The words before a recovery make it a page's claim or a check still to run (:data:`_A_PAGE_SAYS`,
    :data:`_CHECK_TO_RUN`)."""
    return bool(_A_PAGE_SAYS.search(head) or _CHECK_TO_RUN.search(head))


_RECOVERY = (lx.RECOVERED, lx.RECOVERED_MORE, lx.RECOVERED_SHAPES, lx.RECOVERED_FIGURES, lx.CONTAINED)
_RULES_OUT = re.compile(
    r"\bso (?:it'?s |it is |that'?s )?not\b|\brul(?:e|es|ed|ing) (?:\S+ )?out\b|\b(?:isn'?t|is not|wasn'?t|was not) "
    r"(?:it|the (?:cause|problem|issue|culprit))\b|\bnot (?:the (?:cause|problem|issue|culprit)|it)\b",
    re.IGNORECASE,
)
"""A part reported healthy to rule it out ("ingress flowing normally, so not the LB"): a diagnosis, not recovery."""
_BUT_NOT = re.compile(
    r"\bbut (?:\S+ )?(?:no|not|still|nothing|none)\b|\bbut (?:\S+ ){0,3}(?:is|are) (?:still )?"
    r"(?:down|broken|failing|missing|empty)\b",
    re.IGNORECASE,
)
"""A recovery with what is still not working after it ("the attachment is back but no routes"): a part."""
_IMPACT_OVER = re.compile(
    r"\b(?:(?:customer|user)[- ])?(?:impact|outage)(?: itself)? (?:is |was |has )?(?:over|ended|stopped)\b"
    r"(?! (?:for|in|on) )",
    re.IGNORECASE,
)
"""The impact itself declared over ("customer impact over, the old provider still down"): what is still down
beside it is something the team moved away from, not the impact."""
_PROVISIONAL = re.compile(
    r"\b(?:for|pending|awaiting|until) (?:\w+ )?(?:validation|verification|sign-?off|acceptance)\b"
    r"|\b(?:only )?on (?:the )?(?:\w+ )?(?:admin|test|staging|canary) (?:nodes?|hosts?|boxes|machines|env\w*)\b",
    re.IGNORECASE,
)
"""The recovery is handed to a check before users get it ("recovery complete, mounted on the admin nodes for
validation"): a step toward mitigation, not impact ended."""
_SUBJECT_IT = re.compile(r"^it(?:'s|’s| is| was| has| came| keeps| started| seems)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[str, ...]:
    """Split once per message: the lifecycle asks up to four readings of the same text in a row."""
    return tuple(s for s in _SENTENCE.findall(text) if s.strip())


_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]|^\s*>.*$", re.MULTILINE)
"""Someone else's words: a quoted text or a Slack block quote."""
_REVIEW = re.compile(
    r"\b(?:ok|okay|good|fine|lgtm)\b[^\n]{0,20}\?|\b(?:pls|please|plz|can you|could you) (?:\w+ )?(?:check|review|look|"
    r"confirm|approve|ok)\b|\btell me if\b|\bthoughts\s*\?|\b(?:edits|objections|changes|comments) welcome\b|"
    r"\bbefore (?:i|we) (?:post|publish|send|push)\b|\bnot (?:yet )?(?:posted|published|live|sent|public)\b|"
    r"\bholding\b|\b(?:i'?d|we'?d|i would|we would|i'?ll|we'?ll|going to|about to) (?:post|publish|send|push)\b|"
    r"\bunless (?:someone|anyone|you) object",
    re.IGNORECASE,
)
"""A request for review or a hold around a pasted text: "good to send?", "can you review", "before we push it",
"not live yet", "hold this until …", "we'd publish this"."""


def for_review(message: Message) -> bool:
    """A person pasting status text for review (a quote and a request to check it, or a hold): what it
    says is a proposal, whatever status or recovery its words state, with or without the word "draft"."""
    return not message.is_bot and _pasted_for_review(message.text)


def _proposed(message: Message) -> bool:
    """A draft or text pasted for review: a proposal, whose stated times say nothing about the incident."""
    return bool(lx.DRAFT.search(message.text)) or for_review(message)


@lru_cache(maxsize=4096)
def _pasted_for_review(text: str) -> bool:
    outside = _QUOTE.sub(" ", text)
    return outside != text and _REVIEW.search(outside) is not None


@lru_cache(maxsize=4096)
def stated_now(text: str) -> bool:
    """Some sentence reads as recovery of the whole without foretelling it ("p99 normal again in ten
    minutes or so" is a forecast, "some regions are back" a part, "back to baseline" a state).
    Only asked once recovery was read. The same step still going on the rest ("running the rest")
    makes what is back a part."""
    if lx.REMAINDER_UNDERWAY.search(text) or _PROVISIONAL.search(text):
        return False
    found = False
    for sentence in _sentences(text):
        matches = [m for p in _RECOVERY if (m := p.search(sentence)) is not None]
        if matches:
            found = True
            heads = [m.start() for m in matches if not _REPLACED.search(sentence[: m.start()])]
            if not heads:
                continue  # "now that the old code is back": the version a rollback restored, not impact ended
            at = min(heads)
            if (
                not lx.FORECAST.search(sentence)
                and not _RULES_OUT.search(sentence)
                and not _BUT_NOT.search(sentence, at)
                and not _only_a_part(sentence, at)
                and not _said_by_a_page_or_to_check(sentence[:at])
            ):
                return True
    # The reading found recovery words these patterns do not ("lag fine"): still not a state when the
    # message rules something out with them ("replica lag fine, so it's not replication") or a page says them.
    return not found and not _RULES_OUT.search(text) and not _A_PAGE_SAYS.search(text)


def _only_a_part(sentence: str, at: int) -> bool:
    """The recovery's subject is a part ("some regions are back", "half the fleet recovered", "batch 1:
    errors back to baseline"), or it is limited after the fact ("… for the customers who reported it")."""
    return (
        lx.SUBSET.search(sentence[:at]) is not None
        or lx.SUBSET.match(sentence[at:]) is not None
        or lx.SOME_OF_THEM.search(sentence, at) is not None
    )


def ended_at(message: Message, status: IncidentStatus | None) -> datetime | None:
    """The moment impact stopped when the person reporting the recovery states it ("errors gone since
    14:10" said at 14:30 is not this; "invoices back to normal at 14:10" is), read from the sentence
    that reports it; a resolution's summary of the impact window is not read this way."""
    if message.is_bot or status == "resolved":
        return None
    sentence = recovery_sentence(message)
    return times.stated_end(sentence, message.time) if sentence is not None else None


def backdated(message: Message) -> datetime | None:
    """An earlier moment a recap states impact stopped at ("connectivity was restored at 18:48 UTC",
    "sending has been healthy since 09:16"), from a person or a status post, in any phase.

    A recap is written after the fact, so its clock time is more precise than the message that
    first read the recovery. Not a question, a forecast, a plan or denial, a draft or text for review.
    """
    if _proposed(message) or lx.DID_NOT_HELP.search(message.text):
        return None  # also "every host back on 4.1 as of 16:50. graphs unchanged": a step that did not help
    return _backdated(message.text, message.time)


def impact_over_at(message: Message, status: IncidentStatus | None) -> datetime | None:
    """The moment a person declares the impact itself over at ("customer impact over as of 19:50", "calling
    customer impact over at 10:20", "state: impact over since 10:20"). Without a stated moment, "impact over"
    is read like any recovery (the first one sets the time). Not in a question, a condition, a forecast or a
    draft, nor in the message that resolves the incident (its recap looks back; a stated time there is read
    by :func:`backdated`)."""
    if message.is_bot or status == "resolved" or _proposed(message):
        return None
    for sentence in _sentences(message.text):
        found = _IMPACT_OVER.search(sentence)
        if found is None or sentence.rstrip().endswith("?") or lx.FORECAST.search(sentence):
            continue
        if _NOT_A_STATE.search(sentence[: found.start()]):
            continue
        return times.stated_moment(sentence[found.end() :], message.time)
    return None


def impact_window_end(message: Message) -> datetime | None:
    """When impact stopped, as a recap's stated impact window gives it ("resolving. impact 14:44–19:15
    utc"): a person's or a status post's, not a draft, text for review or a question."""
    if _proposed(message):
        return None
    return times.stated_impact_end(message.text, message.time)


@lru_cache(maxsize=4096)
def _backdated(text: str, said_at: datetime) -> datetime | None:
    for sentence in _sentences(text):
        if sentence.rstrip().endswith("?") or lx.FORECAST.search(sentence) or _NOT_A_STATE.search(sentence):
            continue
        if times.STATED_RECOVERED_AT.search(sentence) is None and not any(p.search(sentence) for p in _RECOVERY):
            continue
        when = times.stated_recovery(sentence, said_at)
        if when is not None:
            return when
    return None


def recovery_sentence(message: Message) -> str | None:
    """A person stating recovery in a sentence of its own, whatever the other sentences say ("renders
    work again. the retry queue is still busy"): a trend or a remainder in another sentence
    does not take back the state, a trend in the same sentence does."""
    return None if message.is_bot else _recovery_sentence(message.text)


@lru_cache(maxsize=4096)
def _recovery_sentence(text: str) -> str | None:
    """``recovery_sentence`` of a person's text, read once per text like ``classify.signals`` (channels
    repeat short lines, and ``lifecycle.derive`` folds a whole transcript again after an edit)."""
    # Asked of every message until mitigation is read: the recovery patterns go first, as most
    # sentences state none, and the exclusions (all pure tests) run only on a sentence that does.
    for sentence in _sentences(text):
        found = [
            m.start()
            for p in _RECOVERY
            if (m := p.search(sentence)) is not None and not _REPLACED.search(sentence[: m.start()])
        ]
        if not found:
            continue
        if sentence.rstrip().endswith("?") or lx.TREND.search(sentence) or lx.FORECAST.search(sentence):
            continue
        if _RULES_OUT.search(sentence) or _BUT_NOT.search(sentence, min(found)):
            continue
        if _said_by_a_page_or_to_check(sentence[: min(found)]):
            continue
        if any(not _NOT_A_STATE.search(sentence[:at]) and not _only_a_part(sentence, at) for at in found):
            if (
                lx.DRAFT.search(text)
                or lx.LIST_HEADING.search(text)
                or (lx.NOT_RECOVERED.search(text) and not _IMPACT_OVER.search(text))
                or lx.REMAINDER_UNDERWAY.search(text)
                or _PROVISIONAL.search(text)
            ):
                return None
            return sentence
    return None


def mostly_recovered(message: Message) -> bool:
    """A person stating recovery for most of what was hit, with the remainder named ("most shards
    back, two stragglers still rebuilding"): impact greatly reduced. Not a trend, a part, a question,
    a plan or a draft."""
    return not message.is_bot and _mostly_recovered(message.text)


_PROPOSED = re.compile(r"\b(?:could|should|can|shall) we\b[^?\n]*\?|\bwhat if we\b|\bhow about\b", re.IGNORECASE)
"""A step proposed ("could we replace the nodes and stream from the replicas? that gets most of it back"): what
follows is the outcome hoped for, not a state."""


@lru_cache(maxsize=4096)
def _mostly_recovered(text: str) -> bool:
    if _PROPOSED.search(text):
        return False
    for sentence in _sentences(text):
        match = lx.MOSTLY_RECOVERED.search(sentence)
        if match is None or sentence.rstrip().endswith("?"):
            continue
        if lx.PARTIAL.search(sentence) or lx.FORECAST.search(sentence) or _RULES_OUT.search(sentence):
            continue
        if _NOT_A_STATE.search(sentence[: match.end()]) or _A_PAGE_SAYS.search(sentence[: match.start()]):
            continue
        if _ON_CONDITION.match(sentence, match.end()):
            continue  # "most people fine once they read the status page": fine under a condition
        # The whole-message exclusions are asked only of a message that states it (most do not).
        return not (lx.DRAFT.search(text) or lx.LIST_HEADING.search(text))
    return False


_NOT_NOW = re.compile(
    r"\b(?:when|once|if|until|unless|after|before|in case)\b[^.!?\n]{0,30}$|\b(?:told|tell|telling|tells)\b"
    r"(?: \S+){0,3} (?:that )?$",
    re.IGNORECASE,
)
"""Words before "it's back" that make it no report of impact returning: a condition ("so they don't all stampede
it when it's back") or a recovery being passed on ("told the callers it's back")."""
_IT_WELL = re.compile(
    r"\b(?:glad|great|nice|yay|phew|finally|thank\w*|confirm\w*|say|says|said|saying|repl(?:y|ied|ies)|"
    r"report(?:s|ed)?|wrote|fast|quick|working|works|back up|fine|ok|okay|normal|healthy|online|green|stable|"
    r"serving|loading|loads)\b|🎉|🙏|👏|:tada:|:pray:|!{2,}",
    re.IGNORECASE,
)
"""Words beside "it's back" / "it … again" that make "it" the service come back, not the fault: relief, a report
passed on, or a good state."""
_IT_UNWELL = re.compile(r"\bnot\b|n['’]t\b|\bno longer\b|\bstopped\b|\bbroken\b|\bfailing\b|\bdown\b|\bspik\w*", re.I)
"""A symptom beside the good-state word ("ugh it's back, confirmed: checkout down"): the fault returned after all."""
_LATER = re.compile(r"\b(?:tomorrow|tonight|later|next (?:week|day|hour)|will|'ll|going to)\b", re.IGNORECASE)


def _regression_stated(text: str) -> bool:
    """Impact returning stated as a fact: not asked ("are the 5xx back?"), not "it" as an
    object in a story ("the nightly batch tripped it again"), not under a condition ("when it's back"), not
    a recovery passed on to someone ("told them it's back") nor something promised for later ("their
    export is coming back tomorrow")."""
    for match in lx.REGRESSION.finditer(text):
        phrase = match.group(0)
        if phrase[:2].lower() == "it" and not _SUBJECT_IT.match(phrase):
            continue
        sentence = next((s for s in _sentences(text) if phrase in s), text)
        if phrase[:2].lower() == "it" and _IT_WELL.search(sentence) and not _IT_UNWELL.search(sentence):
            continue  # "glad it's back", "callers say it's back", "it's fast again": the service, not the fault
        if sentence.rstrip().endswith("?"):
            continue
        head = sentence[: max(sentence.find(phrase), 0)]
        if _NOT_NOW.search(head) or _LATER.search(sentence):
            continue
        if _REPLACED.search(head) or _THEIR_SIDE.search(sentence) or _THEY_HAVE_NOT.search(head):
            continue  # "the old provider is still down", "ci still down on github's side": not our impact
        return True
    return False


_THEIR_SIDE = re.compile(
    r"\bon (?:[a-z0-9.-]+['’]s|their|the (?:provider|vendor|upstream)['’]?s?) (?:side|end)\b", re.I
)
"""A failure placed with someone else ("actions still down on github's side"): their outage, not the impact
the team is working."""
_THEY_HAVE_NOT = re.compile(r"\b(?:" + lx.OTHER_PARTY + r"|they|their \w+)\W*$", re.IGNORECASE)
"""Someone else's fix not done yet ("provider hasn't fixed the custom domain path yet"): their repair pending, which
undoes no recovery the team worked around to."""
_REPLACED = re.compile(r"\b(?:old|previous|former|original|retired|decommissioned)\b(?:\W+\w+){0,3}\W*$", re.IGNORECASE)
"""The words before a "still down" name the thing the fix moved away from ("old provider", "the previous
primary", "former host"): its state is no longer the incident's impact."""


_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\S)[^\n]{3,120}?(?<=\S)'(?!\w)")
"""A phrase in single quotes ("macros now say 'we're investigating'"): someone else's words."""


def _declared_outside_quotes(message: Message) -> IncidentStatus | None:
    """The status a person declares in their own words, not inside a text they quote."""
    text = _SINGLE_QUOTED.sub(" ", _QUOTE.sub(" ", message.text))
    if text == message.text:
        return declared_status(message)
    return declared_status(message.model_copy(update={"text": text}))


def declared(message: Message, reading: Signals) -> IncidentStatus | None:
    """The status the message declares; an incident tool's status change ("state: Active →
    Mitigated") declares one whatever the tool is called. A monitor's alert moving "Open → Resolved"
    is that one alert recovering (the reading says so), not the incident's state: reading it as a
    declaration would resolve a live incident on one check passing again."""
    if reading.alert_recovered:
        return None
    if reading.status is None and message.is_bot and lx.STATUS_TRANSITION.search(message.text):
        return declared_status(message)
    return reading.status


_OUTAGE_POSTED = re.compile(r"^\W*(?:major|partial) outage\b", re.IGNORECASE)
"""A status post headed by the component state it sets: the page says the service is down now."""


def relapse(message: Message, reading: Signals, status: IncidentStatus | None) -> bool:
    """The mitigation did not hold: impact came back, or the incident is declared still being worked.

    A status post that is behind the channel ("We are investigating …" published after the team saw
    recovery) is the public page catching up, not a relapse: a post undoes a mitigation only when it
    also reports a symptom. No message that restates an earlier status next to a recovery ("cause
    identified, the patch is in place") undoes it. A person's own declaration ("status:
    investigating", "back to investigating"), an incident tool's status change ("Monitoring →
    Investigating") and a post headed by the outage it now shows ("Major outage — … are unavailable")
    do."""
    text = message.text
    over = not message.is_bot and _IMPACT_OVER.search(text) is not None
    if reading.regression and not message.is_bot and _regression_stated(text):
        return not over  # "impact over, cloudflare still down": over, whatever else is down
    if over:
        return False
    posted = _OUTAGE_POSTED.match(text) if message.is_bot else None
    if posted is not None and _symptom(text, posted.end()):
        return True  # the status page now shows the service down ("Major outage — … are unavailable")
    if status not in ("investigating", "identified"):
        return False
    if any(p.search(text) for p in _RECOVERY):
        return False  # "cause identified, the patch is in place": an earlier status restated with the recovery
    if lx.STATUS_TRANSITION.search(text):
        return True  # an incident tool's status moved back ("Monitoring → Investigating"): the team's own call
    published = (
        lx.STATUS_PAGE.search(text)
        or lx.ANNOUNCED.search(text)
        or (lx.COMMS.search(text) and lx.COMMS_POSTED.search(text))
    )
    if not (message.is_bot or published):
        # A person's own declaration, not one inside a status text or a macro they quote.
        return _declared_outside_quotes(message) in ("investigating", "identified")
    return bool(lx.REGRESSION.search(text)) or _symptom(text)


def _symptom(text: str, start: int = 0) -> bool:
    """``text`` from ``start`` on reports a symptom (past a post's own "Major outage" header)."""
    return bool(lx.VISIBLE_SYMPTOM.search(text, start) or lx.SYMPTOM.search(text, start))
