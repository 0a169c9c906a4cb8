"""Action items and contributing factors in the many forms responders write them (issue 14).

Written from general incident-channel phrasing: lists with and without headings, items spread over
messages or a thread, one-line cues, asks, promises about prevention, ticket bots; factors as lists
under varied headings and as single remarks. Mitigation steps during the incident are not follow-ups.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.analysis.actions import action_items
from bot.analysis.report import contributing_factors
from bot.domain import Board, IncidentState, Message

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
NAMES = {"U1": "priya.n", "U2": "Kofi Mensah", "U3": "lena", "U4": "dmitri_v", "U5": "Ólafur"}
MITIGATED = T0 + timedelta(minutes=60)


def _msg(minute: int, text: str, *, user: str = "U1", thread: int | None = None, bot: bool = False) -> Message:
    ts = f"{(T0 + timedelta(minutes=minute)).timestamp():.6f}"
    thread_ts = f"{(T0 + timedelta(minutes=thread)).timestamp():.6f}" if thread is not None else None
    if bot:
        return Message(channel="C1", ts=ts, text=text, user="B1", user_name="Jira Cloud", is_bot=True)
    return Message(channel="C1", ts=ts, text=text, user=user, user_name=NAMES[user], thread_ts=thread_ts)


def _items(*msgs: Message) -> list[tuple[str, str | None]]:
    return [(i.text, i.owner) for i in action_items(list(msgs), after=MITIGATED, names=NAMES)]


@pytest.mark.parametrize(
    "heading",
    [
        "AIs:",
        "ok, follow-ups from my side:",
        "Next steps",
        "todo",
        "remediation:",
        "postmortem items",
        "things we need to fix:",
        "*Action Items*",
        "prevention work —",
    ],
)
@pytest.mark.parametrize("marker", ["1.", "1)", "a.", "-", "•", "- [ ]", "[ ]", "*"])
def test_lists_under_any_heading_with_any_marker(heading: str, marker: str) -> None:
    letters = "abc"
    lines = []
    for n, item in enumerate(["pin the base image version", "alert on queue depth over 10k", "document the drain"]):
        mark = marker.replace("1", str(n + 1)).replace("a", letters[n]) if marker in ("1.", "1)", "a.") else marker
        lines.append(f"{mark} {item}")
    found = _items(_msg(90, "\n".join([heading, *lines])))
    wanted = ["Pin the base image version", "Alert on queue depth over 10k", "Document the drain"]
    assert [t for t, _o in found] == wanted


def test_checkbox_list_without_a_heading_is_a_follow_up_list_even_early() -> None:
    found = action_items(
        [_msg(5, "- [ ] add a canary stage for the config push\n- [ ] page the db rotation on replica lag")],
        after=None,
        names=NAMES,
    )
    assert len(found) == 2


def test_headless_list_after_mitigation_of_work_items() -> None:
    found = _items(_msg(100, "from my side:\n1. add retries with jitter to the sync client\n2. split the shared pool"))
    assert [t for t, _o in found] == ["Add retries with jitter to the sync client", "Split the shared pool"]


def test_a_list_of_live_steps_during_the_incident_is_not_follow_up_work() -> None:
    early = _msg(20, "plan:\n1. drain node 4\n2. restart the api pods\n3. watch error rate")
    assert action_items([early], after=MITIGATED, names=NAMES) == ()


def test_owners_in_every_form() -> None:
    listing = _msg(
        120,
        "follow-ups\n"
        "- rotate the webhook secret → lena\n"
        "- add a lag alert, owner kofi\n"
        "- write the restore runbook @dmitri_v\n"
        "- <@U5> to check the quota headroom\n"
        "- priya: archive the old bucket\n"
        "- move cron to the new scheduler (assignee: lena)\n"
        "- dedupe the paging rules (owner: tbd)",
        user="U2",
    )
    owners = [o for _t, o in _items(listing)]
    assert owners == ["lena", "Kofi Mensah", "dmitri_v", "Ólafur", "priya.n", "lena", None]


def test_items_spread_over_several_messages_after_a_bare_heading() -> None:
    found = _items(
        _msg(100, "action items, one per msg so we can thread them:"),
        _msg(101, "1. add a synthetic check for login", user="U3"),
        _msg(102, "2. cap the batch size on the importer (owner: dmitri)", user="U2"),
        _msg(103, "lol yes", user="U4"),
        _msg(150, "- unrelated later bullet", user="U4"),
    )
    assert [t for t, _o in found] == ["Add a synthetic check for login", "Cap the batch size on the importer"]
    assert found[1][1] == "dmitri_v"


def test_items_written_as_thread_replies_under_a_heading() -> None:
    found = _items(
        _msg(100, "follow-ups 🧵"),
        _msg(101, "set up an alert on cert expiry < 14 days", user="U3", thread=100),
        _msg(102, "+1", user="U4", thread=100),
        _msg(103, "I'll add the cert check to the deploy pipeline", user="U4", thread=100),
    )
    wanted = ["Set up an alert on cert expiry < 14 days", "Add the cert check to the deploy pipeline"]
    assert [t for t, _o in found] == wanted
    assert found[1][1] == "dmitri_v"


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("AI: add a lag alert for the replicas", None),
        ("action: move the signing key into the vault", None),
        ("follow-up: make the importer idempotent", None),
        ("TODO(kofi): pin the base image", "Kofi Mensah"),
        ("AI (lena): write the failover runbook", "lena"),
    ],
)
def test_one_line_cues(line: str, owner: str | None) -> None:
    (found,) = _items(_msg(30, line))
    assert found[1] == owner


def test_lower_case_ai_is_the_technology_not_a_cue() -> None:
    assert _items(_msg(30, "ai: nobody is asking the chatbot about this")) == []


def test_asks_to_own_work_after_the_incident() -> None:
    found = _items(
        _msg(110, "@lena can you own the alert routing fix so this doesn't happen again?"),
        _msg(111, "<@U4> could you look into why the canary didn't catch it"),
    )
    assert [o for _t, o in found] == ["lena", "dmitri_v"]


def test_an_ask_during_firefighting_is_not_a_follow_up() -> None:
    assert _items(_msg(10, "@lena can you take the rollback now?")) == []


@pytest.mark.parametrize(
    "text",
    [
        "I'll add a test for the empty-policy path so this can't recur",
        "we need to add alerting on the cert expiry going forward",
        "we should write a runbook for the failover",
        "let's make the backoff randomised next time round, long-term fix",
    ],
)
def test_promises_about_prevention_are_follow_ups_at_any_time(text: str) -> None:
    (found,) = action_items([_msg(15, text)], after=None, names=NAMES)
    assert found.citations


@pytest.mark.parametrize(
    "text",
    [
        "I'll restart the api pods now",
        "we should roll back first",
        "we need to fail over to the replica asap",
        "i'll keep the channel updated",
        "we should have caught that",
        "should we add more capacity?",
        "i'll draft the postmortem doc tomorrow",
    ],
)
def test_live_work_comms_and_questions_are_not_follow_ups(text: str) -> None:
    assert _items(_msg(70, text)) == []


def test_a_ticket_bot_announcing_created_tickets() -> None:
    found = _items(
        _msg(130, "Created PLAT-812: Add connection pool saturation alert (assignee: lena)", bot=True),
        _msg(131, "ENG-77 created — rate-limit the bulk export endpoint", bot=True),
        _msg(5, "New support ticket #4471: customers report failed checkouts", bot=True),
    )
    assert found == [("Add connection pool saturation alert", "lena"), ("Rate-limit the bulk export endpoint", None)]


# -- contributing factors ---------------------------------------------------------------------------


def _factors(*msgs: Message) -> list[str]:
    state = IncidentState(channel="C1", name="inc", started_at=T0)
    return [f.text for f in contributing_factors(Board(channel="C1"), list(msgs), state, list(NAMES.values()))]


@pytest.mark.parametrize(
    "heading",
    [
        "things that made it worse:",
        "what went wrong",
        "lessons learned",
        "why did it take so long?",
        "notes for the postmortem",
        "for the retro:",
    ],
)
def test_factor_lists_under_varied_headings(heading: str) -> None:
    text = f"{heading}\n- the disk alert pointed at the wrong volume\n- failover needed a manual step nobody knew"
    found = _factors(_msg(130, text))
    assert "the disk alert pointed at the wrong volume" in found
    assert "failover needed a manual step nobody knew" in found


def test_work_under_a_mixed_heading_goes_to_the_action_items() -> None:
    text = "for the retro:\n- config reload wasn't covered by any test\n- add a reload test to CI (owner: lena)"
    assert _factors(_msg(130, text)) == ["config reload wasn't covered by any test"]
    assert _items(_msg(130, text)) == [("Add a reload test to CI", "lena")]


@pytest.mark.parametrize(
    "text",
    [
        "fwiw nothing alerted on the queue backing up, we found it from a customer",
        "the runbook for this was out of date, pointed at the old cluster",
        "the page went to the wrong team, storage got it instead of us",
        "that dashboard is stale, it still shows the old shards",
        "rollback took 40 min because the image had to be rebuilt",
        "customers told us before our monitoring did",
        "there was no alert on replica lag at all",
    ],
)
def test_single_statements_of_a_factor(text: str) -> None:
    assert any(text.split(",", maxsplit=1)[0][:20].lower() in f.lower() for f in _factors(_msg(90, text)))


@pytest.mark.parametrize(
    "text",
    ["was there no alert for this?", "checking the dashboard now", "rollback done, errors dropping"],
)
def test_questions_and_live_updates_are_not_factors(text: str) -> None:
    assert _factors(_msg(30, text)) == []


def test_unicode_checkbox_items_one_per_message_after_a_heading() -> None:
    found = _items(
        _msg(100, "post-incident todo, one per line:"),
        _msg(101, "☐ Synthetic login probe from three regions — @lena", user="U2"),
        _msg(102, "☐ Decide whether the CDN keeps a second origin — me", user="U4"),
        _msg(103, "☐ Runbook: check each origin answer in the first 10 minutes", user="U2"),
    )
    assert [o for _t, o in found] == ["lena", "dmitri_v", None]


def test_a_cue_after_another_sentence_on_the_same_line() -> None:
    (found,) = _items(_msg(90, "makes sense. TODO(lena): alarm on read throttling for the core tables"))
    assert found == ("Alarm on read throttling for the core tables", "lena")


def test_a_need_with_a_request_for_an_owner() -> None:
    text = "we need a way to pause the importer from the admin page. can someone own that with me?"
    (found,) = _items(_msg(95, text, user="U3"))
    assert found[1] == "lena"


def test_an_item_repeated_later_is_one_item_citing_both_messages() -> None:
    first = _msg(100, "AI: alarm on importer queue age over 15 minutes", user="U3")
    ticket = _msg(104, "Created OPS-31: Alarm on importer queue age > 15 min (assignee: lena)", bot=True)
    (item,) = action_items([first, ticket], after=MITIGATED, names=NAMES)
    assert item.citations == (first.ts, ticket.ts)
    assert item.owner == "lena"


@pytest.mark.parametrize(
    "text",
    [
        "for the review: the deploy gate only looks at error rate, a slow latency climb never trips it",
        "we lost about an hour because nobody checked the secondary provider",
        "the latency alarm only fires at 2 min p95 so we had quiet lag for a while",
    ],
)
def test_hindsight_remarks_during_the_incident_are_factors(text: str) -> None:
    assert _factors(_msg(30, text))


def test_a_live_observation_of_no_alerts_is_not_a_factor_mid_incident() -> None:
    assert _factors(_msg(30, "calling it sev3 for now, a few reports, no alarms")) == []


def test_plain_lines_under_a_heading_without_markers() -> None:
    text = "Action items\nadd a lag alert for the replicas (owner: lena)\npin the base image\n\nthanks all"
    assert _items(_msg(100, text)) == [("Add a lag alert for the replicas", "lena"), ("Pin the base image", None)]


@pytest.mark.parametrize(
    "text",
    ["AIs: (1) add a lag alert (2) pin the base image", "follow-ups: add a lag alert; pin the base image"],
)
def test_items_on_the_heading_line(text: str) -> None:
    assert [t for t, _o in _items(_msg(100, text))] == ["Add a lag alert", "Pin the base image"]


def test_a_long_numbered_list_on_the_heading_line_keeps_every_item_and_owner() -> None:
    text = (
        "next steps: 1. page on consumer lag above five minutes instead of a warning nobody reads - lena "
        "2. write the runbook for pausing the outbound mail workers without losing the queue - priya.n "
        "3. idempotency key on every send call so a retry can never send twice - dmitri_v "
        "4. load test the bulk send path at ten times last year's peak before the next campaign - lena"
    )
    assert len(text) > 200
    assert _items(_msg(100, text)) == [
        ("Page on consumer lag above five minutes instead of a warning nobody reads", "lena"),
        ("Write the runbook for pausing the outbound mail workers without losing the queue", "priya.n"),
        ("Idempotency key on every send call so a retry can never send twice", "dmitri_v"),
        ("Load test the bulk send path at ten times last year's peak before the next campaign", "lena"),
    ]


def test_a_numbered_line_without_a_follow_up_heading_is_no_list() -> None:
    text = (
        "what we saw: 1. the consumer lag climbed for forty minutes before anyone looked at it "
        "2. the retries doubled the load on the mail relays 3. the pause flag was not documented anywhere"
    )
    assert _items(_msg(100, text)) == []


def test_replies_in_a_thread_the_heading_invites() -> None:
    found = _items(
        _msg(100, "let's collect the follow-ups for this in the thread please"),
        _msg(101, "rate-limit the export endpoint per tenant", user="U3", thread=100),
        _msg(102, "agreed", user="U4", thread=100),
    )
    assert found == [("Rate-limit the export endpoint per tenant", None)]
