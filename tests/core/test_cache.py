"""Pages for signed-out visitors: no cookie, no CSRF token, cached, and current at once."""

import re

import pytest

from dialog.extensions import db
from dialog.participation import services
from tests.factories import make_goal, make_user, sign_in


def _public_urls(client) -> list[str]:
    """The start page and every internal page it and a plan link to, up to a bound."""
    seen, queue = [], ["/", "/kommun/lund"]
    while queue and len(seen) < 40:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        page = client.get(url).get_data(as_text=True)
        for link in re.findall(r'href="(/[^"#]*)', page):
            link = link.replace("&amp;", "&")
            if link.startswith(("/static", "/konto", "/mina-sidor", "/hantera", "/api")):
                continue
            if link not in seen and link not in queue:
                queue.append(link)
    return seen


def test_signed_out_pages_set_no_cookie_and_carry_no_csrf_token(client, seeded):
    urls = _public_urls(client)
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 301), url
        assert "Set-Cookie" not in response.headers, url
        assert "csrf_token" not in response.get_data(as_text=True), url


