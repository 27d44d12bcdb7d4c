"""The content version: what public pages show, replaced by every write that changes it.

Every transaction that writes a row a public page may show replaces a random token in the
`cache_versions` table in the same transaction, so every server and worker reads the new version
together with the new rows. The scope's version is made of `SLOTS` rows, and each writer
replaces the token of one chosen at random: writers seldom wait for each other's row lock, where
one row would make every posting transaction wait for the commit before it. Nobody has to
remember to call anything: SQLAlchemy session events note each insert, update and delete (ORM
objects and ORM statements alike) except those in `QUIET_TABLES` and, for `users`, those that
touch only columns no public page shows. Writes that bypass the ORM session call `bump()`, or
replace the token in their own statement (`replacement`, `replacing`, then `replaced`: a
comment's INSERT on PostgreSQL, dialog/participation/storing.py).
After the commit the new version is handed to the app's `Pages` (dialog/core/cache.py), which
puts it in Redis where the fast path reads it.
"""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from flask import current_app, has_app_context
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Executable,
    String,
    Table,
    bindparam,
    event,
    func,
    inspect,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from dialog.db import Base, as_utc, utcnow
from dialog.extensions import db

#: The one scope public pages depend on today; the table allows more (e.g. per municipality).
PAGES = "pages"
#: Rows per scope ("pages/00" … "pages/15"); a writer replaces one of them, chosen at random.
SLOTS = 16
#: Tables no public page shows: writing them leaves cached pages alone.
QUIET_TABLES = frozenset(
    {
        "cache_versions",
        "user_sessions",
        "account_tokens",
        "recovery_codes",
        "second_factors",
        "invitations",
        "memberships",
        "outbox_messages",
        "audit_entries",
        "moderation_subscriptions",
        "moderation_notes",
        "response_reminders",
        "reports",
    }
)
#: For these tables only changes to the listed columns are shown on public pages (a sign-in
#: or a visit to My page writes the account row, and must not empty the cache).
SHOWN_COLUMNS = {"users": frozenset({"display_name", "deleted_at", "is_blocked"})}
_NOTED = "dialog.cache.changed"
#: The versions a committing transaction wrote, for `_after_commit`.
_REPLACED = "dialog.cache.replaced"
#: app.extensions key of the app's `Pages` (dialog/core/cache.py), told of each new version.
PAGES_EXTENSION = "dialog_pages"


class CacheVersion(Base):
    """The current version of what public pages show, replaced by every write that changes it."""

    __tablename__ = "cache_versions"

    #: The scope and a slot ("pages/07"); a row named by the scope alone is from before slots.
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: Random, so that a version never comes back (not even after the row is deleted).
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# Writes: noted by session events, the token replaced just before the commit.


def bump(scope: str = PAGES) -> None:
    """Mark the current transaction as changing public pages (for writes outside the ORM)."""
    db.session.info.setdefault(_NOTED, set()).add(scope)


def _shown(instance: object, inserted_or_deleted: bool) -> bool:
    table = getattr(instance, "__tablename__", None)
    if table is None or table in QUIET_TABLES:
        return False
    columns = SHOWN_COLUMNS.get(table)
    if columns is None:
        return True
    if inserted_or_deleted:
        return False
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in columns)


def _after_flush(session: Session, _context: Any) -> None:
    changed = [o for o in session.new if _shown(o, True)]
    changed += [o for o in session.deleted if _shown(o, True)]
    changed += [o for o in session.dirty if _shown(o, False)]
    if changed:
        session.info.setdefault(_NOTED, set()).add(PAGES)


def _on_statement(state: Any) -> None:
    """ORM UPDATE/DELETE/INSERT statements (bulk writes) are noted by their table."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    statement = state.statement
    # An INSERT read back as entities (`select(Model).from_statement(insert(...))`): its table.
    table = getattr(getattr(statement, "element", statement), "table", None)
    name = getattr(table, "name", None)
    if name not in QUIET_TABLES:
        state.session.info.setdefault(_NOTED, set()).add(PAGES)


def slot_of(scope: str) -> str:
    """The row of the scope this transaction replaces: one of `SLOTS`, at random, so that two
    writers at the same moment seldom need the same row (a writer that does waits only for the
    other's commit: the row is written just before it)."""
    return f"{scope}/{secrets.randbelow(SLOTS):02d}"


def _before_commit(session: Session) -> None:
    """Replace a token of each changed scope in the committing transaction: readers see the
    new rows and the new token together (the row is locked only for the commit itself)."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # now, so that its writes are noted
    scopes = session.info.pop(_NOTED, None)
    if not scopes:
        return
    now = utcnow()
    connection = session.connection()
    statement = _replace_token(connection.dialect.name)
    for scope in sorted(scopes):  # in one order: two writers never wait for each other in turn
        token = secrets.token_hex(16)
        connection.execute(statement, {"scope": slot_of(scope), "token": token, "now": now})
        session.info.setdefault(_REPLACED, {})[scope] = Version(token, now)


@cache
def _replace_token(dialect: str) -> Executable:
    """The upsert of one slot's token, built once per process (every write transaction runs
    it; parameters: scope, token, now)."""
    table = cast(Table, CacheVersion.__table__)
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    values: dict[str, Any] = {"token": bindparam("token"), "changed_at": bindparam("now")}
    statement = insert.values(scope=bindparam("scope"), **values)
    return statement.on_conflict_do_update(index_elements=["scope"], set_=values)


def replacement(scope: str = PAGES) -> dict[str, Any]:
    """Parameters for a write that replaces the scope's token in its own statement (one round
    trip less than the upsert before the commit): `version_scope`, `version_token`,
    `version_now`. Call `replaced` with them once that statement has replaced it."""
    return {
        "version_scope": slot_of(scope),
        "version_token": secrets.token_hex(16),
        "version_now": utcnow(),
    }


def replacing(dialect: str, source: Any) -> postgresql.Insert | sqlite.Insert:
    """The upsert of one slot's token from `source`, a select of the parameters of
    `replacement` (at most one row: none when the write it rides with wrote nothing)."""
    table = cast(Table, CacheVersion.__table__)
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    statement = insert.from_select(["scope", "token", "changed_at"], source)
    return statement.on_conflict_do_update(
        index_elements=["scope"],
        set_={"token": statement.excluded.token, "changed_at": statement.excluded.changed_at},
    )


def version_parameters() -> tuple[Any, Any, Any]:
    """The bound parameters of `replacement`, typed, for the `source` of `replacing`."""
    return (
        bindparam("version_scope", type_=String),
        bindparam("version_token", type_=String),
        bindparam("version_now", type_=DateTime(timezone=True)),
    )


def replaced(parameters: dict[str, Any], scope: str = PAGES) -> None:
    """The current transaction's own statement replaced the scope's token with these
    `replacement` parameters: nothing more to replace before the commit (unless another write
    is noted after it), and the new version is published after it."""
    session = db.session()
    noted = session.info.get(_NOTED)
    if noted is not None:
        noted.discard(scope)
    token, now = parameters["version_token"], parameters["version_now"]
    session.info.setdefault(_REPLACED, {})[scope] = Version(token, now)


def _after_commit(session: Session) -> None:
    """The new version goes to Redis, where the fast path reads it (`Pages`), once the rows
    are visible to everyone."""
    replaced = session.info.pop(_REPLACED, None)
    if replaced and PAGES in replaced and has_app_context():
        pages = current_app.extensions.get(PAGES_EXTENSION)
        if pages is not None:
            pages.publish(replaced[PAGES])


def _after_rollback(session: Session) -> None:
    session.info.pop(_NOTED, None)
    session.info.pop(_REPLACED, None)


def listen(session_class: type[Session]) -> None:
    """Attach the write notes to the app's session class (once per process)."""
    if event.contains(session_class, "after_flush", _after_flush):
        return
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "do_orm_execute", _on_statement)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_rollback", _after_rollback)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


def _of_scope(scope: str) -> ColumnElement[bool]:
    return or_(
        CacheVersion.scope == scope,
        CacheVersion.scope.startswith(f"{scope}/", autoescape=True),
    )


def _version_of(slots: Iterable[tuple[str, str]], changed: Iterable[datetime]) -> Version:
    """The version made of the slots' (scope, token) pairs and their times of change."""
    tokens = "\n".join(f"{scope}={token}" for scope, token in sorted(slots))
    if not tokens:
        return Version("none", datetime(2026, 1, 1, tzinfo=utcnow().tzinfo))
    return Version(hashlib.sha256(tokens.encode()).hexdigest()[:32], max(map(as_utc, changed)))


def database_version(executor: Session | Connection, scope: str = PAGES) -> Version:
    """The scope's slots' tokens in one (a commit that replaced any of them gives a version
    never seen before) and the latest change; one statement."""
    rows = executor.execute(
        select(CacheVersion.scope, CacheVersion.token, CacheVersion.changed_at).where(
            _of_scope(scope)
        )
    ).all()
    return _version_of([(row.scope, row.token) for row in rows], [row.changed_at for row in rows])


#: Between slots and between a slot's scope and token in `version_columns` (in neither).
_SLOTS, _TOKEN = ",", "="


def version_columns(scope: str = PAGES) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The scope's version as two columns of another statement, for `version_in`: its slots
    as 'scope=token' joined by ',', and their latest change. A page that asks the database
    anyway gets the version in its statement, instead of a round trip of its own (to Redis)."""
    item = CacheVersion.scope + _text(_TOKEN) + CacheVersion.token
    slots = select(func.aggregate_strings(item, _text(_SLOTS)))  # type: ignore[arg-type]
    changed = select(func.max(CacheVersion.changed_at))
    return (
        slots.where(_of_scope(scope)).scalar_subquery(),
        changed.where(_of_scope(scope)).scalar_subquery(),
    )


def version_in(slots: str | None, changed: datetime | None) -> Version:
    """The version `version_columns` read: the same as `database_version`'s."""
    pairs = [item.split(_TOKEN, 1) for item in (slots or "").split(_SLOTS) if item]
    return _version_of([(scope, token) for scope, token in pairs], [changed] if changed else [])


def _text(constant: str) -> ColumnElement[str]:
    """A constant (no input) as SQL text, not a parameter."""
    return literal_column(f"'{constant}'", String)


def version(scope: str = PAGES) -> Version:
    """The scope's version in the database, the source of truth (one statement)."""
    return database_version(db.session(), scope)
