"""Dates, times and numbers in the reader's language and the municipality's time zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta
from flask import current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from dialog.db import as_utc, utcnow

#: Swedish as in "28 november 2026 kl. 07.26"; English as in "28 November 2026, 07:26".
PATTERNS = {
    "sv": {"datetime": "d MMMM y 'kl'. HH.mm", "date": "d MMMM y"},
    "en": {"datetime": "d MMMM y, HH:mm", "date": "d MMMM y"},
}


def _pattern(kind: str) -> str:
    return PATTERNS.get(str(get_locale()), PATTERNS["sv"])[kind]


def moment(value: datetime | None) -> str:
    """A stored (UTC) time, shown in Europe/Stockholm in the page's language."""
    if value is None:
        return ""
    return format_datetime(as_utc(value), _pattern("datetime"))


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """How long before `now` (by default the present) a stored time was, in the page's
    language: "3 hours ago", "för 3 timmar sedan" (rounded to the largest unit, as Babel does).
    A page passes one `now` for all its times, so that they keep their order however long it
    takes to render; a time a little ahead of the server's clock reads as "1 second ago"."""
    if value is None:
        return ""
    since = min(as_utc(value) - (now or utcnow()), timedelta(seconds=-1))
    return format_timedelta(since, add_direction=True, locale=get_locale())


def day(value: date | None) -> str:
    return "" if value is None else format_date(value, _pattern("date"))


def number(value: int | float | None) -> str:
    """100000 → "100 000" in Swedish, "100,000" in English."""
    return "" if value is None else format_decimal(value)


def iso_local(value: datetime | None) -> str | None:
    """ISO 8601 with the offset of the municipality's time zone: 2026-11-28T07:26:00+01:00."""
    if value is None:
        return None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return as_utc(value).astimezone(zone).isoformat(timespec="seconds")
