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
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from dialog.extensions import db

_READS_ONLY = "dialog_reads_only"
#: g attribute: this request's session runs without a transaction.
_ACTIVE = "_dialog_reading"
F = TypeVar("F", bound=Callable[..., Any])


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
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    g.setdefault(_ACTIVE, True)


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if has_request_context() and g.get(_ACTIVE):
        raise WriteWhileReading(f"{request.endpoint} is marked reads_only but wrote")


def init_app(app: Flask) -> None:
    """Called before any hook that may ask the database (the reader's language) is added."""
    app.before_request(_read_without_transaction)
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "before_flush", _refuse_writes):
        event.listen(session_class, "before_flush", _refuse_writes)
