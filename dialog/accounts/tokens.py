"""Links sent by mail.

One-time links (verify, reset, e-mail change, undo) carry only a random token; the database
keeps its hash, purpose, address and expiry, and an UPDATE … WHERE used_at IS NULL makes each
work once. Unsubscribe links, which may be used any number of times, are signed instead.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, delete, select, update

from dialog.accounts.models import AccountToken, Purpose, User
from dialog.db import rows_changed, utcnow
from dialog.extensions import db

#: Bulk writes leave objects already loaded alone (SQLite hands back naive datetimes).
_BULK = {"synchronize_session": False}


#: A new password ends these: a link mailed before it must not outlive it. Undo is not among
#: them, so that someone who took over an account cannot stop its owner from taking it back.
ENDED_BY_PASSWORD = (Purpose.VERIFY, Purpose.RESET, Purpose.EMAIL)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _plausible(token: str) -> bool:
    return 20 <= len(token) <= 100 and token.isascii()


def issue(user: User, purpose: Purpose, email: str | None = None) -> str:
    """Store a new link for `user` and return its token; expired links of anyone go."""
    now = utcnow()
    db.session.execute(
        delete(AccountToken).where(AccountToken.expires_at < now), execution_options=_BULK
    )
    if purpose in (Purpose.EMAIL, Purpose.RESET):  # only the newest such link works
        revoke(user, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose.value,
            token_hash=_hash(token),
            email=email,
            expires_at=now + timedelta(seconds=purpose.max_age),
        )
    )
    db.session.flush()
    return token


def _usable(purpose: Purpose, token: str) -> tuple[ColumnElement[bool], ...]:
    return (
        AccountToken.token_hash == _hash(token),
        AccountToken.purpose == purpose.value,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > utcnow(),
    )


def find(purpose: Purpose, token: str) -> AccountToken | None:
    """The unused, unexpired link of an existing account, without using it (to show a form)."""
    if not _plausible(token):
        return None
    return db.session.scalar(
        select(AccountToken).join(User).where(*_usable(purpose, token), User.deleted_at.is_(None))
    )


def claim(purpose: Purpose, token: str) -> AccountToken | None:
    """Use the link: of two requests racing with one link, exactly one gets it."""
    if not _plausible(token):
        return None
    result = db.session.execute(
        update(AccountToken).where(*_usable(purpose, token)).values(used_at=utcnow()),
        execution_options=_BULK,
    )
    if rows_changed(result) != 1:
        return None
    found = db.session.scalars(
        select(AccountToken)
        .filter_by(token_hash=_hash(token))
        .execution_options(populate_existing=True)
    ).one()
    return None if found.user.is_deleted else found


def was_used(purpose: Purpose, token: str) -> AccountToken | None:
    """A link of this purpose that has been used already (to say so rather than 'invalid')."""
    if not _plausible(token):
        return None
    return db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _hash(token),
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_not(None),
        )
    )


def revoke(user: User, *purposes: Purpose) -> None:
    """End the account's outstanding links of these purposes."""
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose.in_([p.value for p in purposes]),
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow()),
        execution_options=_BULK,
    )


def forget(user: User) -> None:
    """Delete every link of the account, with the addresses they hold (account deletion)."""
    db.session.execute(
        delete(AccountToken).where(AccountToken.user_id == user.id), execution_options=_BULK
    )


# --- Signed, reusable links --------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"dialog-{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int | None = None) -> dict | None:
    """The payload, or None for a forged, altered or expired token."""
    if len(token) > 1000:
        return None
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def read_user_token(
    purpose: str, token: str, max_age: int | None = None
) -> tuple[User | None, dict[str, Any]]:
    """(account, payload) for a valid link to an account that still exists, else (None, {})."""
    payload = read_token(purpose, token, max_age)
    if not payload or not isinstance(payload.get("user"), int):
        return None, {}
    user = db.session.get(User, payload["user"])
    if user is None or user.is_deleted:
        return None, {}
    return user, payload
