"""Dates, times and numbers in the reader's language and the municipality's time zone."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_datetime
from babel.dates import format_timedelta
from babel.dates import get_timezone as babel_timezone
from flask import current_app
from flask_babel import format_date, format_decimal, get_locale, get_timezone

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
    return _moment(as_utc(value), str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=4096)
def _moment(value: datetime, locale: str, zone: str) -> str:
    """Remembered: a page of comments shows each comment's time three times (its header and
    the names of its links), and the next render of the page the same times again; Babel takes
    some 20 µs for each."""
    pattern = PATTERNS.get(locale, PATTERNS["sv"])["datetime"]
    return babel_datetime(value, pattern, tzinfo=babel_timezone(zone), locale=locale)


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
