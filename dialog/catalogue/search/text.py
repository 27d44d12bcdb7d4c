"""Swedish words and stems, the same way on both databases (Snowball, as PostgreSQL uses)."""

import re
from functools import cache
from typing import Any

import snowballstemmer

WORD = re.compile(r"\w+")
#: Snowball's Swedish stop words (PostgreSQL's swedish.stop is the same list).
STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra
    ert era vilkas
    """.split()
)
MAX_WORD = 100


@cache
def _stemmer() -> Any:  # snowballstemmer is untyped
    return snowballstemmer.stemmer("swedish")


def words(text: str) -> list[str]:
    """Case-folded words, without stop words."""
    found = (w for w in WORD.findall(text.casefold()) if len(w) <= MAX_WORD)
    return [w for w in found if w not in STOP_WORDS and w != "_"]


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def stem_document(text: str) -> str:
    """' stem stem … ' with a space on each side, so that LIKE '% stem%' finds a word start."""
    return " " + " ".join(dict.fromkeys(stems(text))) + " "
