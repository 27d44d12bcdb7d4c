"""Locale selection and the language switch: Swedish first, English complete.

The language is part of the address (`?lang=en`), not of a cookie, so that a page for a
signed-out visitor is the same for everyone who asks for that address and can be cached by
the app, a reverse proxy and the browser. A signed-in person's choice is kept on their account
(`User.language`); an explicit `?lang=` still wins. Internal links carry `lang` on (a
`url_defaults` hook) whenever it differs from what the visitor would get without it.
"""

from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, current_app, g, has_request_context, redirect, request
from flask import Request as FlaskRequest
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user, user_logged_in, user_logged_out
from wtforms.i18n import messages_path

from dialog.core.urls import safe_next

bp = Blueprint("i18n", __name__)

#: The query parameter that chooses the page's language.
PARAMETER = "lang"
#: Where the language without `?lang=` is kept for the rest of the request.
_FALLBACK = "dialog_fallback_language"


def _explicit() -> str | None:
    """The language the address asks for, when it is one the site speaks."""
    choice = request.args.get(PARAMETER)
    return choice if choice in current_app.config["LANGUAGES"] else None


def _fallback() -> str:
    """The language without `?lang=`: the signed-in person's own, else Swedish. Read once per
    request, before the view (`read_language_first`): a view's commit expires the account, and
    the words and links of its answer must not need the database again (a connection lost just
    after the commit would turn a stored form into a 503 saying nothing was saved)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if _FALLBACK in g:
        return str(g.get(_FALLBACK))
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated:
        own = getattr(user, "language", None)
        if isinstance(own, str) and own in current_app.config["LANGUAGES"]:
            language = own
    setattr(g, _FALLBACK, language)
    return language


def _forget_language(_app: Flask, **_extra: Any) -> None:
    """Signing in or out in this request changes whose language it is."""
    g.pop(_FALLBACK, None)


def read_language_first() -> None:
    """before_request: the signed-in person's language, while their account is fresh."""
    if request.endpoint != "static":
        _fallback()


def select_locale() -> str:
    """`?lang=`, else the account's language, else Swedish (also outside requests)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return _explicit() or _fallback()


def other_language() -> str:
    return "en" if str(get_locale()) == "sv" else "sv"


def carried_language() -> str | None:
    """The `lang` that links on this page must carry: the explicit choice, when it differs
    from what the visitor would get without it (so Swedish addresses stay plain)."""
    if not has_request_context():
        return None
    explicit = _explicit()
    return explicit if explicit is not None and explicit != _fallback() else None


def _keep_language(endpoint: str | None, values: dict[str, Any]) -> None:
    """url_defaults: internal links keep the page's language (static files need none)."""
    if endpoint in (None, "static") or PARAMETER in values:
        return
    language = carried_language()
    if language is not None:
        values[PARAMETER] = language


def language_url(code: str) -> str:
    """This page's address in language `code` (the switch link for signed-out visitors)."""
    arguments = [(k, v) for k, v in request.args.items(multi=True) if k != PARAMETER]
    if code != _fallback():
        arguments.append((PARAMETER, code))
    query = urlencode(arguments)
    return request.path + (f"?{query}" if query else "")


def _with_language(target: str, code: str | None) -> str:
    """`target` with its `lang` replaced by `code` (or removed)."""
    parts = urlsplit(target)
    arguments = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAMETER
    ]
    if code:
        arguments.append((PARAMETER, code))
    query = urlencode(arguments)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return parts.path + (f"?{query}" if query else "") + fragment


def address_keeping_language(target: str, language: str) -> str:
    """`target` for someone who was reading in `language` and has just signed out: without
    the account, only the address carries the language (Swedish needs no `lang`)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return _with_language(target, None if language == default else language)


@bp.post("/sprak")
def switch_language() -> ResponseReturnValue:
    """A signed-in person's language, kept on the account; for anyone else the address of
    the page in that language (signed-out visitors are shown a plain link instead)."""
    code = request.form.get("language", "")
    target = safe_next(request.form.get("next"))
    if code not in current_app.config["LANGUAGES"]:
        return redirect(target)
    if current_user.is_authenticated:
        current_user.language = code
        setattr(g, _FALLBACK, code)
        # The app's session, without importing extensions (which import this module).
        current_app.extensions["sqlalchemy"].session.commit()
        return redirect(_with_language(target, None))
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return redirect(_with_language(target, None if code == default else code))


@cache
def _wtforms_messages(language: str) -> NullTranslations:
    return Translations.load(messages_path(), [language], domain="wtforms")


class Request(FlaskRequest):
    """Flask-WTF looks here for WTForms' own messages in the page's language ("Not a valid
    choice"), and would otherwise read them from disk again for every request with a form."""

    @property
    def wtforms_translations(self) -> NullTranslations:
        return _wtforms_messages(str(get_locale()))


def init_app(app: Flask) -> None:
    app.request_class = Request
    app.register_blueprint(bp)
    app.before_request(read_language_first)
    user_logged_in.connect(_forget_language, app)
    user_logged_out.connect(_forget_language, app)
    app.url_defaults(_keep_language)
    app.add_template_global(language_url, "language_url")
    app.add_template_global(carried_language, "carried_language")
