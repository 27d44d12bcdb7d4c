"""Disclosure export (utlämnande av allmän handling) for a municipality's administrators.

Every record of a plan's dialogue, hidden and rejected comments included: the comments and
replies in every status, their earlier texts (versions), the reports on them and their
moderation history (the audit log's entries on each comment). Authors and reporters appear
as in other exports (pseudonymous ids unless the administrator chose display names); no
e-mail address or other contact data is included. The administrator still decides, before
handing it out, whether anything in it is secret (sekretessprövning).
"""

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from dialog.accounts.models import User
from dialog.catalogue.models import Plan
from dialog.core import audit
from dialog.core.audit import AuditEntry
from dialog.core.dates import iso_local
from dialog.exports.rows import BATCH, COMMENT_COLUMNS, CommentShape, comments_query, pseudonym
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter, Scope, comments_in_period
from dialog.participation.models import Comment, CommentStatus, CommentVersion, Report

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
COMMENTS = (*COMMENT_COLUMNS[:-1], "moderation_reason", "withdrawn_at", "text")
VERSIONS = ("comment_id", "written_at", "replaced_at", "category", "text")
REPORTS = ("report_id", "comment_id", "created_at", "reporter", "reason", "details", "resolved_at")
#: (sheet name, column names, rows)
Part = tuple[str, tuple[str, ...], Iterator[tuple]]
HISTORY = (
    "entry_id",
    "comment_id",
    "created_at",
    "action",
    "official",
    "reason",
    "before",
    "after",
)


def _comment_ids(scope: Scope, selection: Filter) -> Select:
    return comments_in_period(select(Comment.id).where(scope.comments()), selection)


def _comments(
    municipality_id: int, scope: Scope, selection: Filter, names: bool
) -> Iterator[tuple]:
    query = comments_query(scope, selection, statuses=tuple(CommentStatus)).add_columns(
        Comment.moderation_reason, Comment.withdrawn_at
    )
    shape = CommentShape(municipality_id, names)
    for row in db.session.connection().execute(query.execution_options(yield_per=BATCH)):
        base = shape(row)
        yield (*base[:-1], row[21] or "", iso_local(row[22]) or "", base[-1])


def _versions(ids: Select) -> Iterator[tuple]:
    query = select(CommentVersion).where(CommentVersion.comment_id.in_(ids))
    for version in db.session.scalars(
        query.order_by(CommentVersion.id).execution_options(yield_per=BATCH)
    ):
        yield (
            version.comment_id,
            iso_local(version.written_at),
            iso_local(version.replaced_at),
            version.category or "",
            version.body,
        )


def _reports(ids: Select, municipality_id: int, names: bool) -> Iterator[tuple]:
    query = (
        select(Report, User.display_name)
        .outerjoin(User, User.id == Report.user_id)
        .where(Report.comment_id.in_(ids))
        .order_by(Report.id)
    )
    for report, name in db.session.execute(query.execution_options(yield_per=BATCH)):
        if report.user_id is None:
            reporter = ""
        else:
            reporter = name if names else pseudonym(report.user_id, municipality_id)
        yield (
            report.id,
            report.comment_id,
            iso_local(report.created_at),
            reporter,
            report.reason,
            report.details or "",
            iso_local(report.resolved_at) or "",
        )


def _history(ids: Select, municipality_id: int) -> Iterator[tuple]:
    query = (
        select(AuditEntry, User.display_name)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(
            AuditEntry.target_type == Comment.__tablename__,
            AuditEntry.target_id.in_(ids),
            AuditEntry.municipality_id == municipality_id,
        )
        .order_by(AuditEntry.id)
    )
    for entry, name in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield (
            entry.id,
            entry.target_id,
            iso_local(entry.created_at),
            entry.action,
            name or "",
            entry.reason or "",
            json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
            json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
        )


def sheets(plan: Plan, selection: Filter) -> list[Part]:
    """(name, columns, rows) for each part of the disclosure."""
    municipality = plan.municipality
    scope = queries.of_plan(plan.id)
    ids = _comment_ids(scope, selection)
    names = municipality.export_display_names
    return [
        ("comments", COMMENTS, _comments(municipality.id, scope, selection, names)),
        ("versions", VERSIONS, _versions(ids)),
        ("reports", REPORTS, _reports(ids, municipality.id, names)),
        ("moderation_history", HISTORY, _history(ids, municipality.id)),
    ]


def xlsx_chunks(parts: list[Part]) -> Iterator[bytes]:
    import tempfile

    from openpyxl import Workbook

    from dialog.exports.writers import _cell

    book = Workbook(write_only=True)
    for name, columns, rows in parts:
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_cell(value) for value in row])
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


def json_chunks(parts: list[Part]) -> Iterator[str]:
    yield "{"
    for number, (name, columns, rows) in enumerate(parts):
        yield ("," if number else "") + json.dumps(name) + ":["
        first = True
        for row in rows:
            yield ("" if first else ",") + json.dumps(
                dict(zip(columns, row, strict=True)), ensure_ascii=False
            )
            first = False
        yield "]"
    yield "}\n"


def disclose(
    plan: Plan, selection: Filter, fmt: str, actor: Any = None
) -> tuple[str, str, Iterator[Any]]:
    """(file name, mimetype, chunks); recorded in the audit log as "export.disclosure"."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    audit.record(
        "export.disclosure",
        actor=actor,
        municipality_id=plan.municipality_id,
        target=plan,
        after={"format": fmt, **selection.as_dict()},
    )
    parts = sheets(plan, selection)
    chunks = xlsx_chunks(parts) if fmt == "xlsx" else json_chunks(parts)
    name = f"utlamnande-{plan.municipality.slug}-{plan.slug}-{date.today().isoformat()}.{fmt}"
    return name, FORMATS[fmt], chunks
