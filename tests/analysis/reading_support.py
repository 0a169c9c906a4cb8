"""Small builders for the reading tests: messages in a channel, a minute apart, humans or bots."""

from __future__ import annotations

from bot.domain import Board, Hypothesis, Message

BASE = 1717000000  # 2024-05-29T16:26:40Z


def said(minute: float, text: str, who: str = "ana", *, bot: bool = False, thread: float | None = None) -> Message:
    """A message ``minute`` minutes into the incident; ``thread`` is the parent's minute."""
    ts = f"{BASE + int(minute * 60)}.{int(minute * 1000) % 1000000:06d}"
    thread_ts = None if thread is None else f"{BASE + int(thread * 60)}.{int(thread * 1000) % 1000000:06d}"
    return Message(
        channel="CINC",
        ts=ts,
        text=text,
        user=None if bot else f"U{who.upper()}",
        user_name=who,
        is_bot=bot,
        thread_ts=thread_ts,
        subtype="bot_message" if bot else None,
    )


def board(*texts: str) -> tuple[Hypothesis, ...]:
    """The rules' board after ``texts``, one person's messages a minute apart."""
    from bot.analysis.hypotheses import fold_messages

    return fold_messages(Board(channel="CINC"), [said(i, t) for i, t in enumerate(texts)]).hypotheses


def statements(*texts: str) -> list[str]:
    """The lower-cased statements of the rules' board after ``texts``."""
    return [h.statement.lower() for h in board(*texts)]


def status_of(hs: tuple[Hypothesis, ...], word: str) -> str:
    """The status of the one hypothesis whose statement contains ``word``."""
    (found,) = [h.status for h in hs if word in h.statement.lower()]
    return found


def one(text: str, who: str = "ana", *, bot: bool = False) -> Message:
    return said(0, text, who, bot=bot)


def mitigated_after(alert: Message, messages: list[Message]) -> str | None:
    """The mitigation time (HH:MM) the lifecycle reads from ``alert`` then ``messages``, or None."""
    from bot.analysis.lifecycle import derive
    from bot.domain import IncidentState

    state = derive(IncidentState(channel="CINC", name="inc-x"), [alert, *messages], None)
    return None if state.mitigated_at is None else f"{state.mitigated_at:%H:%M}"
