"""A fitted reading of "this message puts forward a theory the board does not hold".

Of the dev keys' 336 hypotheses, 86 end on no board at all, and almost all of those were raised by a
message the rules' fold never touches (no theory raised, supported or refuted by it): a guess the
rules' theory shapes do not know ("half the rows are still null" as the explanation, a log line
pasted as the reason, a question naming a suspect in an unusual way). No status model can score a
theory that is not on the board. This module reads each such message once, as the board folds it,
and says whether it raises one.

What it reads (named signals; words only under the batch guard of :mod:`bot.analysis.key_words`):

- the rules' reading of the message (``classify.Reading`` flags) and lexicon classes of theories,
  hedges, findings, causes, plans and chatter, each a general class of phrasing;
- its shape (question, thread reply, length, numbers, code, mentions);
- the board at that moment (empty, theories open, one confirmed, whether the message names something
  no theory names, or names a theory's subject, whether a theory was just raised, whether it follows
  a question);
- the words, as placeholders and lowercase tokens, fitted through the batch guard (a token counts only
  when messages of K dev batches use it; ``bot/playback/hyp_raise_train.py``).

A theory the model raises is marked (``Hypothesis.raised_by_model``) and then flows through the
board's rules for later messages like any other theory, with two limits: it is never the theory a
bare "yes" answers (it does not become the board's recent theory), and the model never confirms it.
Its final status follows the fitted policy (:data:`POLICIES`), applied by the fold itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from bot.analysis import lexicon as lx
from bot.analysis.claims import hedged, plan_question
from bot.analysis.classify import read
from bot.analysis.key_features import GROUPS, LEXICON, READING_FLAGS
from bot.analysis.key_words import PAIR, WORD, word_features
from bot.analysis.lexicon import theories as th
from bot.analysis.linear import LinearModel, parse, read_json
from bot.analysis.sentences import sentences
from bot.analysis.terms import named
from bot.domain import Message
from bot.errors import ConfigError

MODEL = "hyp_raise"
POLICY_FILE = "hyp_raise_policy"
SCRIPT = "scripts/train_hyp_raise.py"
WORDS = "rw:"
"""Prefix of the message's word features (``rw:w:…`` tokens, ``rw:b:…`` pairs)."""
POLICIES = ("open", "other_confirmed")
"""What a model-raised theory that nothing settled becomes: ``open`` leaves it to the rules;
``other_confirmed`` refutes it (with no citation of its own) once another theory is confirmed and
nothing supported it, which is what the keys do with a guess the channel dropped for the real cause."""

THEORY_CLASSES: Mapping[str, re.Pattern[str]] = {
    "hypothesis_cue": lx.HYPOTHESIS_CUE,
    "theory_more": lx.THEORY_CUE_MORE,
    "theory_subject": lx.THEORY_SUBJECT,
    "theory_effect": lx.THEORY_EFFECT,
    "could_x_be": lx.THEORY_COULD_X_BE,
    "yes_no_theory": lx.THEORY_YES_NO,
    "are_we": lx.THEORY_ARE_WE,
    "suspect_state": lx.SUSPECT_STATE,
    "theory_tag": lx.THEORY_TAG,
    "theory_ours": lx.THEORY_OURS,
    "theory_why": lx.THEORY_WHY,
    "theory_label": lx.THEORY_LABEL,
    "not_a_theory": lx.NOT_A_THEORY,
    "support_cue": lx.SUPPORT_CUE,
    "refute_cue": lx.REFUTE_CUE,
    "plan_question": th.PLAN_QUESTION,
    "will_check": th.WILL_CHECK,
    "belief_lead": th.BELIEF_LEAD,
    "process_check": lx.PROCESS_CHECK,
    "person_asked": th.PERSON_ASKED,
    "hedge": lx.HEDGE,
    "causal_verb": lx.CAUSAL_VERB,
    "pleasantry": lx.PLEASANTRY,
    "diagnose_words": lx.DIAGNOSE,
}
"""Lexicon classes about theories and talk, read as yes/no (each a class of phrasing). With the rest,
59 named signals (at most 60 per model, docs/learned-models.md)."""

PROPOSAL = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|or|also|then|hm+|maybe|just|quick q|q)\W+){0,2}"
    r"(?:(?:should|shall|can|could|do|must|may)\s+(?:we|i)\b|let'?s\b|lets\b|we\s+(?:should|could|can)\b|"
    r"want\s+me\s+to\b|(?:i'?ll|i\s+will|i\s+can)\b)",
    re.IGNORECASE,
)
"""A sentence that proposes or asks for a step by the speaker's side (a first-person modal: "should we
…?", "can I …?", "let's …", "we could …", "I'll …"): a plan, which Sitrep keeps off the board
(docs/labelling.md), however a key lists it. The raise reading never raises such a message."""
_CODE = re.compile(r"`")
_NUMBER = re.compile(r"\d")
_MENTION = re.compile(r"<@[A-Z0-9]+>|(?:^|\s)@\w")


