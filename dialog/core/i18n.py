"""Locale selection and the language switch: Swedish first, English complete."""

from flask import Blueprint, current_app, has_request_context, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from dialog.core.urls import safe_next

bp = Blueprint("i18n", __name__)

LOCALE_COOKIE = "dialog_lang"
ONE_YEAR = 365 * 24 * 3600


def select_locale() -> str:
    """The visitor's remembered choice, else Swedish (also outside requests: commands, jobs)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.cookies.get(LOCALE_COOKIE)
    if choice is not None and choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def other_language() -> str:
    return "en" if str(get_locale()) == "sv" else "sv"


@bp.post("/sprak")
def switch_language() -> ResponseReturnValue:
    """Remember the chosen language and return the visitor to the page they were on."""
    code = request.form.get("language", "")
    response = redirect(safe_next(request.form.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LOCALE_COOKIE,
            code,
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
