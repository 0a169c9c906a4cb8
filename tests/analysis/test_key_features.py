"""The key-event scorer's features: each family read from general phrasing, in its channel context."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis.key_features import TEXT_FEATURES, TextFeatureCache, incident_features, text_features
from bot.analysis.timeline import rule_kinds
from bot.domain import Board, Hypothesis, IncidentState, Message, TimelineEvent
from tests.analysis.reading_support import said


def features(
    msgs: Sequence[Message],
    *,
    board: Board | None = None,
    state: IncidentState | None = None,
    proposed: Sequence[str] = (),
) -> dict[str, dict[str, float]]:
    events = [
        TimelineEvent(time=m.time, event=m.text, kind="other", citations=(m.ts,)) for m in msgs if m.ts in proposed
    ]
    return incident_features(
        msgs,
        board or Board(channel="CINC"),
        state or IncidentState(channel="CINC", name="inc-x"),
        rule_kinds(msgs),
        events,
    )


def test_the_rules_reading_and_kind_are_features() -> None:
    step = said(3, "rolling back the gateway config now")
    f = features([said(0, "hi all"), step])[step.ts]
    assert f.get("read_mitigation") == 1.0
    assert f.get("rule_kind_mitigate") == 1.0


def test_the_rules_verdict_is_kept_or_dropped() -> None:
    first = said(1, "disabling the nightly sync job now")
    again = said(2, "nightly sync job disabled")
    f = features([first, again], proposed=[first.ts])
    assert f[first.ts].get("rules_timeline") == 1.0
    assert "rules_dropped_candidate" not in f[first.ts]
    assert f[again.ts].get("rules_dropped_candidate") == 1.0
    assert "rules_timeline" not in f[again.ts]


def test_the_lifecycle_moment_is_marked_on_its_message() -> None:
    calm = said(5, "queue depth flat for ten minutes now")
    other = said(4, "checking the dashboards")
    state = IncidentState(channel="CINC", name="inc-x", mitigated_at=calm.time)
    f = features([other, calm], state=state)
    assert f[calm.ts].get("lifecycle_mitigated_here") == 1.0
    assert "lifecycle_mitigated_here" not in f[other.ts]


def test_lexicon_classes_are_booleans() -> None:
    sev = said(0, "calling this a sev1, paging the db on-call")
    cause = said(1, "root cause: the renewal job never ran so the proxy cert lapsed")
    plain = said(2, "grabbing a coffee, back in 5")
    f = features([sev, cause, plain])
    assert f[sev.ts].get("lex_severity_token") == 1.0
    assert f[cause.ts].get("lex_cause_phrasing") == 1.0
    assert not any(k.startswith("lex_") for k in f[plain.ts])


def test_shape_features() -> None:
    parent = said(0, "anyone else seeing 502s on checkout?", "bo")
    reply = said(20, "yes since 14:05", "cy", thread=0)
    f = features([parent, reply])
    assert f[parent.ts].get("is_question") == 1.0
    assert f[parent.ts].get("has_replies") == 1.0
    assert f[reply.ts].get("thread_reply") == 1.0
    assert f[reply.ts].get("has_clock_time") == 1.0
    assert f[reply.ts].get("short_text") == 1.0
    assert f[reply.ts].get("after_silence_10min") == 1.0
    assert f[reply.ts].get("author_first_message") == 1.0
    assert f[reply.ts]["position"] == 1.0
    assert "position" not in f[parent.ts]  # zero values are left out


def test_the_commanders_later_words_are_marked() -> None:
    takes = said(0, "I'm IC for this one", "dee")
    later = said(3, "next update in 30 min", "dee")
    other = said(4, "ok", "eli")
    f = features([takes, later, other])
    assert f[later.ts].get("author_is_commander") == 1.0
    assert "author_is_commander" not in f[other.ts]


def test_theory_relations() -> None:
    raise_it = said(1, "could it be the payments-api v2.3 release?", "fay")
    backs = said(5, "payments-api v2.3 is it, rolling back", "gus")
    other = said(6, "lunch order is in", "hal")
    board = Board(
        channel="CINC",
        hypotheses=(
            Hypothesis(
                id="H1",
                statement="the payments-api v2.3 release",
                status="confirmed",
                supporting=(backs.ts,),
                raised_ts=raise_it.ts,
            ),
        ),
    )
    f = features([raise_it, backs, other], board=board)
    assert f[raise_it.ts].get("raises_theory") == 1.0
    assert f[backs.ts].get("confirms_theory") == 1.0
    assert f[backs.ts].get("names_earlier_theory") == 1.0
    assert "names_earlier_theory" not in f[other.ts]


def test_first_alert_new_names_first_kind_and_agreement() -> None:
    alert = said(0, "[FIRING] search-indexer p99 latency above 2s", bot=True)
    names = said(2, "search-indexer pods are OOMKilled on node pool b", "ivy")
    step = said(14, "restarting search-indexer with more memory", "jo")
    yes = said(15, "yep agreed", "kim")
    f = features([alert, names, step, yes])
    assert f[names.ts].get("names_first_alert") == 1.0
    assert f[names.ts].get("names_new_thing") == 1.0
    assert f[step.ts].get("first_of_rule_kind") == 1.0
    assert f[step.ts].get("agreed_with") == 1.0
    assert "agreed_with" not in f[names.ts]


def test_echo_and_repeated_bot_post() -> None:
    note = said(1, "billing workers stuck on the ledger lock since the migration", "lu")
    echo = said(2, "confirmed, billing workers stuck on ledger lock", "mo")
    first = said(3, "[FIRING] disk usage 91% on cache-node-4", bot=True)
    again = said(9, "[FIRING] disk usage 93% on cache-node-4", bot=True)
    f = features([note, echo, first, again])
    assert f[note.ts].get("echoed_soon") == 1.0
    assert "echoed_soon" not in f[echo.ts]
    assert f[again.ts].get("repeats_bot_post") == 1.0
    assert "repeats_bot_post" not in f[first.ts]


def test_joins_have_no_features_and_the_set_stays_small() -> None:
    join = said(0, "<@U1> has joined the channel").model_copy(update={"subtype": "channel_join"})
    msgs = [join, said(1, "looking"), said(2, "[FIRING] api 5xx 12%", bot=True)]
    f = features(msgs)
    assert join.ts not in f
    assert all(len(row) <= 60 for row in f.values())


def _channel() -> list[Message]:
    return [
        said(0, "[FIRING] checkout 5xx above 3% for 5m", bot=True),
        said(2, "looking, @bo can you check the queue?", "ana"),
        said(6, "Cause: the retry budget was set to zero in the last config push", "bo"),
        said(9, "reverting the config push now", "cy"),
        said(11, "[FIRING] checkout 5xx above 3% for 5m", bot=True),
        said(20, "status page: monitoring, errors back to normal", "ana"),
    ]


def test_the_text_cache_gives_the_features_the_text_gives() -> None:
    msgs = _channel()
    TEXT_FEATURES.clear()
    cold = features(msgs)
    assert len(TEXT_FEATURES) == len({m.text for m in msgs})  # a repeated bot post is read once
    warm = features(msgs)
    assert [list(f.items()) for f in warm.values()] == [list(f.items()) for f in cold.values()]  # order too
    for m in msgs:
        assert TEXT_FEATURES.get(m.text) == text_features(m.text)
    lexical, _shape = text_features(msgs[3].text)
    assert ("lex_mitigation_verb", 1.0) in lexical and ("opens_with_step", 1.0) in lexical
    assert ("has_mention", 1.0) in text_features(msgs[1].text)[1]


def test_the_text_cache_is_bounded_and_holds_no_text() -> None:
    cache = TextFeatureCache(size=3)
    texts = [f"restarted worker pool {w} after the deploy" for w in ("north", "south", "east", "west")]
    for t in texts[:3]:
        cache.get(t)
    cache.get(texts[0])  # used again: the least recently used is now the second
    cache.get(texts[3])
    assert len(cache) == 3
    assert texts[0] in cache and texts[3] in cache and texts[1] not in cache
    assert not any(word in repr(cache._data) for word in ("restarted", "north", "deploy"))  # digests and features only
