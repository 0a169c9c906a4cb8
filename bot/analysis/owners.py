"""Who owns a follow-up: a mention, a name, a handle, "(owner: x)", "→ x", "x to …", or the speaker.

Names are matched the way people type each other's names (first name, handle, no accents); a word
that is no member's name is an owner only where the wording makes it one ("owner: x").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from functools import lru_cache

from bot.analysis import lexicon as lx

_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
"""Letters Unicode does not decompose into a base letter and an accent."""


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    """A name as people type it: lower case, no accents, no leading @ (cached: every owner lookup folds
    the whole roster again)."""
    plain = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return plain.strip().lstrip("@").lower()


def resolve_person(
    said: str, people: Collection[str], *, prefix: bool = True, aliases: Mapping[str, str] | None = None
) -> str | None:
    """The person (one of ``people``, as displayed) that ``said`` names, or None.

    Matches a whole name, a handle's or real name's first part ("tobias" for "tobias.l", "joaquin"
    for "Joaquín Herrera"), another part that only one member's names hold ("wei" for "Chen Wei")
    or a unique prefix of at least three letters, ignoring case and accents
    ("bjorn" for "Bjørn"). ``aliases`` maps the other names a member goes by (real name, handle) to
    the name shown, so a first name finds the member whose display name is a handle.
    """
    want = _fold(said)
    if len(want) < 2:
        return None
    shown_as = {p: p for p in people if p}
    for alias, shown in (aliases or {}).items():
        shown_as.setdefault(alias, shown)
    folded = {name: _fold(name) for name in shown_as}
    for name, plain in folded.items():
        if want == plain or want in re.split(r"[\s._-]+", plain)[:1]:
            return shown_as[name]
    # A given name may come last ("Chen Wei" called "wei"): any whole part of one member's names.
    parts = {shown_as[n] for n, plain in folded.items() if want in re.split(r"[\s._-]+", plain)}
    if len(parts) == 1:
        return parts.pop()
    if not prefix:
        return None
    prefixed = {shown_as[n] for n, plain in folded.items() if len(want) >= 3 and plain.startswith(want)}
    return next(iter(prefixed)) if len(prefixed) == 1 else None


_MEMBER_ID = re.compile(r"[UW][A-Z0-9]+")


def member_aliases(names: Mapping[str, str]) -> dict[str, str]:
    """The names map's other names (real names, handles) -> the name shown; member ids left out.

    A names map holds user id -> display name and may hold every other name a member goes by ->
    that display name (``bot.slackdata.users.names_map``).
    """
    return {name: shown for name, shown in names.items() if not _MEMBER_ID.fullmatch(name)}


_SELF = frozenset({"me", "myself", "i", "mine"})


def list_owner(item: str, author: str, names: Mapping[str, str], people: Collection[str]) -> tuple[str, str | None]:
    """(the item without its owner words, the owner) for one follow-up written by ``author``.

    Reads, in order: "(owner: x)", "… owner x" / "assignee: x", "… → x", a member's name in brackets
    or after a dash at the end, a mention at the end, "x will / x to / x can …", "x: …" and "I'll …".
    """
    owner: str | None = None
    paren = lx.OWNER_PAREN.search(item)
    if paren:
        item = (item[: paren.start()] + " " + item[paren.end() :]).strip()
        said = paren.group("who").strip()
        owner = author if said.lower() in _SELF else named(said, names, people, explicit=True)
        return item, owner
    for pattern, explicit in ((lx.OWNER_WORD, True), (lx.OWNER_ARROW, True), (lx.OWNER_MENTION_END, True)):
        tail = pattern.search(item)
        if tail and len(item[: tail.start()].strip()) >= 4:
            said = tail.group("who")
            found = author if said.lower() in _SELF else named(said, names, people, explicit=explicit)
            if found is not None:
                return item[: tail.start()].strip(" ,;:—–-"), found
    if bracket := lx.OWNER_BRACKET_NAME.search(item) or lx.OWNER_DASH_NAME.search(item):
        said = bracket.group("who")
        found = author if said.lower() in _SELF else named(said, names, people, explicit=False)
        if found is not None:
            return item[: bracket.start()].strip(), found
    if will := lx.OWNER_WILL.search(item):
        who = will.group("who")
        found = named(who, names, people, explicit=who.startswith(("@", "<@")))
        if found is not None:
            before, rest = item[: will.start()].strip(" —–-;,:"), will.group("rest").strip()
            # "step-up auth for prod — @bruno will roll it out" keeps what comes before the name;
            # "@mateo will move the config into git" keeps what follows it.
            return before or rest, found
    if lead := lx.OWNER_LEAD.match(item):
        who = lead.group("who")
        found = named(who, names, people, explicit=who.startswith(("@", "<@")))
        if found is not None:
            return lead.group("rest").strip(), found
    if inline := lx.OWNER_WORD_INLINE.search(item):
        said = inline.group("who")
        found = author if said.lower() in _SELF else named(said, names, people, explicit=True)
        if found is not None and len(item[: inline.start()].strip()) >= 4:
            return item[: inline.start()].strip(" ,;:—–-."), found
    mentions = lx.USER_MENTION.findall(item)
    if len(mentions) == 1:
        found = named(f"<@{mentions[0]}>", names, people, explicit=True)
        rest = " ".join(lx.USER_MENTION.sub(" ", item).split())
        if found is not None and len(rest) >= 4:
            return rest, found
    if lx.I_WILL.match(item):
        owner = author
    return item, owner


def named(said: str, names: Mapping[str, str], people: Collection[str], *, explicit: bool) -> str | None:
    """The person a follow-up names: a mention, a known name, or (when clearly an owner) the word itself."""
    mention = lx.USER_MENTION.search(said)
    if mention:
        return names.get(mention.group("id"), f"<@{mention.group('id')}>")
    if said.strip().lstrip("@").lower() in _NOT_AN_OWNER:
        return None
    found = resolve_person(said, people, aliases=member_aliases(names))
    if found is not None:
        return found
    return said.strip().lstrip("@") if explicit and re.fullmatch(r"@?[\w.\-]{2,30}", said.strip()) else None


_NOT_AN_OWNER = frozenset(
    "tbd tbc none nobody someone anyone team all everyone here channel unassigned unknown n/a na ? we us they".split()
)
"""Words in an owner's place that name nobody ("owner: tbd", "@here")."""
