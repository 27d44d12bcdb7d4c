"""Pages that only read: their statements run without a transaction around them.

A transaction costs two round trips to the database besides the statements (BEGIN before the
first, ROLLBACK when the connection goes back to the pool), and on PostgreSQL the server's work
for each. A signed-in view of a goal page sends one statement (dialog/participation/
with_account.py), so its transaction was two thirds of its round trips. A view marked with
`reads_only` runs, for a signed-in GET or HEAD, on a connection in autocommit mode: each
statement sees everything committed before it (what a page shows is kept under the content
version read before, dialog/core/versions.py, so it is never older than that), and one that
would write anything through the session is refused: an error, never a write outside a
transaction.

Nor is the connection pinged when such a view takes it from the pool. `pool_pre_ping` sends
`SELECT 1` before every checkout, so that a connection the server dropped is replaced before a
statement meets it: a round trip as dear as the view's one statement. A page view that meets a
lost connection is run once more on a fresh one (dialog/core/faults.py), so its first try goes
without the ping; its second try, and every other checkout (forms, jobs, the device's
last-seen note), is pinged as before, by a pool `checkout` listener that does what
`pool_pre_ping` did (which it then turns off).
"""

from collections.abc import Callable
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request, session
from sqlalchemy import event, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from dialog.extensions import db

_READS_ONLY = "dialog_reads_only"
#: g attribute: this request's session runs without a transaction.
_ACTIVE = "_dialog_reading"
F = TypeVar("F", bound=Callable[..., Any])
#: True while a reads-only view's first try takes its connection: no ping for it.
_UNPINGED: ContextVar[bool] = ContextVar("dialog_unpinged", default=False)
#: Connection record info key: made since its last checkout (not pinged, as pool_pre_ping).
_FRESH = "dialog_fresh"


class WriteWhileReading(RuntimeError):
    """A view marked `reads_only` tried to write through the session."""


def reads_only(view: F) -> F:
    """Mark a view that never writes through the request's session."""
    setattr(view, _READS_ONLY, True)
    return view


def _read_without_transaction() -> None:
    """before_request, before the reader is loaded: a signed-in reader's GET of a `reads_only`
    view gets its connection in autocommit mode (a signed-in page asks the database anyway; a
    signed-out one may need no connection at all, so it is left alone)."""
    if request.method not in ("GET", "HEAD") or "_user_id" not in session:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, _READS_ONLY, False) or db.session().in_transaction():
        return
    unpinged = _UNPINGED.set(not g.get("database_retried"))
    try:
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    finally:
        _UNPINGED.reset(unpinged)
    g.setdefault(_ACTIVE, True)


def _fresh(_dbapi_connection: Any, record: Any) -> None:
    record.info[_FRESH] = True


def _ping(dialect: Dialect, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Pool checkout: `pool_pre_ping`'s ping (a dropped connection makes the pool replace it
    and every connection older than it), except for a connection just made, as there, and
    for a reads-only view's first try."""
    if record.info.pop(_FRESH, False) or _UNPINGED.get():
        return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        if dialect.is_disconnect(error, dbapi_connection, None):
            raise exc.InvalidatePoolError() from error
        raise


def _take_over_ping(app: Flask) -> None:
    """The pool's pre-ping, when configured, becomes `_ping` (once per engine)."""
    with app.app_context():
        engine = db.engine
    pool = engine.pool
    if pool._pre_ping:  # noqa: SLF001 (the pool has no public switch once made)
        pool._pre_ping = False  # noqa: SLF001
        event.listen(pool, "connect", _fresh)
        event.listen(pool, "checkout", partial(_ping, engine.dialect))


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if has_request_context() and g.get(_ACTIVE):
        raise WriteWhileReading(f"{request.endpoint} is marked reads_only but wrote")


def init_app(app: Flask) -> None:
    """Called before any hook that may ask the database (the reader's language) is added."""
    app.before_request(_read_without_transaction)
    _take_over_ping(app)
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "before_flush", _refuse_writes):
        event.listen(session_class, "before_flush", _refuse_writes)
