"""Signed, expiring links for mail: verification, password reset, e-mail change, unsubscribe."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


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


def read_user_token(purpose: str, token: str, max_age: int | None = None):
    """(account, payload) for a valid link to an account that still exists, else (None, {})."""
    from dialog.accounts.models import User
    from dialog.extensions import db

    payload = read_token(purpose, token, max_age)
    if not payload or not isinstance(payload.get("user"), int):
        return None, {}
    user = db.session.get(User, payload["user"])
    if user is None or user.is_deleted:
        return None, {}
    return user, payload
