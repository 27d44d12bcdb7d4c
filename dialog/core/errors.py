"""Friendly error pages in the visitor's language; JSON errors under /api/."""

from flask import (
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from dialog.core import faults
from dialog.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(error: HTTPException, body: Response | str) -> Response:
    """The body with the error's own headers (Allow on 405, Retry-After, …) and status."""
    response = make_response(body, error.code or 500)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    """Render every HTTP error as a page (or JSON for the API) with the right status."""
    # Whatever failed may have left the transaction unusable (PostgreSQL aborts it on an error);
    # the page needs the session, e.g. to load the signed-in visitor for the header.
    db.session.rollback()
    code = error.code or 500
    if error.response is not None:  # a view's own answer, e.g. its form again on a 429
        return error.response
    if _wants_json():
        return _respond(error, jsonify(error={"status": code, "message": error.name}))
    titles = {
        400: _("The request could not be understood"),
        404: _("Page not found"),
        405: _("That action is not allowed here"),
        403: _("You are not allowed to do that"),
        413: _("What you sent is too large"),
        429: _("Too many attempts"),
    }
    title = titles.get(code, _("Something went wrong"))
    return _respond(error, render_template("errors/error.html", code=code, title=title))


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    """A missing or stale form token: say what happened and how to go on, keep the 400."""
    db.session.rollback()
    if _wants_json():
        return jsonify(error={"status": 400, "message": "CSRF token missing or invalid"}), 400
    title = _("The form could not be sent")
    return render_template("errors/error.html", code=400, title=title, csrf=True), 400


def handle_database_error(error: DBAPIError) -> ResponseReturnValue:
    """A lost connection or a busy database: a page view is run once more; what cannot be run
    again answers 503, saying that nothing was saved and offering to send the form again.
    Any other database error is a bug and stays a 500."""
    if not faults.is_transient(error):
        raise error
    faults.recover(error)
    retried = faults.retry_view()
    if retried is not None:
        return retried
    current_app.logger.warning("Database unavailable during %s %s", request.method, request.path)
    body: Response | str = (
        jsonify(error={"status": 503, "message": "Service temporarily unavailable"})
        if _wants_json()
        else _unavailable_page()
    )
    response = make_response(body, 503)
    response.headers["Retry-After"] = "1"
    response.headers["Cache-Control"] = "no-store"
    return response


def _unavailable_page() -> str:
    """The 503 page; without the site's header when that, too, needs the database."""
    sent = request.method not in faults.SAFE_METHODS
    context = {
        "code": 503,
        "title": _("What you sent was not saved") if sent else _("The page could not be shown"),
        "sent": sent,
        "resend": faults.resend_fields(),
        "action": request.full_path.rstrip("?"),
    }
    try:
        return render_template("errors/unavailable.html", **context)
    except DBAPIError as again:
        faults.recover(again)
        return render_template("errors/unavailable_bare.html", **context)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(HTTPException, handle_http_error)
