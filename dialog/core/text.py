"""Small text helpers shared by the importer, the views and the API."""

import re

from slugify import slugify as _slugify

# Swedish letters become their base letter (å→a, ä→a, ö→o), as Swedish URLs usually spell them.
_SWEDISH = [["å", "a"], ["ä", "a"], ["ö", "o"], ["Å", "a"], ["Ä", "a"], ["Ö", "o"]]


def slugify(text: str, max_length: int = 100) -> str:
    """'Lunds kommun' → 'lunds-kommun'; 'Övergripande mål' → 'overgripande-mal'."""
    return _slugify(text, max_length=max_length, word_boundary=True, replacements=_SWEDISH)


#: C0 controls but tab, newline and carriage return; DEL and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    """True for characters no visitor types (NUL and friends); tabs and newlines are fine.
    One search in C: every form field and query value of every request is read with it."""
    return _CONTROL.search(text) is not None


def whole_number(value: str | None) -> int | None:
    """An id typed in an address or a form, or None: ASCII digits only ("²" is a digit to
    `isdigit` but not to `int`, and `int` reads "١٢" as 12), short enough for an integer
    column. Every number read from request data goes through here, never `isdigit` + `int`."""
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def parse_page(text: str, maximum: int) -> int | None:
    """A page number from a query string: a `whole_number` from 1 to `maximum`."""
    number = whole_number(text)
    return number if number is not None and 1 <= number <= maximum else None


#: White space that is not a single space or no-break space: line breaks, tabs and runs.
_LOOSE_SPACE = re.compile(r"\s{2,}|[^\S \u00a0\u202f]")


def one_line(text: str) -> str:
    """A title as it is stored, typed in a form's box or given in a goal document: line breaks,
    tabs and runs of white space become one space, none at the ends. A title is one line (in
    lists, headings and the page's title), and the same title must be stored the same way
    whichever way it came in; a single no-break space ("2 000") is kept."""
    return _LOOSE_SPACE.sub(" ", text).strip()
