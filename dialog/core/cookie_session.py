"""Flask's signed cookie session, with what each cookie holds kept in the process.

A signed-in reader sends the same session cookie on every page view; checking its signature and
decoding it was a noticeable part of a signed-in view's work (dialog/core/frames.py made the
rest small). The first request with a cookie checks it as Flask does; the process then keeps
what it held, under the cookie itself (and the keys that signed it), together with the time
it was signed, so that a cookie past PERMANENT_SESSION_LIFETIME is refused as before. Only
sessions of plain values are kept (no messages waiting, nothing mutable): each request gets a
copy of its own, so a change one request makes reaches the next only through its new cookie.
"""

import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from dialog.core.cache import ProcessStore

#: Cookies a process keeps the contents of (a few hundred bytes each; the store drops its
#: older half when full).
KEPT_MAX = 10_000
_PLAIN = (str, int, float, bool, type(None))


class KeptCookieSessions(SecureCookieSessionInterface):
    """SecureCookieSessionInterface, checking each distinct cookie once per process."""

    def __init__(self) -> None:
        self.kept: ProcessStore[tuple[int, dict[str, Any]]] = ProcessStore(KEPT_MAX)
        self._serializer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def _keys(self, app: Flask) -> tuple[Any, ...]:
        return (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Made once per signing keys, not per request."""
        keys = self._keys(app)
        if self._serializer is None or self._serializer[0] != keys:
            self._serializer = (keys, super().get_signing_serializer(app))
        return self._serializer[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (self._keys(app), value)
        found = self.kept.get(key)
        # As itsdangerous decides: whole seconds since signing, neither past max_age nor ahead.
        if found is not None and 0 <= int(time.time()) - found[0] <= max_age:
            return self.session_class(dict(found[1]))
        try:
            data, signed_at = signer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):
            self.kept.put(key, (int(signed_at.timestamp()), dict(data)))
        return self.session_class(data)


def init_app(app: Flask) -> None:
    app.session_interface = KeptCookieSessions()
