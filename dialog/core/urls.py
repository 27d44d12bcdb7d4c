"""URL helpers and the converters every route's path parameters go through."""

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from werkzeug.routing import IntegerConverter, Map, PathConverter, UnicodeConverter

#: Ids are PostgreSQL `integer` columns; a larger number in a URL is simply no such page.
MAX_ID = 2**31 - 1
#: C0 and C1 control characters (NUL and friends): no address a person types contains them.
_NO_CONTROL = r"\x00-\x1f\x7f-\x9f"


class IdConverter(IntegerConverter):
    """`<int:…>` limited to ASCII digits and the database's integer range, so 2**31 is a 404."""

    regex = r"[0-9]+"

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """`<…>` and `<string:…>` without control characters: a NUL byte never reaches a query."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", f"[^/{_NO_CONTROL}]", 1)


class CleanPathConverter(PathConverter):
    """`<path:…>` without control characters."""

    regex = f"[^/{_NO_CONTROL}][^{_NO_CONTROL}]*?"


def init_converters(app: Flask) -> None:
    """Replace Werkzeug's converters before any route is registered, so every rule uses them."""
    converters = app.url_map.converters
    converters["int"] = IdConverter
    converters["default"] = converters["string"] = TextConverter
    converters["path"] = CleanPathConverter


def home_url() -> str:
    """The start page: the endpoint configured as HOME_ENDPOINT (core names no area's page)."""
    return url_for(current_app.config["HOME_ENDPOINT"])


def local_path(target: str | None) -> str | None:
    """`target` when it is a local path, else None: what `next=` may name, and whether it
    named anything at all (a caller may have its own page for "nowhere in particular")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def safe_next(target: str | None, fallback_endpoint: str | None = None) -> str:
    """Accept only a local path, so that `next=` can never send a visitor elsewhere; anything
    else goes to `fallback_endpoint`, by default the configured home page."""
    path = local_path(target)
    if path is not None:
        return path
    return url_for(fallback_endpoint) if fallback_endpoint else home_url()


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on DIALOG_BASE_URL, never on the Host header a visitor sent.

    For links that leave the request (mail): a forged Host or X-Forwarded-Host must not
    decide where a password-reset link points. Works without a request, e.g. in a job.
    """
    base = urlsplit(current_app.config["DIALOG_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
