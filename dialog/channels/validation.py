"""Check every row of a file of comments from other channels before anything is written.

Each value is checked on its own (text, channel, date, reference, district, age band), then
references across the file and against the comments imported earlier. A row that was imported
before with the same text is not a problem: it is counted as already imported.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from dialog.accounts.models import AgeBand
from dialog.catalogue.models import District, Goal
from dialog.channels.quoting import Quoted, Said, municipal, said
from dialog.channels.reading import Problem, Row, Sheet
from dialog.extensions import db
from dialog.participation.models import IMPORTED_CHANNELS, Comment, CommentChannel

#: Told (column, message) for each problem with a value.
Complain = Callable[[str, str | Said], None]
#: The longest text an imported comment may have (the hard cap of a comment on the site).
MAX_TEXT = 10_000
MAX_REF = 100
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Swedish names for the channels, as a municipality's own spreadsheet may write them.
SWEDISH_CHANNELS = {
    "papper": "paper",
    "pappersblankett": "paper",
    "möte": "meeting",
    "e-post": "email",
    "epost": "email",
    "mejl": "email",
    "telefon": "phone",
    "enkät": "survey",
    "annat": "other",
}
#: The Swedish name a problem in the Swedish interface calls each channel by.
SWEDISH_NAMES = {value: name for name, value in reversed(SWEDISH_CHANNELS.items())}


@dataclass(frozen=True)
class Incoming:
    """One valid row, ready to be stored."""

    line: int
    text: str
    channel: CommentChannel
    received_on: date | None
    ref: str | None
    district_id: int | None
    age_band: AgeBand | None
    #: What makes the row the same row when the file is imported again.
    key: str


def validate(
    goal: Goal, sheet: Sheet, default_channel: CommentChannel | None, today: date
) -> tuple[list[Incoming], list[Problem]]:
    """The rows as comments to store, or every problem found (then nothing is to be stored)."""
    problems = list(sheet.problems)
    districts = {
        name.casefold(): district_id
        for district_id, name in db.session.execute(
            select(District.id, District.name).filter_by(municipality_id=goal.plan.municipality_id)
        )
    }
    checked: list[Incoming] = []
    first_line: dict[tuple[str, str], int] = {}
    repeats: dict[tuple, int] = {}
    for row in sheet.rows:
        found: list[Problem] = []

        problem = _complainer(row, found, sheet.unit)

        text = _text(row.values.get("text", ""), problem)
        channel = _channel(row.values.get("channel", ""), default_channel, problem)
        received = _received(row.values.get("received_on", ""), today, problem)
        ref = row.values.get("ref", "") or None
        if ref is not None and len(ref) > MAX_REF:
            problem("ref", _("the reference is longer than %(n)s characters", n=MAX_REF))
        if ref is not None and channel is not None:
            earlier = first_line.setdefault((channel.value, ref), row.line)
            if earlier != row.line:
                problem(
                    "ref",
                    said(
                        _("the reference '%(ref)s' for %(channel)s is also on %(unit)s %(n)s"),
                        ref=municipal(ref),
                        channel=_name(channel),
                        unit=_("line") if sheet.unit == "line" else _("item"),
                        n=earlier,
                    ),
                )
        district_id = _district(row.values.get("district", ""), districts, problem)
        band = _age_band(row.values.get("age_band", ""), problem)
        problems.extend(found)
        if found or text is None or channel is None:
            continue
        identity = (
            (channel.value, ref) if ref else (channel.value, text, received, district_id, band)
        )
        repeats[identity] = repeats.get(identity, 0) + 1
        checked.append(
            Incoming(
                row.line,
                text,
                channel,
                received,
                ref,
                district_id,
                band,
                _key(goal.id, identity, repeats[identity]),
            )
        )
    problems.extend(_against_earlier_imports(goal, checked, sheet.unit))
    if not sheet.rows and not problems:
        problems.append(Problem(_("The file holds no comments.")))
    return ([] if problems else checked), problems


def _complainer(row: Row, found: list[Problem], unit: str) -> Complain:
    def problem(column: str, message: str | Said) -> None:
        found.append(Problem(message, line=row.line, column=column, unit=unit))

    return problem


def _text(value: str, problem: Complain) -> str | None:
    text = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
    if not text:
        problem("text", _("the text is missing"))
        return None
    if len(text) > MAX_TEXT:
        problem(
            "text",
            _("the text is %(n)s characters long; at most %(limit)s", n=len(text), limit=MAX_TEXT),
        )
        return None
    return text


def _channel(
    value: str, default: CommentChannel | None, problem: Complain
) -> CommentChannel | None:
    name = value.strip().casefold()
    if not name:
        if default is None:
            problem("channel", said(_("the channel is missing (%(known)s)"), known=_known()))
        return default
    name = SWEDISH_CHANNELS.get(name, name)
    if name not in {channel.value for channel in IMPORTED_CHANNELS}:
        problem(
            "channel",
            said(_("unknown channel '%(value)s' (use %(known)s)"), value=value, known=_known()),
        )
        return None
    return CommentChannel(name)


def _name(channel: CommentChannel) -> Quoted:
    """The channel as a file may write it, in the interface's language: a Swedish problem
    says "papper", an English one "paper" (both are read)."""
    if str(get_locale() or "") == "sv":
        return Quoted(SWEDISH_NAMES[channel.value], "sv")
    return Quoted(channel.value, "en")


def _known() -> tuple[Quoted, ...]:
    return tuple(_name(channel) for channel in IMPORTED_CHANNELS)


def _received(value: str, today: date, problem: Complain) -> date | None:
    if not value:
        return None
    if not DATE_PATTERN.match(value):
        problem("received_on", _("'%(value)s' is not a date (write YYYY-MM-DD)", value=value))
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problem("received_on", _("%(value)s is not a date in the calendar", value=value))
        return None
    if day > today:
        problem("received_on", _("%(value)s is in the future", value=value))
        return None
    return day


def _district(value: str, districts: dict[str, int], problem: Complain) -> int | None:
    if not value:
        return None
    found = districts.get(value.casefold())
    if found is None:
        # The municipality's own (Swedish) names: the file's value, unknown, is of no language.
        known = tuple(municipal(name) for name in sorted(districts)) or _("none are set up")
        problem(
            "district",
            said(
                _("unknown district '%(value)s' (the districts: %(known)s)"),
                value=value,
                known=known,
            ),
        )
    return found


def _age_band(value: str, problem: Complain) -> AgeBand | None:
    if not value:
        return None
    normalised = value.replace("–", "-").replace(" ", "")
    if normalised not in {band.value for band in AgeBand}:
        problem(
            "age_band",
            _(
                "unknown age band '%(value)s' (use %(known)s)",
                value=value,
                known=", ".join(band.value for band in AgeBand),
            ),
        )
        return None
    return AgeBand(normalised)


def _key(goal_id: int, identity: tuple, occurrence: int) -> str:
    """The idempotency key stored as the comment's submission token: a reference identifies
    its row; a row without one is identified by its values and which repeat of them it is."""
    parts = [str(goal_id), *(str(part) for part in identity), str(occurrence)]
    return hashlib.sha256("\x1f".join(["import", *parts]).encode("utf-8")).hexdigest()


def _against_earlier_imports(goal: Goal, rows: list[Incoming], unit: str) -> list[Problem]:
    """A reference imported before with another text is a conflict, not a repeat."""
    refs = {row.ref for row in rows if row.ref}
    if not refs:
        return []
    stored = {
        (channel, ref): body
        for channel, ref, body in db.session.execute(
            select(Comment.channel, Comment.source_ref, Comment.body).where(
                Comment.goal_id == goal.id, Comment.source_ref.in_(refs)
            )
        )
    }
    problems = []
    for row in rows:
        body = stored.get((row.channel, row.ref)) if row.ref else None
        if body is not None and body != row.text:
            problems.append(
                Problem(
                    said(
                        _("the reference '%(ref)s' was imported earlier with another text"),
                        ref=municipal(row.ref or ""),
                    ),
                    line=row.line,
                    column="ref",
                    unit=unit,
                )
            )
    return problems
