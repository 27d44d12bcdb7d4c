"""Friendly error pages in the visitor's language; JSON errors under /api/."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    """Render every HTTP error as a page (or JSON for the API) with the right status."""
    code = error.code or 500
    if _wants_json():
        return jsonify(error={"status": code, "message": error.name}), code
    titles = {
        400: _("The request could not be understood"),
        404: _("Page not found"),
        405: _("That action is not allowed here"),
        413: _("What you sent is too large"),
    }
    title = titles.get(code, _("Something went wrong"))
    return render_template("errors/error.html", code=code, title=title), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
