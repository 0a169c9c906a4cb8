"""The root-cause ranker: its features read general signals, the draft cites the message it picks, and
a channel where nobody states a cause keeps "Unknown".

Every phrase is written for these tests in general incident language (not from any incident set,
not from the bundled example).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis import linear
from bot.analysis.cause_features import Candidate, candidates, cause_shaped
from bot.analysis.cause_pick import MODEL, CausePick, Settings, choose, pick
from bot.analysis.hypotheses import fold_messages
from bot.analysis.lifecycle import derive
from bot.analysis.linear import LinearModel
from bot.analysis.report import five_whys, generated_questions, summary
from bot.domain import UNKNOWN, Board, Hypothesis, IncidentState, Message
from tests.analysis.reading_support import said


def _state(messages: Sequence[Message], board: Board) -> IncidentState:
    return derive(IncidentState(channel="CINC", name="inc-test"), messages, board)


def _board(messages: Sequence[Message]) -> Board:
    return fold_messages(Board(channel="CINC"), messages)


def _features(messages: Sequence[Message]) -> dict[str, Candidate]:
    board = _board(messages)
    return {c.message.text: c for c in candidates(messages, board, _state(messages, board))}


def _on(candidate: Candidate, name: str) -> bool:
    return bool(candidate.features.get(name))


class TestFeatures:
    def test_a_stated_cause_reads_as_a_cause_statement(self) -> None:
        text = "root cause: the nightly compaction job filled the data volume on the search nodes"
        got = _features([said(0, "alert: search latency high", "pager", bot=True), said(5, text)])[text]
        assert _on(got, "cause_claim") and _on(got, "lex_cause_statement") and cause_shaped(got)
        assert not _on(got, "question") and not _on(got, "hedged")

    def test_a_guess_asked_as_a_question_is_a_theory_not_a_cause(self) -> None:
        text = "maybe the cache cluster is evicting too much?"
        got = _features([said(0, text)])[text]
        assert _on(got, "question") and _on(got, "theory_claim") and not _on(got, "cause_claim")

    def test_a_recap_for_the_review_is_marked(self) -> None:
        text = "summary so far: the billing exporter leaked file handles until the host hit its limit"
        got = _features([said(0, text)])[text]
        assert _on(got, "lex_recap")

    def test_bot_posts_are_not_candidates(self) -> None:
        texts = _features([said(0, "[FIRING] queue depth above 10k", "monitor", bot=True), said(1, "looking")])
        assert list(texts) == ["looking"]

    def test_thread_reply_and_parent_are_marked(self) -> None:
        parent, reply = "anyone know why the importer is stuck?", "it waits on a lock the vacuum holds"
        got = _features([said(0, parent), said(1, reply, "bo", thread=0)])
        assert _on(got[parent], "thread_parent") and not _on(got[parent], "thread_reply")
        assert _on(got[reply], "thread_reply")

    def test_the_incident_commander_is_known_from_taking_command(self) -> None:
        later = "the ledger service keeps dropping its database connections"
        got = _features([said(0, "i'm taking IC for this one", "bo"), said(2, later, "bo"), said(3, "ack", "ana")])
        assert _on(got[later], "author_is_ic") and not _on(got["ack"], "author_is_ic")

    def test_agreement_from_someone_else_right_after_is_marked(self) -> None:
        claim = "the cert on the payments gateway lapsed at midnight"
        got = _features([said(0, claim, "ana"), said(1, "yep, agreed, matches the handshake errors", "bo")])
        assert _on(got[claim], "agreed_after")

    def test_a_draft_of_public_text_is_marked(self) -> None:
        text = 'draft for the status page: "We are looking into failed uploads for some customers."'
        got = _features([said(0, text)])[text]
        assert _on(got, "draft_or_quote")

    def test_length_buckets_are_exclusive(self) -> None:
        got = _features([said(0, "on it"), said(1, " ".join(["word"] * 30))])
        assert _on(got["on it"], "words_le_6") and not _on(got["on it"], "words_21_50")
        long = next(c for t, c in got.items() if t.startswith("word"))
        assert _on(long, "words_21_50") and not _on(long, "words_le_6")


RECAP = "recap for everyone: the token refresher stopped renewing after the secret rotated"
CHANNEL = (
    said(0, "[FIRING] 401s on the partner api above 20%", "monitor", bot=True),
    said(2, "looking at it", "ana"),
    said(6, "auth logs are full of expired token errors", "bo"),
    said(20, RECAP, "ana"),
    said(30, "restarted the refresher with the new secret, 401s back to zero", "bo"),
)


def _recap_model() -> LinearModel:
    """A ranker that knows one thing: a recap states the cause."""
    return LinearModel(name="t", bias=-4.0, weights={"lex_recap": 6.0}, threshold=0.5)


class TestThePickIsCited:
    def test_the_rankers_pick_is_the_cause_when_the_rules_confirm_nothing(self) -> None:
        messages = list(CHANNEL)
        board = Board(channel="CINC")  # the rules confirmed no theory
        chosen = pick(messages, board, _state(messages, board), model=_recap_model(), settings=Settings("hybrid"))
        assert chosen is not None and chosen.citations == (messages[3].ts,)
        whys = five_whys(board, messages, "Impact: partner calls failed", chosen)
        assert not whys[0].answer.startswith(UNKNOWN) and messages[3].ts in whys[0].citations
        assert "token refresher stopped renewing" in whys[0].answer
        assert f"[ts {messages[3].ts}]" in summary(_state(messages, board), board, messages, "Impact: x", chosen)

    def test_rules_policy_ignores_the_ranker(self) -> None:
        messages = list(CHANNEL)
        board = Board(channel="CINC")
        chosen = pick(messages, board, _state(messages, board), model=_recap_model(), settings=Settings("rules"))
        assert chosen is None

    def test_hybrid_keeps_the_rules_cause_unless_the_ranker_is_far_ahead(self) -> None:
        messages = list(CHANNEL)
        board = _board(messages)
        cands = candidates(messages, board, _state(messages, board))
        rules_ts = messages[2].ts
        rules = CausePick(citations=(rules_ts,))
        scored = [
            (c, 1.0 if c.message.ts == messages[3].ts else 0.5 if c.message.ts == rules_ts else -5.0) for c in cands
        ]
        cause = Hypothesis(id="H1", statement="expired tokens", status="confirmed", supporting=(rules_ts,))
        near = choose(scored, cause, threshold=0.1, settings=Settings("hybrid", margin=2.0))
        far = choose(scored, cause, threshold=0.1, settings=Settings("hybrid", margin=0.4))
        assert near is not None and near.citations == rules.citations and near.hypothesis is cause
        assert far is not None and far.citations == (messages[3].ts,) and far.hypothesis is None


class TestNoCauseStaysUnknown:
    def test_a_channel_without_a_cause_statement_stays_unknown_with_the_shipped_model(self) -> None:
        messages = [
            said(0, "[FIRING] checkout p99 above 3s", "monitor", bot=True),
            said(1, "ack, looking", "ana"),
            said(4, "which region is it?", "bo"),
            said(6, "all of them as far as i can tell", "ana"),
            said(15, "scaled the web tier from 6 to 10 pods", "bo"),
            said(25, "p99 back under 400ms", "ana"),
            said(40, "resolving, thanks all", "bo"),
        ]
        board = _board(messages)
        chosen = pick(messages, board, _state(messages, board), model=linear.load(MODEL))
        assert chosen is None
        assert five_whys(board, messages, "Impact: slow checkout", chosen)[0].answer.startswith(UNKNOWN)

    def test_chatter_is_never_stated_even_when_the_ranker_scores_it_high(self) -> None:
        messages = [said(0, "ack, looking", "ana"), said(1, "thanks", "bo")]
        board = _board(messages)
        loud = LinearModel(name="t", bias=5.0, weights={}, threshold=0.5)
        assert pick(messages, board, _state(messages, board), model=loud, settings=Settings("learned")) is None


class TestTheDraftReadsOnlyCauseShapedMessages:
    def test_leaving_out_shapeless_messages_keeps_every_shaped_candidate_as_it_was(self) -> None:
        messages = list(CHANNEL)
        board = _board(messages)
        state = _state(messages, board)
        every = candidates(messages, board, state)
        shaped = candidates(messages, board, state, shaped_only=True)
        assert [c for c in every if cause_shaped(c)] == shaped
        assert 0 < len(shaped) < len(every)  # the channel has chatter to skip and a cause to keep


class TestTheOpenQuestionFollowsTheStatedCause:
    def test_a_stated_but_unconfirmed_cause_asks_whether_it_was_checked_not_what_it_was(self) -> None:
        messages = list(CHANNEL)
        board = Board(channel="CINC")  # the rules confirmed no theory
        state = _state(messages, board)
        chosen = pick(messages, board, state, model=_recap_model(), settings=Settings("hybrid"))
        asked = [q.text for q in generated_questions(state, board, chosen)]
        assert "Was the stated root cause checked?" in asked
        assert "What was the root cause?" not in asked
        assert "What was the root cause?" in [q.text for q in generated_questions(state, board, None)]
