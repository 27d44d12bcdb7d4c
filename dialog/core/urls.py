"""URL helpers."""

from urllib.parse import urlsplit

from flask import url_for


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
