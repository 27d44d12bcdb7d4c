"""Exports as a service: decide rows and file name, and record the export in the audit log.

The caller commits (the audit entry is stored before the first byte leaves), then streams.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialog.catalogue.models import Municipality, Plan
from dialog.core import audit
from dialog.exports import rows, writers
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
) -> Export:
    """Comments or ratings per goal and focus area of a plan, in `fmt` ("export.<kind>")."""
    if kind not in KINDS:
        raise ExportError(f"unknown export {kind!r}: choose {', '.join(KINDS)}")
    if fmt not in writers.FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose {', '.join(writers.FORMATS)}")
    if delimiter not in (",", ";"):
        raise ExportError("the separator is a comma or a semicolon")
    scope = queries.of_plan(plan.id)
    municipality = plan.municipality
    columns: tuple[str, ...]
    text = None
    if kind == "comments":
        text = rows.COMMENT_TEXT | set(THEME_COLUMNS)
        columns = rows.COMMENT_COLUMNS + THEME_COLUMNS
        found = with_themes(
            rows.comment_rows(
                municipality.id, scope, selection, names=municipality.export_display_names
            )
        )
    else:
        columns, found = rows.RATING_COLUMNS, rows.rating_rows(scope, selection)
    audit.record(
        f"export.{kind}",
        actor=actor,
        municipality_id=municipality.id,
        target=plan,
        after={
            "format": fmt,
            "separator": delimiter if fmt == "csv" else None,
            "display_names": municipality.export_display_names if kind == "comments" else None,
            **selection.as_dict(),
        },
    )
    name = f"{kind}-{municipality.slug}-{plan.slug}-{date.today().isoformat()}.{fmt}"
    return Export(name, writers.FORMATS[fmt], writers.chunks(fmt, columns, found, delimiter, text))


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
