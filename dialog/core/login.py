"""Flask-Login's LoginManager, leaving alone the session of a visitor who is not signed in.

Flask-Login's "basic" session protection marks a session "not fresh" when this request comes
from another address or browser than the one that signed in. A visitor who only holds a form's
session (the sign-in page gives one, for its CSRF secret) never signed in there, so the check
always failed, and the first request after the form wrote `_fresh = False`, and with it a new
session cookie. A browser that signed in while such an answer was on its way (the favicon it
asks for after the page has loaded, a page in another tab) stored that cookie over the
signed-in one, and the page the sign-in led to was shown signed out. A session without an
account has no freshness to lose; a signed-in one is checked as before.
"""

import flask_login
from flask import current_app, session


class LoginManager(flask_login.LoginManager):
    """flask_login.LoginManager, without "basic" protection's note in a session that holds
    no account."""

    def _session_protection_failed(self) -> bool:
        mode = current_app.config.get("SESSION_PROTECTION", self.session_protection)
        if mode == "basic" and "_user_id" not in session:
            return False  # as for an empty session: nothing to mark, so nothing to write
        return bool(super()._session_protection_failed())
