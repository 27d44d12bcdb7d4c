"""axe finds no WCAG 2.1 A/AA violation on any page type signed out, as a resident and as an
official, in both languages.

The pages are those of tests/pages.py (every GET rule of the URL map that answers HTML, and a
few pages added by hand), so a new page is checked without anyone listing it here. Each kind of
visitor signs in once through the test client (an official's code is accepted only once) and
the browser is handed the session cookie. Refusals (403, 400 for a bad link) repeat one error
page, so each status is visited once per visitor.
"""

import pytest

from tests.browser.test_accessibility import violations
from tests.pages import ACTORS, LANGUAGES, code_step_page, make_site, sign_in_actor, walk

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visitors(live_server, app):
    """Per kind of visitor: its signed-in test client and the pages it reaches."""
    with app.app_context():
        site = make_site()
    found = {}
    for actor in ACTORS:
        client = app.test_client()
        sign_in_actor(client, actor)
        for language in LANGUAGES:
            seen_errors: set[int] = set()
            pages = []
            for page in walk(app, client, site, actor, language):
                if page.method != "GET" or page.status in seen_errors:
                    continue
                if page.status != 200:
                    seen_errors.add(page.status)
                pages.append(page)
            found[actor, language] = (client, pages)
    return found


def _hand_over_cookies(client, page, live_server: str) -> None:
    cookie = client.get_cookie("session")
    if cookie is not None:
        page.context.add_cookies([{"name": "session", "value": cookie.value, "url": live_server}])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_no_axe_violations_on_any_page_type(live_server, visitors, page, actor, language):
    client, pages = visitors[actor, language]
    _hand_over_cookies(client, page, live_server)
    found = {}
    for visited in pages:
        page.goto(live_server + visited.url)
        assert page.locator("html").get_attribute("lang") == language
        found[f"{visited.name} {visited.url}"] = violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
    if actor != "anonymous":  # the browser really was signed in
        page.goto(live_server + "/mina-sidor")
        assert "/konto/logga-in" not in page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_on_the_code_step(live_server, app, page, visitors, language):
    client = app.test_client()
    step = code_step_page(client, language)
    _hand_over_cookies(client, page, live_server)
    page.goto(live_server + step.url)
    assert violations(page) == []
