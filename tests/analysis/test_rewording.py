"""Rewording a message (case, trailing punctuation, list markers, filler) does not change what the
rules read from it: a stated start, a severity setting, an action list and its owners, a theory put
as a why- or yes/no question, a cause stated in a summary, beside an exoneration or as a cause and its
effect, a concluded failure with its consequence, an announcement that went out to customers, a metric
read as normal against a theory, a step reported noun-first, a decision not to act, a step ordered for
now, what the evidence shows, a severity raised by an incident tool or given in its field by level name (through
Slack markup), a start stated after a tally "since" a time, a customer report relayed, a team or
vendor pulled in, command handed over, a change shipped, a finding that turns the search, a recap of the
clock time impact stopped."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.actions import action_items
from bot.analysis.claims import cause_claim, finding_claim, theory_claim
from bot.analysis.classify import read
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.severity import severity_statement
from bot.analysis.times import stated_start
from bot.domain import Board, IncidentState, Message

SAID = datetime(2026, 10, 6, 16, 0, tzinfo=UTC)
NAMES = {"U1": "ravi", "U2": "ingeborg", "U3": "amaru"}

STARTS = ["queue lag since ~15:20 utc", "first timeouts at 15:20 UTC", "writes began at 15:20 utc"]
SEVERITIES = ["declaring sev 2", "ok this is a sev-2", "calling it sev2"]
LISTS = [
    (
        "follow-ups",
        ["cap the retry budget (owner: ravi)", "@ingeborg will add a lag alert", "amaru to fix the runbook"],
    ),
]


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.capitalize())[how]


def _msg(text: str) -> Message:
    return Message(channel="C1", ts=f"{SAID.timestamp():.6f}", text=text, user="U3", user_name="amaru")


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(STARTS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw", " :eyes:"]),
    head=st.sampled_from(["", "hm, ", "fyi "]),
)
def test_stated_start_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(STARTS[which], how) + tail
    assert stated_start(_msg(text)) == datetime(2026, 10, 6, 15, 20, tzinfo=UTC), text


TALLY_THEN_START = [
    "{n} new support cases since 09:10. start ~15:20 utc",
    "config changes since 09:10 get replayed later; impact start: 15:20 UTC",
    "we lose writes since 09:10 if we restore. start 15:20 utc per the lb",
]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(TALLY_THEN_START) - 1),
    how=st.integers(0, 3),
    n=st.sampled_from(["4", "12", "250"]),
    tail=st.sampled_from(["", ".", " fwiw", " :eyes:"]),
    head=st.sampled_from(["", "fyi ", "for the timeline: "]),
)
def test_a_tally_since_a_time_never_becomes_the_start(which: int, how: int, n: str, tail: str, head: str) -> None:
    text = head + _case(TALLY_THEN_START[which].format(n=n), how) + tail
    assert stated_start(_msg(text)) == datetime(2026, 10, 6, 15, 20, tzinfo=UTC), text


@settings(max_examples=60, deadline=None)
@given(
    level=st.sampled_from([("critical", "SEV1"), ("major", "SEV2"), ("minor", "SEV3")]),
    how=st.integers(0, 3),
    mark=st.sampled_from(["", "*", "_", "`"]),
    sep=st.sampled_from([": ", " ", " — "]),
)
def test_a_tool_severity_field_survives_markup_and_case(level: tuple[str, str], how: int, mark: str, sep: str) -> None:
    text = f"Incident #88 declared by ana — severity{sep}{mark}{_case(level[0], how)}{mark} — api errors"
    found = severity_statement(
        Message(channel="C1", ts=f"{SAID.timestamp():.6f}", text=text, user_name="incident-bot", is_bot=True)
    )
    assert found is not None and (found.label, found.sets) == (level[1], True), text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(SEVERITIES) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!!", ", comms to follow"]),
)
def test_severity_survives_rewording(which: int, how: int, tail: str) -> None:
    found = severity_statement(_msg(_case(SEVERITIES[which], how) + tail))
    assert found is not None and (found.label, found.sets) == ("SEV2", True)


@settings(max_examples=60, deadline=None)
@given(
    marker=st.sampled_from(["-", "*", "•", "1.", "[ ]"]),
    heading_case=st.integers(0, 3),
    heading_tail=st.sampled_from(["", ":", " (owners tentative):", " — grab one"]),
    bold=st.booleans(),
)
def test_action_list_survives_rewording(marker: str, heading_case: int, heading_tail: str, bold: bool) -> None:
    heading, items = LISTS[0]
    title = _case(heading, heading_case) + heading_tail
    title = f"*{title}*" if bold else title
    lines = [f"{marker if marker != '1.' else f'{i + 1}.'} {item}" for i, item in enumerate(items)]
    found = action_items([_msg("\n".join([title, *lines]))], after=None, names=NAMES)
    assert [a.owner for a in found] == ["ravi", "ingeborg", "amaru"]


THEORY_QUESTIONS = [
    ("so why is the autoscaler not adding nodes", "autoscaler"),
    ("are the read replicas lagging again", "replica"),
    ("are we looking at a credential stuffing attack", "credential stuffing"),
    ("did anything get deployed to the billing worker", "billing worker"),
    ("the signing cert ran out overnight, didn't it", "signing cert"),
    ("we aren't replaying old kafka offsets, are we", "kafka offsets"),
    ("anybody reckon the resolver cache went stale", "resolver cache"),
]
CAUSES = [
    ("the kafka consumer can't parse the new schema header, so every nightly load got rejected", "kafka consumer"),
    ("recap for folks joining: cause is the expired signing key on the sso proxy", "signing key"),
    ("working theory now holds: the token cache evicts the signing keys on every deploy", "token cache"),
    (
        "closing out. cause: the upstream registry outage in every region, our proxies were fine",
        "upstream registry",
    ),
    (
        "for the retro, in one line: the rotation job skipped the edge proxies, so their cert never renewed",
        "rotation job",
    ),
]
FINDINGS = [
    ("so the session table got wiped during the failover and every login after that fails", "session table"),
]
ANNOUNCEMENTS = [
    "blog post is live",
    "published on the status site",
    "notice emails going out now to the affected customers",
    "sent to the website banner and socials",
]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(THEORY_QUESTIONS) - 1),
    how=st.integers(0, 3),
    head=st.sampled_from(["", "hm, ", "ok "]),
    tail=st.sampled_from(["?", "??", " ?", "? :thinking_face:"]),
)
def test_theory_question_survives_rewording(which: int, how: int, head: str, tail: str) -> None:
    text, about = THEORY_QUESTIONS[which]
    claim = theory_claim(head + _case(text, how) + tail)
    assert claim is not None and about in claim.lower(), (head, how, tail)


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(CAUSES) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw"]),
)
def test_stated_cause_survives_rewording(which: int, how: int, tail: str) -> None:
    text, about = CAUSES[which]
    claim = cause_claim(_case(text, how) + tail)
    assert claim is not None and about in claim.lower(), (how, tail)


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(ANNOUNCEMENTS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " :white_check_mark:", ", support macro updated too"]),
    head=st.sampled_from(["", "ok ", "fyi "]),
)
def test_an_announcement_going_out_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(ANNOUNCEMENTS[which], how) + tail
    reading = read(_msg(text))
    assert reading.comms and not reading.mitigation and reading.status is None, text


READINGS = ["consumer lag ~0", "broker cpu flat", "produce latency normal"]
STEPS_REPORTED = [
    "stale sessions invalidated on the auth cluster",
    "edge block live for the scraper asns",
    "two more replicas added to the read pool",
    "revert applied in every region",
]
DECISIONS_NOT_TO_ACT = [
    "agreed, no rollback, the release is not the cause",
    "no failover. we let the primary catch up",
    "vendor still restoring, staying put",
]

RECOVERIES = [
    "most regions are back, two edge sites still flaky",
    "everything green except the archive shard",
    "invoice 5xx below 0.3% now",
    "all workers running on the standby nodes",
]
CAUSES_FOUND = ["we found the culprit, the nightly log rotation", "cause found, the signing key expired"]


def _status(*texts: str) -> str:
    alert = Message(
        channel="C1", ts="1000.000001", text="[FIRING] invoice 5xx ratio 0.4", is_bot=True, user_name="Grafana"
    )
    said = [
        Message(channel="C1", ts=f"{2000 + i}.000001", text=t, user="U3", user_name="amaru")
        for i, t in enumerate(texts)
    ]
    return derive(IncidentState(channel="C1", name="inc"), [alert, *said], None).status


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(READINGS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", ", moving on", " fwiw"]),
)
def test_a_normal_reading_refutes_its_theory_however_written(which: int, how: int, tail: str) -> None:
    theory = _msg("kafka behind?")
    reading = Message(
        channel="C1",
        ts=f"{SAID.timestamp() + 60:.6f}",
        text="kafka " + _case(READINGS[which], how) + tail,
        user="U2",
        user_name="ingeborg",
    )
    board = fold_messages(Board(channel="C1"), [theory, reading])
    assert [h.status for h in board.hypotheses] == ["refuted"], (how, tail)


@settings(max_examples=40, deadline=None)
@given(
    which=st.integers(0, len(FINDINGS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw"]),
)
def test_concluded_failure_survives_rewording(which: int, how: int, tail: str) -> None:
    text, about = FINDINGS[which]
    claim = finding_claim(_case(text, how) + tail)
    assert claim is not None and about in claim.lower(), (how, tail)


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(STEPS_REPORTED) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " :white_check_mark:", ", watching"]),
    head=st.sampled_from(["", "ok ", "fyi "]),
)
def test_a_step_reported_noun_first_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(STEPS_REPORTED[which], how) + tail
    assert read(_msg(text)).mitigation, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(DECISIONS_NOT_TO_ACT) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " for now"]),
)
def test_a_decision_not_to_act_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(DECISIONS_NOT_TO_ACT[which], how) + tail
    assert read(_msg(text)).decision, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(RECOVERIES) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " :tada:", ". watching"]),
    head=st.sampled_from(["", "ok ", "update: "]),
)
def test_recovery_for_most_of_the_scope_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(RECOVERIES[which], how) + tail
    assert _status(text) == "mitigated", text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(CAUSES_FOUND) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw"]),
    head=st.sampled_from(["", "ok ", "so "]),
)
def test_a_cause_declared_found_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(CAUSES_FOUND[which], how) + tail
    assert _status(text) == "identified", text


ORDERS_FOR_NOW = ["cordon node 12 now", "flush the edge cache. now please", "pause the importer immediately"]
EVIDENCE_SHOWN = ["traces show every call stuck on the token service", "only eu-north is affected, rest clean"]
SEVERITY_RAISED_BY_TOOL = ["Incident INC-301 escalated to SEV1", "Severity changed to P1 by oncall", "SEV3 → SEV2"]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(ORDERS_FOR_NOW) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", "!!"]),
    head=st.sampled_from(["", "@ravi ", "ok, "]),
)
def test_a_step_ordered_for_now_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(ORDERS_FOR_NOW[which], how) + tail
    assert read(_msg(text)).decision, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(EVIDENCE_SHOWN) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", " fwiw", " :eyes:"]),
)
def test_what_the_evidence_shows_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(EVIDENCE_SHOWN[which], how) + tail
    assert read(_msg(text)).finding, text


@settings(max_examples=60, deadline=None)
@given(which=st.integers(0, len(SEVERITY_RAISED_BY_TOOL) - 1), how=st.integers(0, 3), tail=st.sampled_from(["", "."]))
def test_a_tool_raising_the_severity_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(SEVERITY_RAISED_BY_TOOL[which], how) + tail
    message = Message(channel="C1", ts="1.0", text=text, user_name="incident-tool", is_bot=True)
    assert read(message).escalate, text


FIGURES_BACK = ["errors now below 0.5%", "p95 under 400ms for ten minutes", "timeouts at 0 since the change"]
STEPS_HEDGED = ["a purge might help here", "a failover would be the quickest", "who can rotate the signing key"]
RELAYED_REPORTS = [
    "a client in the nordics says their exports come back empty",
    "heads up from customer success, two tenants wrote in about lost uploads",
    "our account manager for a retail client just pinged me, their webhooks return 403s",
]
PULLED_IN = [
    "opened a sev-2 case with the cloud provider",
    "contacted the storage vendor's support, case is open",
    "calling in the network lead",
]
COMMAND_PASSED = ["handing IC to noor, signing off", "noor has the con", "passing command to the apac shift"]
SHIPPED_CHANGES = [
    "shipped 4.2.1 to production",
    "the new routing table went out to all edges",
    "helm upgrade for the api chart finished",
]
TURNING_FINDINGS = [
    "turns out the replicas were serving a stale schema",
    "the timeouts started exactly when the batch job kicked off",
    "narrowed it down to hosts on the older image",
]
PLANS = [
    "bring up region-b first?",
    "roll back the tls policy?",
    "should we fail over to the us cluster?",
    "would a restart of the search nodes help?",
    "drain node-7 and cordon it?",
]
"""Plans put as questions (a step verb first, or whether a step would help): never a theory."""


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(PLANS) - 1),
    how=st.integers(0, 3),
    head=st.sampled_from(["", "ok ", "so "]),
    tail=st.sampled_from(["", "?", " :thinking_face:"]),
)
def test_a_plan_question_stays_off_the_board_however_written(which: int, how: int, head: str, tail: str) -> None:
    text = head + _case(PLANS[which], how) + tail
    msgs = [_msg(text), Message(channel="C1", ts=f"{SAID.timestamp() + 60:.6f}", text="yes", user="U1")]
    assert fold_messages(Board(channel="C1"), msgs).hypotheses == (), text


STEPS_THAT_WORKED = [
    ("could the 14:05 api deploy be the cause?", "rolled back the api deploy, errors gone"),
    ("i suspect the haproxy timeout config change", "reverted the haproxy timeout config and that fixed it"),
    ("maybe the new image resizer flag?", "disabled the image resizer flag -> errors stopped"),
]
"""A theory about a change, then that change undone and the impact gone: the theory is confirmed."""


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(FIGURES_BACK) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " :tada:"]),
    head=st.sampled_from(["", "ok ", "fyi: "]),
)
def test_impact_back_as_a_figure_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(FIGURES_BACK[which], how) + tail
    assert read(_msg(text)).recovered, text


@settings(max_examples=60, deadline=None)
@given(which=st.integers(0, len(STEPS_HEDGED) - 1), how=st.integers(0, 3), tail=st.sampled_from(["", ".", "?", " imo"]))
def test_a_hedged_step_stays_a_proposal_however_written(which: int, how: int, tail: str) -> None:
    text = _case(STEPS_HEDGED[which], how) + tail
    assert not read(_msg(text)).mitigation, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(RELAYED_REPORTS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fyi"]),
    head=st.sampled_from(["", "hey all, ", "fyi "]),
)
def test_a_customer_report_relayed_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    text = head + _case(RELAYED_REPORTS[which], how) + tail
    assert read(_msg(text)).detect, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(PULLED_IN) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", " fyi", " :phone:"]),
)
def test_a_team_or_vendor_pulled_in_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(PULLED_IN[which], how) + tail
    assert read(_msg(text)).escalate, text


@settings(max_examples=60, deadline=None)
@given(which=st.integers(0, len(COMMAND_PASSED) - 1), how=st.integers(0, 3), tail=st.sampled_from(["", ".", " :wave:"]))
def test_command_handed_over_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(COMMAND_PASSED[which], how) + tail
    assert read(_msg(text)).command, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(SHIPPED_CHANGES) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", " :rocket:", " at 09:12"]),
)
def test_a_change_shipped_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(SHIPPED_CHANGES[which], how) + tail
    assert read(_msg(text)).shipped, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(TURNING_FINDINGS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", " fwiw", " :eyes:"]),
)
def test_a_finding_that_turns_the_search_survives_rewording(which: int, how: int, tail: str) -> None:
    text = _case(TURNING_FINDINGS[which], how) + tail
    assert read(_msg(text)).finding, text


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(STEPS_THAT_WORKED) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", " :tada:", " fwiw"]),
)
def test_an_undo_that_worked_confirms_its_theory_however_written(which: int, how: int, tail: str) -> None:
    theory, step = STEPS_THAT_WORKED[which]
    msgs = [
        _msg(theory),
        Message(channel="C1", ts=f"{SAID.timestamp() + 60:.6f}", text=_case(step, how) + tail, user="U1"),
    ]
    statuses = [h.status for h in fold_messages(Board(channel="C1"), msgs).hypotheses]
    assert statuses == ["confirmed"], (step, statuses)


DECLARED_WITH_EMOJI = [("resolved", "resolved"), ("all clear", "resolved"), ("mitigated", "mitigated")]
EMOJI = [" 🎉", " :tada:", " ✅", " :white_check_mark:", " 🚀🙌", " :rocket: :raised_hands:"]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(DECLARED_WITH_EMOJI) - 1),
    how=st.integers(0, 3),
    emoji=st.sampled_from(EMOJI),
    tail=st.sampled_from(["", " closing", " thanks all", " standing down", " watching the graphs"]),
)
def test_a_declaration_with_an_emoji_after_the_status_word_survives_rewording(
    which: int, how: int, emoji: str, tail: str
) -> None:
    """An emoji or shortcode right after the status word stands where a dash or a stop would."""
    word, status = DECLARED_WITH_EMOJI[which]
    text = _case(word, how) + emoji + tail
    assert _status(text) == status, text


SHORT_ACKS = ["je regarde", "ich schau", "lo miro", "kijk ernaar", "vou olhar", "ci guardo io", "lookin", "ont it"]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(SHORT_ACKS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " 👀", " :eyes:"]),
)
def test_a_short_acknowledgement_in_another_language_or_misspelt_survives_rewording(
    which: int, how: int, tail: str
) -> None:
    alert = Message(
        channel="C1", ts="1000.000001", text="[FIRING] invoice 5xx ratio 0.4", is_bot=True, user_name="Grafana"
    )
    ack = Message(
        channel="C1", ts="2000.000001", text=_case(SHORT_ACKS[which], how) + tail, user="U3", user_name="amaru"
    )
    assert derive(IncidentState(channel="C1", name="inc"), [alert, ack], None).acknowledged_at is not None, ack.text


CAUSES_BEFORE_CLOSER = [
    ("the rotation cron on worker-2 filled /var with core dumps, that's why uploads fail", "rotation cron"),
    ("the sso proxy kept the old signing key after the rotation, that's what logs everyone out", "sso proxy"),
    ("the orders migration locked the invoices table for 20 min, that's the outage", "orders migration"),
]
HEDGED_OBSERVATIONS = [
    ("gut says the resolver cache", "resolver cache"),
    ("i'd put money on the sidecar upgrade", "sidecar upgrade"),
    ("has all the hallmarks of a retry storm", "retry storm"),
    ("wouldn't be surprised if the nightly backfill is hammering the db", "nightly backfill"),
]


@settings(max_examples=40, deadline=None)
@given(
    which=st.integers(0, len(CAUSES_BEFORE_CLOSER) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw"]),
)
def test_a_cause_named_by_a_closer_after_a_comma_survives_rewording(which: int, how: int, tail: str) -> None:
    """ "<what went wrong>, that's why/what … / that's the outage": the part before the comma is the
    cause stated, confirmed on the board as written, however it is cased or ended."""
    text, about = CAUSES_BEFORE_CLOSER[which]
    board = fold_messages(Board(channel="C1"), [_msg(_case(text, how) + tail)])
    assert [h.status for h in board.hypotheses] == ["confirmed"], (how, tail)
    assert about in board.hypotheses[0].statement.lower()


@settings(max_examples=40, deadline=None)
@given(
    which=st.integers(0, len(HEDGED_OBSERVATIONS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "…", " tbh"]),
)
def test_a_hedged_observation_is_a_theory_however_written(which: int, how: int, tail: str) -> None:
    """A guess put as an observation ("gut says …", "has all the hallmarks of …") is a theory, open."""
    text, about = HEDGED_OBSERVATIONS[which]
    claim = theory_claim(_case(text, how) + tail)
    assert claim is not None and about in claim.lower(), (how, tail)


RECAPS = [
    "api access was restored at 15:20 UTC",
    "exports have been healthy since 15:20",
    "checkout working normally again as of 15:20 utc",
]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(RECAPS) - 1),
    how=st.integers(0, 3),
    tail=st.sampled_from(["", ".", "!", " fwiw", " :tada:"]),
    head=st.sampled_from(["", "recap: ", "fyi "]),
)
def test_a_recap_time_of_recovery_survives_rewording(which: int, how: int, tail: str, head: str) -> None:
    alert = Message(
        channel="C1",
        ts=f"{SAID.timestamp() - 3600:.6f}",
        text="[FIRING] api 5xx",
        user_name="Alertmanager",
        is_bot=True,
    )
    text = head + _case(RECAPS[which], how) + tail
    state = derive(IncidentState(channel="C1", name="inc"), [alert, _msg(text)], None)
    assert state.mitigated_at == datetime(2026, 10, 6, 15, 20, tzinfo=UTC), text
