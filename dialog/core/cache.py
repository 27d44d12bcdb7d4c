"""Pages for signed-out visitors, cached whole, and the version that makes a change show at once.

A page is cached (Flask-Caching: Redis when REDIS_URL is set, else in the process) under a key
that holds the *content version*: random tokens in the `cache_versions` table. Every
transaction that writes a row a public page may show replaces a token in the same
transaction, so every server and worker reads the new token with the new rows and renders
afresh. The scope's version is made of `SLOTS` rows, and each writer replaces the token of one
chosen at random: writers seldom wait for each other's row lock, where one row would make every
posting transaction wait for the commit before it. Nobody has to remember to call anything:
SQLAlchemy session events note each insert,
update and delete (ORM objects and ORM statements alike) except those in `QUIET_TABLES` and,
for `users`, those that touch only columns no public page shows. Writes that bypass the ORM
session call `bump()` themselves.

Only a visitor who sends no cookie gets a shared page: anyone with a session or remember
cookie may be signed in or have a message waiting (a flash), so their pages are rendered for
them alone. Shared pages carry an ETag and Last-Modified (a conditional GET answers 304) and
`Cache-Control: public, max-age, stale-while-revalidate` for a reverse proxy.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from functools import wraps
from typing import Any, ParamSpec
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, g, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import DateTime, String, event, inspect, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from dialog.db import Base, as_utc, upsert_statement, utcnow
from dialog.extensions import cache, db

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
_ACTIVE = "dialog_cached_page"

P = ParamSpec("P")


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
    table = getattr(state.statement, "table", None)
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
    for scope in sorted(scopes):  # in one order: two writers never wait for each other in turn
        token = secrets.token_hex(16)
        statement = upsert_statement(CacheVersion).values(
            scope=slot_of(scope), token=token, changed_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["scope"], set_={"token": token, "changed_at": now}
        )
        session.connection().execute(statement)


def _after_rollback(session: Session) -> None:
    session.info.pop(_NOTED, None)


def listen(session_class: type[Session]) -> None:
    """Attach the write notes to the app's session class (once per process)."""
    if event.contains(session_class, "after_flush", _after_flush):
        return
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "do_orm_execute", _on_statement)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_rollback", _after_rollback)


# Reads: the version, the key, and the decorator for shareable pages.


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


def version(scope: str = PAGES) -> Version:
    """The scope's current version (read on every shareable page; one statement): its slots'
    tokens in one (a commit that replaced any of them gives a version never seen before) and
    the latest change."""
    rows = db.session.execute(
        select(CacheVersion.scope, CacheVersion.token, CacheVersion.changed_at).where(
            or_(
                CacheVersion.scope == scope,
                CacheVersion.scope.startswith(f"{scope}/", autoescape=True),
            )
        )
    ).all()
    if not rows:
        return Version("none", datetime(2026, 1, 1, tzinfo=utcnow().tzinfo))
    tokens = "\n".join(f"{row.scope}={row.token}" for row in sorted(rows))
    changed = max(as_utc(row.changed_at) for row in rows)
    return Version(hashlib.sha256(tokens.encode()).hexdigest()[:32], changed)


def shareable() -> bool:
    """Whether this request may get (and fill) the shared copy: a GET or HEAD from a visitor
    who sends neither a session nor a remember cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    config = current_app.config
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return not any(name in request.cookies for name in names)


def _today() -> str:
    """The local date: dialogue windows open and close by it."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).date().isoformat()


def page_key(current: Version) -> str:
    """Version, day (dialogue windows open and close by date), language, host and address."""
    parts = (current.token, _today(), str(get_locale()), request.host, request.full_path)
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    body: bytes
    mimetype: str
    etag: str


def _publish(response: Response, current: Version) -> Response:
    """Headers of a shared page, then 304 when the visitor's copy is still current."""
    config = current_app.config
    response.cache_control.public = True
    response.cache_control.max_age = config["PUBLIC_MAX_AGE"]
    response.cache_control.stale_while_revalidate = config["PUBLIC_STALE_WHILE_REVALIDATE"]
    response.vary.add("Cookie")
    midnight = datetime.combine(
        datetime.fromisoformat(_today()), time(), tzinfo=current.changed_at.tzinfo
    )
    response.last_modified = max(current.changed_at, midnight)
    response.make_conditional(request)  # turns it into a 304 in place when still current
    return response


def cached_page(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """Serve the page from the shared cache to cookieless visitors, else render it."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if g.get(_ACTIVE) or not shareable():
            return view(*args, **kwargs)
        g.setdefault(_ACTIVE, True)
        current = version()
        key = page_key(current)
        entry = cache.get(key)
        if entry is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or session.modified or current_user.is_authenticated:
                return response
            response.add_etag()
            etag = response.get_etag()[0]
            entry = Entry(response.get_data(), response.mimetype or "text/html", etag or "")
            cache.set(key, entry)
        response = Response(entry.body, mimetype=entry.mimetype)
        response.set_etag(entry.etag)
        return _publish(response, current)

    return wrapper


def no_store_when_cookies_set(response: Response) -> Response:
    """A response that sets a cookie (a form's CSRF token, sign-in, a flash) is this visitor's
    alone (the session cookie itself is written after this hook, hence `modified`)."""
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return response
    if session.modified or response.headers.get("Set-Cookie"):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("PUBLIC_MAX_AGE", 15)
    app.config.setdefault("PUBLIC_STALE_WHILE_REVALIDATE", 60)
    listen(db.session.session_factory.class_)
    app.after_request(no_store_when_cookies_set)