@dataclass(frozen=True)
class BoardContext:
    """The board as the fold holds it when a message is read (what the raise reading needs of it)."""

    theories: int
    open: int
    confirmed: int
    names: frozenset[str]
    """Everything the board's theories name (``terms.named`` of their statements)."""
    recent: bool
    """A theory was raised or judged within the last few human messages."""
    after_question: bool
    """The previous human message asked a question that raised no theory."""


def _length(words: int) -> str:
    if words <= 6:
        return "len_short"
    if words <= 20:
        return "len_mid"
    if words <= 50:
        return "len_long"
    return "len_very_long"


@lru_cache(maxsize=4096)
def _text_features(text: str, words: bool) -> tuple[tuple[str, float], ...]:
    """The features that depend on the text alone, read once per distinct text (a channel that
    repeats a line pays for it once, like ``classify.read``)."""
    f: dict[str, float] = {f"lex_{n}": 1.0 for n, p in LEXICON.items() if p.search(text)}
    f.update({f"lex_{n}": 1.0 for n, g in GROUPS.items() if any(p.search(text) for p in g)})
    f.update({f"th_{n}": 1.0 for n, p in THEORY_CLASSES.items() if p.search(text)})
    if hedged(text):
        f["hedged"] = 1.0
    if plan_question(text):
        f["plan"] = 1.0
    if "?" in text:
        f["question"] = 1.0
    if text.rstrip().endswith("?"):
        f["ends_question"] = 1.0
    f[_length(len(text.split()))] = 1.0
    for name, pattern in (("has_code", _CODE), ("has_number", _NUMBER), ("has_mention", _MENTION)):
        if pattern.search(text):
            f[name] = 1.0
    if words:
        f.update(dict.fromkeys((WORDS + w for w in word_features(text)), 1.0))
    return tuple(f.items())


def raise_features(message: Message, board: BoardContext, *, words: bool = True) -> dict[str, float]:
    """Named features of a person's message the board left untouched (present = 1)."""
    f = dict(_text_features(message.text, words))
    reading = read(message)  # cached by text, author and bot flag
    f.update({f"read_{flag}": 1.0 for flag in READING_FLAGS if getattr(reading, flag)})
    if reading.kind in ("alert", "diagnose", "chatter"):
        f[f"class_{reading.kind}"] = 1.0
    if message.is_reply:
        f["thread_reply"] = 1.0
    says = named(message.text)
    if not says:
        f["names_nothing"] = 1.0
    elif says - board.names:
        f["names_new"] = 1.0
    if says & board.names:
        f["names_theory"] = 1.0
    if board.theories == 0:
        f["board_empty"] = 1.0
    if board.open:
        f["board_open"] = 1.0
    if board.open >= 3:
        f["board_open_many"] = 1.0
    if board.confirmed:
        f["board_confirmed"] = 1.0
    if board.recent:
        f["board_recent"] = 1.0
    if board.after_question:
        f["after_question"] = 1.0
    return f


def proposes(text: str) -> bool:
    """A sentence of ``text`` proposes a step (:data:`PROPOSAL`): the message is a plan, not a theory."""
    return any(PROPOSAL.match(s) for s in sentences(text))


def is_word(name: str) -> bool:
    return name.startswith((WORDS + WORD, WORDS + PAIR))


@dataclass(frozen=True)
class RaiseModel:
    """The fitted scorer and the policy for the theories it raises."""

    model: LinearModel
    policy: str

    def probability(self, message: Message, board: BoardContext) -> float:
        return self.model.probability(raise_features(message, board))

    def raises(self, message: Message, board: BoardContext) -> float | None:
        """The probability when it clears the model's cut (the message raises a theory), else None."""
        if proposes(message.text):
            return None
        p = self.probability(message, board)
        return p if p >= self.model.threshold else None


def policy_json(policy: str) -> str:
    return json.dumps({"policy": policy}, indent=2) + "\n"


def load_from(folder: Traversable) -> RaiseModel:
    """The raise model in ``folder``; a missing or malformed file is one ``ConfigError`` naming the script."""
    where = f"bot/analysis/models/{MODEL}.json"
    try:
        model = parse(read_json(folder, MODEL, SCRIPT), where=where)
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("scripts/train_*.py", SCRIPT)) from exc
    doc = read_json(folder, POLICY_FILE, SCRIPT)
    policy = doc.get("policy")
    if policy not in POLICIES:
        raise ConfigError(
            f"bot/analysis/models/{POLICY_FILE}.json: unknown policy {policy!r} (one of {', '.join(POLICIES)}); "
            f"regenerate it with {SCRIPT}"
        )
    return RaiseModel(model=model, policy=str(policy))


@cache
def load() -> RaiseModel:
    """The shipped raise model (``bot/analysis/models``), read once per process."""
    return load_from(resources.files("bot.analysis").joinpath("models"))
