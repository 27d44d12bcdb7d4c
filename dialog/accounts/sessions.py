"""Signed-in devices: one row per sign-in, so that signing out really ends it.

The session and remember cookies hold "<user id>:<device token>"; the token's hash is a row in
user_sessions. Signing out deletes the row, so a copied cookie stops working; a password change
or "sign out on all devices" deletes the others too.
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Integer,
    Select,
    String,
    bindparam,
    delete,
    select,
    update,
)
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import Executable

from dialog.accounts.models import User, UserSession
from dialog.accounts.roles import MEMBERSHIP_ORDER, Membership, remember_memberships
from dialog.catalogue.models import Municipality
from dialog.core.cache import use_version
from dialog.core.versions import version_columns, version_in
from dialog.db import as_utc, rows_changed, utcnow
from dialog.extensions import db

#: Bulk writes leave objects already loaded alone (SQLite hands back naive datetimes).
_BULK = {"synchronize_session": False}

#: last_seen_at is written at most this often, so that reading a page rarely writes.
TOUCH_INTERVAL = timedelta(minutes=10)

_BROWSERS = (("Edg", "Edge"), ("Firefox", "Firefox"), ("Chrome", "Chrome"), ("Safari", "Safari"))
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def device_label(user_agent: str | None) -> str:
    """'Firefox, Windows' from a User-Agent; the rest of it is not kept."""
    agent = user_agent or ""
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    system = next((name for key, name in _SYSTEMS if re.search(re.escape(key), agent)), "")
    return ", ".join(part for part in (browser, system) if part)[:60]


def _expired_before() -> datetime:
    return utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]


def start(user: User, user_agent: str | None) -> str:
    """A new device row for this sign-in; returns the token for the cookie."""
    db.session.execute(
        delete(UserSession).where(UserSession.last_seen_at < _expired_before()),
        execution_options=_BULK,
    )
    token = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, token_hash=hash_token(token), label=device_label(user_agent))
    db.session.add(row)
    db.session.flush()
    user.sign_in, user.sign_in_token = row, token
    return token


def sign_in(user: User, remember: bool, user_agent: str | None) -> None:
    """Start a fresh session on this device: nothing from before carries over."""
    session.clear()
    _new_form_secret()
    start(user, user_agent)
    login_user(user, remember=remember)


def _new_form_secret() -> None:
    """The new session's CSRF secret, made now rather than by the first page with a form: the
    cookie set at sign-in is then the one later pages keep. (Made later, every page view
    sending the sign-in cookie wrote a new cookie, signed anew, until the browser kept one.)
    The token of this request, if any, was of the old secret and goes with it."""
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


def renew(user: User, user_agent: str | None) -> None:
    """Replace this device's session by a new one, when the account gains power in it (the
    second factor passed after a role was given): a copy of the earlier cookie gains nothing."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    remember = request.cookies.get(remember_cookie) is not None
    if user.sign_in is not None:  # through the session: its id may be given to the new row
        db.session.delete(user.sign_in)
        db.session.flush()
    sign_in(user, remember, user_agent)


#: What a page with a rider (a GET that only reads) reads of the account, device and roles: the
#: rest of their columns are left out of the statement (read when asked, in one of their own).
READING_COLUMNS = (
    User.id,
    User.display_name,
    User.language,
    User.deleted_at,
    User.email_verified_at,
    User.is_blocked,
    User.blocked_reason,
    User.is_platform_admin,
    # Of the device: what signing out and the last-seen note use; of the roles: what the
    # rules and the header read.
    UserSession.id,
    UserSession.user_id,
    UserSession.last_seen_at,
    Membership.id,
    Membership.user_id,
    Membership.municipality_id,
    Membership.role,
)

#: app.extensions key: endpoint → its `Rider`; g attribute of what a rider read.
_RIDERS = "dialog.accounts.riders"
_RIDDEN = "_dialog_ridden"


