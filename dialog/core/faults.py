"""Database faults a request can meet and get over: a lost connection, a busy database.

PostgreSQL may drop a connection (a restart, a fail-over, `pg_terminate_backend`), and SQLite
may stay locked by another writer longer than its busy timeout. Neither is a bug in the request:
a page view is run once more on a fresh connection, and a form whose transaction failed is
answered with a 503 page that says nothing was saved and offers to send it again (the form's
one-time token keeps a second sending from storing anything twice).
"""

from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from dialog.extensions import db

#: Methods that change nothing, so that running the view twice is harmless.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_transient(error: DBAPIError) -> bool:
    """A lost or unusable connection, a lock or a server going away, not a wrong statement."""
    return bool(error.connection_invalidated) or isinstance(
        error, OperationalError | InterfaceError
    )


def recover(error: DBAPIError) -> None:
    """End the failed transaction, keeping the session's objects (the signed-in user) for the
    page that follows. SQLAlchemy has already discarded a connection it saw was lost; one whose
    rollback fails too is closed with the session, and the user is loaded again when asked for."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session().invalidate()
        g.pop("_login_user", None)  # Flask-Login's cached user, now detached from any session


def retry_view() -> ResponseReturnValue | None:
    """Run a safe request once more on a fresh connection; None when it fails again the same
    way (or was tried twice already), so that the caller answers 503."""
    if request.method not in SAFE_METHODS or g.get("database_retried"):
        return None
    g.database_retried = True
    current_app.logger.warning("Database connection lost during %s; trying once more", request.path)
    try:
        response = current_app.preprocess_request()
        if response is None:
            response = current_app.dispatch_request()
        return response
    except DBAPIError as again:
        if not is_transient(again):
            raise
        recover(again)
        return None
    except Exception as other:  # a 404 or a CSRF error on the second run has its own page
        return current_app.handle_user_exception(other)


def resend_fields() -> list[tuple[str, str]] | None:
    """The fields of a form that failed, for a "send again" button; None when it cannot be
    offered: a file cannot be echoed, and passwords and codes are never written into a page."""
    if request.method in SAFE_METHODS or request.files:
        return None
    fields = list(request.form.items(multi=True))
    secret = ("password", "code", "secret")
    if not fields or any(word in name.lower() for name, _v in fields for word in secret):
        return None
    return fields


def close_session(_error: BaseException | None = None) -> None:
    """The request's session ends even on a connection lost after the answer was made (a
    rollback on it fails): the answer is kept, the connection closed, never reused."""
    try:
        db.session.remove()
    except DBAPIError as error:
        if not is_transient(error):
            raise
        current_app.logger.warning("Database connection lost while closing a session: %s", error)
        db.session().invalidate()
        db.session.remove()


def init_app(app: Flask) -> None:
    """Called last in the factory: teardown functions run last-registered first, so this one
    runs before Flask-SQLAlchemy's.

    Nothing after a view's commit asks the database (the hooks ask `is_anonymous`, the language
    was read before the view, the limits' keys before it too): a connection lost just after the
    commit cannot turn a stored form into an error (tests/core/test_database_faults.py)."""
    app.teardown_appcontext(close_session)
