"""URL helpers."""

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, fallback_endpoint: str = "catalogue.index") -> str:
    """Accept only a local path, so that `next=` can never send a visitor elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for(fallback_endpoint)
    if any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return url_for(fallback_endpoint)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for(fallback_endpoint)
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on DIALOG_BASE_URL, never on the Host header a visitor sent.

    For links that leave the request (mail): a forged Host or X-Forwarded-Host must not
    decide where a password-reset link points. Works without a request, e.g. in a job.
    """
    base = urlsplit(current_app.config["DIALOG_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
