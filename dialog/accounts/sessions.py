"""Signed-in devices: one row per sign-in, so that signing out really ends it.

The session and remember cookies hold "<user id>:<device token>"; the token's hash is a row in
user_sessions. Signing out deletes the row, so a copied cookie stops working; a password change
or "sign out on all devices" deletes the others too.
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import DateTime, Integer, Select, String, bindparam, delete, select, update
from sqlalchemy.orm.attributes import set_committed_value

from dialog.accounts.models import User, UserSession
from dialog.accounts.roles import MEMBERSHIP_ORDER, Membership, remember_memberships
from dialog.catalogue.models import Municipality
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
    start(user, user_agent)
    login_user(user, remember=remember)


def renew(user: User, user_agent: str | None) -> None:
    """Replace this device's session by a new one, when the account gains power in it (the
    second factor passed after a role was given): a copy of the earlier cookie gains nothing."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    remember = request.cookies.get(remember_cookie) is not None
    if user.sign_in is not None:  # through the session: its id may be given to the new row
        db.session.delete(user.sign_in)
        db.session.flush()
    sign_in(user, remember, user_agent)


@cache
def _load_statement() -> Select[User, UserSession, Membership]:
    """Account, device and roles, built once per process (parameters user_id, token_hash and
    since): every signed-in request asks."""
    return (
        select(User, UserSession, Membership)
        .join(UserSession, UserSession.user_id == User.id)
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
    """The user loader: account and device in one query; an unknown device is signed out."""
    identifier, _sep, token = cookie_value.partition(":")
    if not (identifier.isascii() and identifier.isdigit()) or not 20 <= len(token) <= 100:
        return None
    parameters = {
        "user_id": int(identifier),
        "token_hash": hash_token(token),
        "since": _expired_before(),
    }
    rows = db.session.execute(_load_statement(), parameters).all()
    if not rows:
        return None
    user, row, _membership = rows[0]
    remember_memberships(user.id, [m for _u, _r, m in rows if m is not None])
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
