"""Declarative base, naming convention and engine set-up shared by every model."""

import enum
from datetime import UTC, datetime
from typing import Any, cast, overload

from flask import current_app
from sqlalchemy import CursorResult, DateTime, Engine, Enum, MetaData, Result, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_class: type[enum.StrEnum], length: int) -> Enum:
    """A column type for a StrEnum, stored as its values in a plain VARCHAR(`length`).

    No native enum type and no CHECK constraint: the schema is the same as for `String(length)`,
    so adding a member needs no migration. Python gets the enum member back, and a string that
    is not a member's value is refused before it reaches the database."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


def casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, a busy timeout and a Unicode-aware casefold()."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        dbapi_connection.create_function("casefold", 1, casefold, deterministic=True)


def upsert_statement(model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """INSERT … ON CONFLICT for the dialect in use (PostgreSQL and SQLite both support it).

    The engine is found through the app, so that this module never imports the extensions
    (which import it for `Base`)."""
    if current_app.extensions["sqlalchemy"].engine.dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes for aware columns; they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def rows_changed(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched: its result is a CursorResult, which Session.execute's
    signature does not say."""
    return cast(CursorResult[Any], result).rowcount