@dataclass(frozen=True)
class Rider:
    """What a page reads about its reader besides the account, read in the statement that
    loads the account (one round trip less on every signed-in view of the page). `column` is
    a scalar subquery (built once per process) that may use the bound parameter `user_id` and
    those `parameters` gives from the page's view arguments (named `rider_*`, or None when the
    page has nothing to read); the page gets its value back from `ridden`."""

    name: str
    column: Callable[[], ColumnElement[Any]]
    parameters: Callable[[Mapping[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Ridden:
    """A rider's value, read with the account of `user_id` under `parameters`."""

    name: str
    user_id: int
    parameters: Mapping[str, Any]
    value: Any


def add_rider(app: Flask, endpoint: str, rider: Rider) -> None:
    """Read `rider` with the account on GET requests to `endpoint` (once per app)."""
    app.extensions.setdefault(_RIDERS, {})[endpoint] = rider


def ridden(name: str, user_id: int, parameters: Mapping[str, Any]) -> Ridden | None:
    """What the rider `name` read with this request's account, when it read it for this very
    user and with these parameters (else None: the page reads it itself)."""
    found = g.get(_RIDDEN) if has_request_context() else None
    if not isinstance(found, Ridden) or found.name != name or found.user_id != user_id:
        return None
    missing = object()
    same = all(found.parameters.get(key, missing) == value for key, value in parameters.items())
    return found if same else None


def _rider() -> tuple[Rider | None, dict[str, Any]]:
    """The rider of this request's page and its parameters, if any."""
    if not has_request_context() or request.method != "GET" or request.view_args is None:
        return None, {}
    rider = current_app.extensions.get(_RIDERS, {}).get(request.endpoint)
    if rider is None:
        return None, {}
    parameters = rider.parameters(request.view_args)
    return (rider, parameters) if parameters is not None else (None, {})


@cache
def _load_statement(rider: Rider | None = None) -> Executable:
    """Account, device and roles, built once per process (parameters user_id, token_hash and
    since), with the rider's column and the content version last: every signed-in request
    asks."""
    statement: Select[Any] = select(User, UserSession, Membership)  # type: ignore[assignment]
    if rider is not None:
        slots, changed = version_columns()
        statement = statement.add_columns(
            rider.column().label("rider"), slots.label("version"), changed.label("changed")
        ).options(
            *(
                load_only(*(c for c in READING_COLUMNS if c.class_ is entity))
                for entity in (User, UserSession, Membership)
            )
        )
    return (
        statement.join(UserSession, UserSession.user_id == User.id)
        # The roles too (a row each, or one without): every signed-in page asks for them.
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(Municipality, Municipality.id == Membership.municipality_id)
        .where(
            User.id == bindparam("user_id", type_=Integer),
            User.deleted_at.is_(None),
            UserSession.token_hash == bindparam("token_hash", type_=String),
            UserSession.last_seen_at >= bindparam("since", type_=DateTime(timezone=True)),
        )
        .order_by(*MEMBERSHIP_ORDER)
    )


def load(cookie_value: str) -> User | None:
    """The user loader: account, device and roles in one query (with what the page's rider
    reads about the reader); an unknown device is signed out."""
    identifier, _sep, token = cookie_value.partition(":")
    if not (identifier.isascii() and identifier.isdigit()) or not 20 <= len(token) <= 100:
        return None
    rider, extra = _rider()
    parameters = {
        **extra,
        "user_id": int(identifier),
        "token_hash": hash_token(token),
        "since": _expired_before(),
    }
    rows = db.session.execute(_load_statement(rider), parameters).all()
    if not rows:
        return None
    user, row = rows[0][0], rows[0][1]
    remember_memberships(user.id, [r[2] for r in rows if r[2] is not None])
    if rider is not None:
        value = rows[0][3]
        setattr(g, _RIDDEN, Ridden(rider.name, user.id, extra, value))
        # The content version as of this statement: the page's parts are read under it, with
        # no round trip to Redis for it (dialog/core/cache.py).
        use_version(version_in(rows[0][4], rows[0][5]))
    user.sign_in, user.sign_in_token = row, token
    _touch(row)
    return user


def _touch(row: UserSession) -> None:
    """Note that the device is in use, outside the request's transaction (which may not commit)."""
    now = utcnow()
    if now - as_utc(row.last_seen_at) < TOUCH_INTERVAL:
        return
    with db.engine.begin() as connection:
        connection.execute(
            update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
        )
    set_committed_value(row, "last_seen_at", now)


def revoke(user: User) -> None:
    """Sign out the device this request came from."""
    if user.sign_in is not None:
        db.session.execute(
            delete(UserSession).where(UserSession.id == user.sign_in.id), execution_options=_BULK
        )


def revoke_all(user: User, keep: UserSession | None = None) -> int:
    """Sign out every device of the account, except `keep` (the one changing the password)."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    return rows_changed(db.session.execute(statement, execution_options=_BULK))


def forget_this_browser() -> None:
    """Clear the session, then log out: Flask-Login's note to delete the remember cookie stays.

    (The other order, log out then clear, loses that note and leaves the cookie behind.)
    """
    session.clear()
    logout_user()


def devices(user: User) -> list[UserSession]:
    """The account's signed-in devices, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.last_seen_at >= _expired_before())
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )
