"""Names in the order a reader of the page expects, without ICU.

A database's `ORDER BY` sorts by its collation: PostgreSQL's C collation (and SQLite's binary
one) puts every capital before every small letter and Ä before Å, and either puts Swedish
titles in Swedish order on an English page where English ones are shown. Lists of names are
sorted here instead, by the text shown and the page's language:

- Swedish (sv): å, ä, ö after z, in that order (æ with ä, ø with ö, ü with y), other accents
  with their letter (é with e), small and capital letters together;
- English (and any other language): every accent with its letter (å, ä with a; ö with o;
  æ as ae), small and capital letters together.

Ties on those letters are broken by accents, then case, then the text itself, so that the
order never depends on the order the rows came in."""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from flask_babel import get_locale

Item = TypeVar("Item")

_Z = ord("z")
#: Swedish letters of their own, after z (Unicode puts ä before å).
_SWEDISH_LETTERS = {
    "å": (_Z + 0.25,),
    "ä": (_Z + 0.5,),
    "æ": (_Z + 0.5,),
    "ö": (_Z + 0.75,),
    "ø": (_Z + 0.75,),
    "ü": (ord("y"),),
}
#: Letters that do not decompose into a base letter and an accent.
_SPELLED = {"æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"}


def _primary(text: str, swedish: bool) -> tuple[float, ...]:
    weights: list[float] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if swedish and char in _SWEDISH_LETTERS:
            weights.extend(_SWEDISH_LETTERS[char])
            continue
        base = _SPELLED.get(char) or unicodedata.normalize("NFKD", char)
        weights.extend(ord(c) for c in base if not unicodedata.combining(c))
    return tuple(weights)


def sort_key(text: str | None, language: str) -> tuple[tuple[float, ...], str, str]:
    """The key that sorts `text` for a page in `language` ("sv", "en")."""
    text = text or ""
    folded = unicodedata.normalize("NFC", text.casefold())
    return _primary(text, language == "sv"), folded, text


def sorted_by_name(
    items: Iterable[Item], name: Callable[[Item], str | None], language: str
) -> list[Item]:
    """`items` in the order of `name(item)` for a page in `language`."""
    return sorted(items, key=lambda item: sort_key(name(item), language))


def sorted_for_page(items: Iterable[Item], name: Callable[[Item], str | None]) -> list[Item]:
    """`items` in the order of `name(item)` for the page being answered."""
    return sorted_by_name(items, name, str(get_locale()))
