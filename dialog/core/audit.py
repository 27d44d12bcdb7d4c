"""The append-only audit log: who did what, when, to what, before and after, and why.

Every official action calls `record(...)` in the same transaction as the change it describes,
so that the change and its entry are committed together or not at all. The database refuses
UPDATE and DELETE on the table (triggers created by the migration); the model has no way to
change an entry either. Entries name accounts and municipalities by id only, without foreign
keys, so that the log never blocks, and is never changed by, anything done to other tables.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, DateTime, Index, Select, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from dialog.db import Base, as_utc, utcnow
from dialog.extensions import db

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_municipality_id_created_at", "municipality_id", "created_at"),
        Index("ix_audit_entries_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    #: The account that acted; None for the command line (an operator on the server).
    actor_id: Mapped[int | None] = mapped_column(index=True)
    #: Dotted name, e.g. "membership.grant", "access.denied".
    action: Mapped[str] = mapped_column(String(60), index=True)
    #: The municipality the action concerns; None for platform-wide actions.
    municipality_id: Mapped[int | None]
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    #: The client's address as the app sees it (after DIALOG_PROXY_COUNT); None on the CLI.
    client_address: Mapped[str | None] = mapped_column(String(45))


def record(
    action: str,
    *,
    actor: Any = None,
    municipality_id: int | None = None,
    target: Any = None,
    target_type: str | None = None,
    target_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add an entry to the session; the caller's commit stores it with the change itself.

    `target` may be a model instance: its table name and id become the target.
    """
    if target is not None:
        target_type = target_type or target.__tablename__
        target_id = target_id if target_id is not None else target.id
    entry = AuditEntry(
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        municipality_id=municipality_id,
        target_type=target_type,
        target_id=target_id,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
        client_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def _jsonable(value: dict | None) -> dict | None:
    """Dates and other values as text, so that any dict a service builds can be stored."""
    if value is None:
        return None
    return {key: _plain(item) for key, item in value.items()}


def _plain(item: Any) -> Any:
    if item is None or isinstance(item, bool | int | float | str):
        return item
    if isinstance(item, datetime):
        return as_utc(item).isoformat()
    if isinstance(item, date):
        return item.isoformat()
    return str(item)


@dataclass(frozen=True)
class AuditFilter:
    """What an administrator asked to see; `municipality_ids` None means every entry."""

    municipality_ids: frozenset[int] | None
    action: str | None = None
    actor_id: int | None = None
    target_type: str | None = None
    target_id: int | None = None
    since: date | None = None
    until: date | None = None

    def as_dict(self) -> dict:
        """The filters that were set, for the audit entry of an export."""
        chosen = {
            "action": self.action,
            "actor_id": self.actor_id,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "since": self.since,
            "until": self.until,
        }
        return {key: value for key, value in chosen.items() if value is not None}


def entries(selection: AuditFilter) -> Select:
    """Newest first; `until` includes the whole day (UTC)."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if selection.municipality_ids is not None:
        query = query.where(AuditEntry.municipality_id.in_(sorted(selection.municipality_ids)))
    if selection.action:
        query = query.where(AuditEntry.action == selection.action)
    if selection.actor_id is not None:
        query = query.where(AuditEntry.actor_id == selection.actor_id)
    if selection.target_type:
        query = query.where(AuditEntry.target_type == selection.target_type)
    if selection.target_id is not None:
        query = query.where(AuditEntry.target_id == selection.target_id)
    if selection.since:
        query = query.where(AuditEntry.created_at >= _start_of(selection.since))
    if selection.until:
        query = query.where(AuditEntry.created_at < _start_of(selection.until + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    return as_utc(datetime.combine(day, time.min))


def known_values(municipality_ids: frozenset[int] | None) -> tuple[list[str], list[str]]:
    """The actions and target types that occur in the entries a viewer may see, for filters."""
    found: list[list[str]] = []
    for column in (AuditEntry.action, AuditEntry.target_type):
        query = select(column).distinct().where(column.is_not(None)).order_by(column)
        if municipality_ids is not None:
            query = query.where(AuditEntry.municipality_id.in_(sorted(municipality_ids)))
        found.append([value for value in db.session.scalars(query) if value is not None])
    return found[0], found[1]


def neutralise(value: Any) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


CSV_COLUMNS = (
    "id",
    "created_at",
    "actor_id",
    "actor",
    "action",
    "municipality",
    "target_type",
    "target_id",
    "before",
    "after",
    "reason",
    "client_address",
)


def csv_lines(rows: Iterator[tuple[AuditEntry, str, str]]) -> Iterator[str]:
    """UTF-8 with a byte-order mark (Excel reads Swedish letters right), one line at a time.

    Each row is (entry, actor's name, municipality's name); every cell is neutralised.
    """
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(CSV_COLUMNS)
    for entry, actor, municipality in rows:
        yield line(
            (
                entry.id,
                as_utc(entry.created_at).isoformat(),
                entry.actor_id,
                actor,
                entry.action,
                municipality,
                entry.target_type,
                entry.target_id,
                json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
                json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
                entry.reason,
                entry.client_address,
            )
        )
