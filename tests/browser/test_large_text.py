"""Large text on a phone: a resident of 70 who has set text to 200 % on a 390 px phone.

Found by the resident's walk at 390 px with text at 200 %: the name field of "Create account"
kept a minimum width of 12 rem, 384 px, wider than the form; and "Tillgänglighetsredogörelse"
in the footer, a 44 px flex link as wide as its longest word, made every Swedish page scroll
sideways.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LARGE_TEXT = "html { font-size: 200% !important; }"


def test_with_text_at_200_percent_the_account_forms_fit_a_phone(live_server, browser):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    wide = {}
    try:
        for path in ("/konto/registrera", "/konto/logga-in", "/konto/glomt-losenord"):
            page.goto(f"{live_server}{path}")
            page.add_style_tag(content=LARGE_TEXT)
            expect(page.locator("main h1")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
    finally:
        context.close()
    assert wide == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_with_text_at_200_percent_a_municipality_and_a_committee_fit_a_phone(
    live_server, browser, language
):
    """The goal filters' columns (at least 14 rem, 448 px), the footer's contact address
    (a flex item as wide as "kommunen@lomma.se") and a goal's plan beside its title in a
    committee's list ("Kommunfullmäktiges") each made these pages scroll sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    wide = {}
    try:
        for path in ("/kommun/lomma", "/kommun/lund/namnd/kommunstyrelsen"):
            page.goto(f"{live_server}{path}?lang={language}")
            page.add_style_tag(content=LARGE_TEXT)
            expect(page.locator("main h1")).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
    finally:
        context.close()
    assert wide == {}
