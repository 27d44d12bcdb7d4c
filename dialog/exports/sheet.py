"""The XLSX exports as a communicator's file: headers and coded values in words, in the
language of the request (Swedish by default, so also on the command line), the header row
frozen and filtered, each column a readable width and the long text wrapped.

The CSV and JSON exports keep the column names and codes of rows.py (comment_id, web,
published): they are the files for programs, and a program must not break when the words change.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.participation.models import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    STATUS_LABELS,
    RatingQuestion,
)
from dialog.participation.subjects import FOCUS_AREA, GOAL

HEADERS = {
    "comment_id": _l("Comment no."),
    "subject_type": _l("Type"),
    "subject_id": _l("Goal or focus area no."),
    "subject_code": _l("Code"),
    "subject": _l("Goal or focus area"),
    "reply_to": _l("In reply to"),
    "author": _l("Author"),
    "channel": _l("Channel"),
    "ref": _l("Reference"),
    "received_on": _l("Received"),
    "category": _l("Category"),
    "status": _l("Status"),
    "created_at": _l("Written"),
    "edited_at": _l("Edited"),
    "agree": _l("Agree"),
    "disagree": _l("Disagree"),
    "replies": _l("Replies"),
    "reports": _l("Reports"),
    "text": _l("Text"),
    "theme": _l("Theme"),
    "tags": _l("Tags"),
    "question": _l("Question"),
    "answers": _l("Answers (1–5)"),
    "dont_know": _l("Don't know"),
    "mean": _l("Mean"),
    "median": _l("Median"),
    "ci95_low": _l("Confidence interval (95 percent), lower"),
    "ci95_high": _l("Confidence interval (95 percent), upper"),
}
#: The coded columns and the words for their codes.
CODES: dict[str, dict[str, Any]] = {
    "subject_type": {GOAL: _l("Goal"), FOCUS_AREA: _l("Focus area")},
    "channel": {channel.value: label for channel, label in CHANNEL_LABELS.items()},
    "category": {category.value: label for category, label in CATEGORY_LABELS.items()},
    "status": {status.value: label for status, label in STATUS_LABELS.items()},
    "question": {
        RatingQuestion.IMPORTANCE.value: _l("Importance"),
        RatingQuestion.PERFORMANCE.value: _l("Performance"),
    },
}
#: Widths in characters; a column not named is NARROW.
WIDTHS = {
    "subject": 40,
    "author": 14,
    "channel": 18,
    "ref": 14,
    "received_on": 12,
    "category": 14,
    "status": 22,
    "created_at": 17,
    "edited_at": 17,
    "text": 80,
    "theme": 28,
    "tags": 24,
    "question": 18,
}
NARROW = 11
#: Room a header needs beyond its words: bold type, and the filter's button at the right.
HEADER_ROOM = 3
#: Points a line of the default type (Calibri 11) takes.
LINE_HEIGHT = 15
#: Wrapped, so that a long comment reads in its cell instead of running past the screen.
WRAPPED = frozenset({"subject", "text", "theme", "tags"})
#: Times as dates and times a spreadsheet can sort and filter (shown in local time, as written).
TIMES = frozenset({"created_at", "edited_at"})


def _header(column: str) -> str:
    if column.startswith("answered_"):
        return _("Answered %(value)s", value=column.removeprefix("answered_"))
    return str(HEADERS.get(column, column))


def _time(value: Any) -> Any:
    """An ISO time with its offset as the local time without it (Excel has no time zones)."""
    return datetime.fromisoformat(value).replace(tzinfo=None) if value else None


def _worded(words: dict[str, str]) -> Callable[[Any], Any]:
    """A code as its word (an unknown code as it is)."""
    return lambda code: words.get(code, code)


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if value else None


@dataclass
class Layout:
    """The words and shape of one workbook, resolved in the request's language when made."""

    headers: list[str]
    widths: list[int]
    wrapped: list[bool]
    #: The header row's height in points: every header's words shown whole.
    header_height: float = LINE_HEIGHT
    #: (position, convert) for each column whose value is shown otherwise than stored.
    converters: list[tuple[int, Callable[[Any], Any]]] = field(default_factory=list)

    def row(self, row: Sequence[Any]) -> list[Any]:
        if not self.converters:
            return list(row)
        cells = list(row)
        for position, convert in self.converters:
            cells[position] = convert(cells[position])
        return cells


def layout(columns: Iterable[str]) -> Layout:
    """The communicator's layout of an export with these columns (rows.py's names)."""
    names = list(columns)
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(names):
        if name in CODES:
            words = {code: str(label) for code, label in CODES[name].items()}
            converters.append((position, _worded(words)))
        elif name in TIMES:
            converters.append((position, _time))
        elif name == "received_on":
            converters.append((position, _day))
    headers = [_header(name) for name in names]
    widths = [
        max(WIDTHS.get(name, NARROW), _longest_word(header) + HEADER_ROOM)
        for name, header in zip(names, headers, strict=True)
    ]
    shown = zip(headers, widths, strict=True)
    lines = max((_lines(header, width - HEADER_ROOM) for header, width in shown), default=1)
    return Layout(
        headers=headers,
        widths=widths,
        wrapped=[name in WRAPPED for name in names],
        header_height=lines * LINE_HEIGHT,
        converters=converters,
    )


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _lines(text: str, width: int) -> int:
    """How many lines `text` takes wrapped at word breaks in `width` characters. A spreadsheet
    sizes no row when it opens a file (LibreOffice keeps the stored height), so the header
    row is given the height its longest header needs."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines
