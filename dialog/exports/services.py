"""Exports as a service: decide rows and file name, and record the export in the audit log.

The caller commits (the audit entry is stored before the first byte leaves), then streams.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.core import audit
from dialog.core.text import slugify
from dialog.exports import rows, sheet, writers
from dialog.exports.theme_columns import THEME_COLUMNS, with_themes
from dialog.insights import queries
from dialog.insights.queries import Filter

KINDS = ("comments", "ratings")


class ExportError(ValueError):
    """The request names a format or kind that does not exist; the message says so."""


@dataclass
class Export:
    filename: str
    mimetype: str
    chunks: Iterator[Any]


def export_plan(
    kind: str,
    plan: Plan,
    selection: Filter,
    fmt: str,
    *,
    actor: Any = None,
    delimiter: str = ",",
    subject: Goal | FocusArea | None = None,
) -> Export:
    """Comments or ratings per goal and focus area of a plan, in `fmt` ("export.<kind>"); of
    one goal, or one focus area and its goals, of the plan when `subject` names it (the summary
    page of a goal or area offers its own, so that no one filters the whole plan by hand)."""
    if kind not in KINDS:
        raise ExportError(f"unknown export {kind!r}: choose {', '.join(KINDS)}")
    if fmt not in writers.FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose {', '.join(writers.FORMATS)}")
    if delimiter not in (",", ";"):
        raise ExportError("the separator is a comma or a semicolon")
    scope = scope_of(plan, subject)
    municipality = plan.municipality
    columns: tuple[str, ...]
    text = None
    if kind == "comments":
        text = rows.COMMENT_TEXT | set(THEME_COLUMNS)
        columns = rows.COMMENT_COLUMNS + THEME_COLUMNS
        found = with_themes(
            rows.comment_rows(
                municipality.id, scope, selection, names=municipality.export_display_names
            ),
            plan.id if subject is None else None,
        )
    else:
        columns, found = rows.RATING_COLUMNS, rows.rating_rows(scope, selection)
    audit.record(
        f"export.{kind}",
        actor=actor,
        municipality_id=municipality.id,
        target=subject or plan,
        after={
            "format": fmt,
            "separator": delimiter if fmt == "csv" else None,
            "display_names": municipality.export_display_names if kind == "comments" else None,
            **selection.as_dict(),
        },
    )
    named = f"{municipality.slug}-{plan.slug}{_named(subject)}"
    name = f"{kind}-{named}-{date.today().isoformat()}.{fmt}"
    # The XLSX is a communicator's file, in words; CSV and JSON keep the codes for programs.
    layout = sheet.layout(columns) if fmt == "xlsx" else None
    return Export(
        name,
        writers.FORMATS[fmt],
        writers.chunks(fmt, columns, found, delimiter, text, layout=layout),
    )


def report_filename(target: Plan | Goal | FocusArea, fmt: str, lang: str) -> str:
    """The report's file name, in its language and named as the exports are (municipality,
    plan, the goal or area): it was "report-lund-4-…", an id that told whoever received the
    file nothing, nor whether it was a plan's, a goal's or a focus area's."""
    plan = target if isinstance(target, Plan) else target.plan
    subject = None if isinstance(target, Plan) else target
    with force_locale(lang):
        word = _("report")
    named = f"{plan.municipality.slug}-{plan.slug}{_named(subject)}"
    return f"{word}-{named}-{date.today().isoformat()}.{fmt}"


def scope_of(plan: Plan, subject: Goal | FocusArea | None) -> queries.Scope:
    if isinstance(subject, Goal):
        return queries.of_goal(subject.id)
    if isinstance(subject, FocusArea):
        return queries.of_area(subject.id)
    return queries.of_plan(plan.id)


def _named(subject: Goal | FocusArea | None) -> str:
    """A dash and the subject's code and title in ASCII (a header carries the file name), or its
    id when nothing of them is left."""
    if subject is None:
        return ""
    return "-" + (slugify(f"{subject.code or ''} {subject.title}", 60) or str(subject.id))


def set_display_names(municipality: Municipality, show: bool, actor: Any) -> None:
    """An administrator's choice: authors by display name (True) or pseudonymous id."""
    before = municipality.export_display_names
    municipality.export_display_names = show
    audit.record(
        "exports.display_names",
        actor=actor,
        municipality_id=municipality.id,
        target=municipality,
        before={"export_display_names": before},
        after={"export_display_names": show},
    )
