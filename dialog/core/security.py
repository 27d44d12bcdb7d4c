"""Request guards and security headers applied to every response."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from flask import Flask, Response, abort, current_app, request
from flask_login import current_user
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host

from dialog.core.text import has_control_characters

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from werkzeug.datastructures import MultiDict

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class HostGuard:
    """WSGI middleware: a Host (or trusted X-Forwarded-Host) not in TRUSTED_HOSTS is a 400.

    Flask checks TRUSTED_HOSTS too, but only while building the URL adapter, after which our
    error page cannot build its links; answering here keeps a forged host out of everything.
    """

    MESSAGE = "400 Bad Request: unknown host name / okänt värdnamn\n".encode()

    def __init__(self, wsgi_app: "WSGIApplication", trusted_hosts: list[str]) -> None:
        self.wsgi_app = wsgi_app
        self.trusted_hosts = trusted_hosts

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            headers = [("Content-Type", "text/plain; charset=utf-8")]
            headers.append(("Content-Length", str(len(self.MESSAGE))))
            start_response("400 Bad Request", headers)
            return [self.MESSAGE]
        return self.wsgi_app(environ, start_response)


def apply_body_limit() -> None:
    """Routes that take a document may receive more than MAX_CONTENT_LENGTH (BODY_LIMITS);
    set before anything reads the body, so that a larger one is still a 413 page."""
    limit = current_app.config["BODY_LIMITS"].get(request.endpoint)
    if limit:
        request.max_content_length = limit


def malformed_query(raw: bytes, args: "MultiDict[str, str]", max_length: int) -> bool:
    """Oversized, not UTF-8, or with a replacement or control character in a value (also
    asked by the shared pages' fast path, dialog/core/cache.py, which must refuse the same)."""
    if len(raw) > max_length:
        return True
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return any(
        "\ufffd" in value or has_control_characters(value)
        for values in args.listvalues()
        for value in values
    )


def reject_malformed_query() -> None:
    """Oversized or malformed query strings are a 400, never a 500 further down."""
    if malformed_query(
        request.query_string, request.args, current_app.config["MAX_QUERY_STRING_LENGTH"]
    ):
        abort(400)


def reject_malformed_form() -> None:
    """A form body that is not UTF-8 (raw or percent-encoded) is a 400, not silently kept."""
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return
    raw = request.get_data(cache=True)
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        abort(400)


def security_headers(config: "Mapping[str, Any]") -> list[tuple[str, str]]:
    """The headers every response carries unless it set its own (also sent by the shared
    pages' fast path, dialog/core/cache.py, which answers before Flask's hooks)."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ]
    if config["DIALOG_ENV"] == "production" and config["HSTS"]:
        # Production is HTTPS only (secure cookies, https base URL): browsers must not try http.
        headers.append(("Strict-Transport-Security", config["HSTS"]))
    return headers


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in security_headers(current_app.config):
        headers.setdefault(name, value)
    return response


def instance_header(config: "Mapping[str, Any]") -> tuple[str, str] | None:
    """Behind a load balancer, say which server answered (only when DIALOG_INSTANCE is set)."""
    name = config["DIALOG_INSTANCE"]
    return ("X-Dialog-Instance", str(name)) if name else None


def name_the_instance(response: Response) -> Response:
    header = instance_header(current_app.config)
    if header:
        response.headers[header[0]] = header[1]
    return response


def wrap_wsgi(app: Flask) -> None:
    """Behind DIALOG_PROXY_COUNT proxies, trust their X-Forwarded-*; then check the host."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    if app.config.get("TRUSTED_HOSTS"):
        # Wrapping wsgi_app is how Flask documents middleware; mypy sees a method replaced.
        app.wsgi_app = HostGuard(app.wsgi_app, app.config["TRUSTED_HOSTS"])  # type: ignore[method-assign]
    proxies = int(app.config["DIALOG_PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def keep_personal_pages_out_of_caches(response: Response) -> Response:
    """What is shown to a signed-in person (My page, settings, the data download, their name in
    the header) is stored by no cache: not a shared proxy's, not the browser's on a shared
    computer after signing out. Static files are the same for everyone.

    `is_anonymous` needs no column: after a view's commit, `is_authenticated` (the account's
    `deleted_at`) would load the account again just for this header."""
    if request.endpoint != "static" and not current_user.is_anonymous:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    # First of all hooks, so that CSRF checks and views never parse a malformed request.
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[:0] = [apply_body_limit, reject_malformed_query, reject_malformed_form]
    app.after_request(add_security_headers)
    app.after_request(keep_personal_pages_out_of_caches)
    app.after_request(name_the_instance)
