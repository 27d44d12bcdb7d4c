"""The period a summary covers, in words, with its first day.

A report read months later said "the whole dialogue up to and including 7 December" and left
the reader to guess when it began. The first day is the day the dialogue opened (the goal's,
focus area's or plan's dialogue window), else, or when something came in before it (a paper
form received earlier), the day of the first comment or rating in scope; the text says which.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select, union_all

from dialog.catalogue.models import DialogueWindow, FocusArea, Goal, Plan
from dialog.catalogue.phases import focus_area_window, goal_window
from dialog.core.dates import day
from dialog.db import as_utc
from dialog.extensions import db
from dialog.insights.queries import Filter, Scope
from dialog.participation.models import Comment, Rating


@dataclass(frozen=True)
class Start:
    day: date
    #: True: the day the dialogue window opened; False: the day of the first comment or rating.
    opened: bool


def window_of(target: Any) -> DialogueWindow | None:
    """The dialogue window of a goal or focus area, as their pages show it, or of a plan."""
    if isinstance(target, Goal):
        return goal_window(target)
    if isinstance(target, FocusArea):
        return focus_area_window(target)
    if isinstance(target, Plan):
        return target.window
    return None


def _local_day(value: datetime | None) -> date | None:
    if value is None:
        return None
    return as_utc(value).astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def first_day(scope: Scope) -> date | None:
    """The day the first comment (an imported one on the day it was received) or rating in
    scope came in, in the municipality's time zone.

    One statement (it was three, each reading every comment or every rating of the
    municipality through the OR of `Scope.comments`: 0.2 s of a plan summary's 0.7 s at
    bench size). The comments are read once per kind of subject, from each one's index; the
    first rating is found per goal and per focus area from the index on (subject, created_at),
    one index entry each."""
    comments = union_all(
        *(
            select(
                func.min(Comment.received_on).label("received"),
                func.min(case((Comment.received_on.is_(None), Comment.created_at))).label(
                    "written"
                ),
            ).where(part)
            for part in scope.comment_parts()
        )
    ).subquery()
    firsts = []
    for column, subjects in ((Rating.goal_id, scope.goals), (Rating.focus_area_id, scope.areas)):
        if subjects is None:
            continue
        ids = subjects.subquery()
        first = select(func.min(Rating.created_at)).where(column == ids.c[0]).scalar_subquery()
        firsts.append(select(first.label("rated")).select_from(ids))
    rated = union_all(*firsts).subquery()
    received, written, first_rated = db.session.execute(
        select(
            func.min(comments.c.received),
            func.min(comments.c.written),
            select(func.min(rated.c.rated)).scalar_subquery(),
        )
    ).one()
    days = [d for d in (received, _local_day(written), _local_day(first_rated)) if d is not None]
    return min(days, default=None)


def dialogue_start(scope: Scope, target: Any = None) -> Start | None:
    """The first day of the dialogue in scope; None when it never opened and nothing came in."""
    window, first = window_of(target), first_day(scope)
    if window is not None and (first is None or window.opens_on <= first):
        return Start(window.opens_on, opened=True)
    return None if first is None else Start(first, opened=False)


def period_text(selection: Filter, created: date | None = None, start: Start | None = None) -> str:
    """The period the figures cover; without a last day, up to the day the report was made, so
    that a reader months later knows what "the whole dialogue" held; without a first day, from
    the day the dialogue began (`start`), saying how that day was found."""
    if selection.since and selection.until:
        return _("%(since)s to %(until)s", since=day(selection.since), until=day(selection.until))
    if selection.since:
        if created is not None:
            return _("%(since)s to %(until)s", since=day(selection.since), until=day(created))
        return _("from %(since)s", since=day(selection.since))
    until = selection.until or created
    if start is not None and until is not None and start.day <= until:
        if selection.until:
            text = _(
                "from %(since)s up to and including %(until)s",
                since=day(start.day),
                until=day(until),
            )
        else:
            text = _(
                "the whole dialogue, from %(since)s up to and including %(until)s",
                since=day(start.day),
                until=day(until),
            )
        return text + " " + _start_text(start)
    if selection.until:
        return _("until %(until)s", until=day(selection.until))
    if created is not None:
        return _("the whole dialogue up to and including %(until)s", until=day(created))
    return _("the whole dialogue")


def _start_text(start: Start) -> str:
    if start.opened:
        return _("(the first day is the day the dialogue opened)")
    return _("(the first day is the day of the first comment or rating)")
