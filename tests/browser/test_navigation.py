"""What a visitor does with the keyboard: skip to content, switch language, search, navigate."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.extensions import db
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server + "/kommun/lund")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    expect(page.locator("main")).to_be_focused()


def test_language_switch_by_keyboard_is_a_link_that_keeps_the_page(live_server, page):
    page.goto(live_server + "/kommun/lund")
    expect(page.locator("h2", has_text="Förslag")).to_be_visible()
    page.locator(".language-form a").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/kommun/lund?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2", has_text="Proposals")).to_be_visible()
    # Links keep the language; the visitor got no cookie for it.
    page.get_by_role("link", name="Cookies", exact=True).click()
    expect(page).to_have_url(live_server + "/kakor?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.context.cookies() == []
    page.get_by_role("link", name="På svenska").press("Enter")
    expect(page).to_have_url(live_server + "/kakor")
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_signed_out_visitor_follows_sign_in_to_comment_and_comes_back(live_server, app, page):
    from tests.factories import PASSWORD, make_user

    with app.app_context():
        make_user("tillbaka@example.se", "Tillbaka")
    page.goto(live_server + "/kommun/lund/plan/vara-fokusomraden?lang=en")
    page.locator("main").get_by_role("link", name="Ekologisk hållbarhet", exact=True).first.click()
    area_url = page.url
    assert "lang=en" in area_url
    page.get_by_role("link", name="Sign in to comment").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    page.locator("#email").fill("tillbaka@example.se")
    page.locator("#password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Ekologisk hållbarhet")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#comment-form")).to_be_visible()
    assert page.url.split("#")[0] == area_url.split("#")[0]


def test_search_from_the_header_with_the_keyboard(live_server, page):
    page.goto(live_server + "/")
    page.get_by_label("Sök", exact=True).first.fill("klimat")
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("träffar för ”klimat”")
    first = page.locator(".result-list a").first
    # The link names the municipality too, for screen readers only; the page is the title.
    title = first.evaluate(
        "a => { const c = a.cloneNode(true);"
        " c.querySelectorAll('.visually-hidden').forEach(e => e.remove());"
        " return c.textContent.trim(); }"
    )
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(title)


def test_the_header_search_on_an_english_page_answers_in_english(live_server, page):
    """A GET form sends only its fields: from a page reached by ?lang=en (no cookie, signed
    out) the search answered in Swedish until the form carried the language."""
    page.goto(live_server + "/kommun/lund?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Search", exact=True).first.fill("klimat")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sok\?q=klimat&kommun=lund&lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[role=status]")).to_contain_text("results for “klimat”")
    assert page.context.cookies() == []


def test_from_start_page_to_a_goal_and_back_through_breadcrumbs(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Lomma kommun").click()
    expect(page.locator("h1")).to_have_text("Lomma kommun")
    page.locator(".card-list a").first.click()
    page.locator(".goal-list a").first.click()
    expect(page.locator(".breadcrumbs [aria-current=page]")).to_have_text(
        page.locator("h1").inner_text()
    )
    page.locator(".breadcrumbs").get_by_role("link", name="Lomma kommun", exact=True).click()
    expect(page).to_have_url(live_server + "/kommun/lomma")


def test_focus_is_visible(live_server, page):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_other_language_is_in_sight_without_opening_the_menu(
    live_server, page, width
):
    """A visitor who reads no Swedish would not look for "In English" behind "Meny"."""
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(live_server + "/kommun/lund")
    expect(page.locator(".site-menu")).not_to_have_attribute("open", "")
    english = page.get_by_role("link", name="In English", exact=True)
    expect(english).to_be_visible()
    expect(english).to_be_in_viewport()
    box = english.bounding_box()
    assert box is not None and box["height"] >= 24
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    expect(english).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="På svenska", exact=True)).to_be_visible()


def _same_row(one: dict, other: dict) -> bool:
    return one["y"] < other["y"] + other["height"] and other["y"] < one["y"] + one["height"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize("width", [320, 390])
def test_opening_the_menu_on_a_phone_leaves_the_language_switch_where_it_was(
    live_server, app, page, width, signed_in
):
    """With the menu open, "På svenska" fell onto a row of its own: the open menu took the
    whole row from the name, the switch and the button. Now they keep the row they had, the
    menu opens below them, and nothing scrolls sideways."""
    if signed_in:
        with app.app_context():
            if db.session.scalar(select(User).filter_by(email="meny@example.se")) is None:
                make_user("meny@example.se", "Meny")
                db.session.commit()
        page.goto(live_server + "/konto/logga-in")
        page.get_by_label("E-postadress").fill("meny@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").press("Enter")
        page.wait_for_url(live_server + "/")
    page.set_viewport_size({"width": width, "height": 700})
    for path in ("/?lang=en", "/kommun/lund?lang=en"):
        page.goto(live_server + path)
        switch = page.locator(".header-lang").get_by_role(
            "button" if signed_in else "link", name="På svenska", exact=True
        )
        button = page.locator("summary.menu-button")
        closed = switch.bounding_box(), button.bounding_box()
        button.click()
        expect(page.locator(".site-menu")).to_have_attribute("open", "")
        own, menu = switch.bounding_box(), button.bounding_box()
        content = page.locator(".menu-content").bounding_box()
        assert own is not None and menu is not None and content is not None
        # Where they were with the menu closed (the button's ✕ is a pixel narrower than its ☰).
        moved = [
            abs(now[k] - then[k])
            for now, then in zip((own, menu), closed, strict=True)
            for k in "xy"
        ]
        assert max(moved) <= 2, (path, width, closed, own, menu)
        assert _same_row(own, menu), (path, width, own, menu)
        assert own["y"] + own["height"] <= content["y"], (path, width, own, content)
        assert own["height"] >= 44 and menu["height"] >= 44
        assert own["x"] >= 0 and menu["x"] + menu["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") == width
        page.keyboard.press("Shift+Tab")  # from the button just pressed
        if not signed_in:  # a visitor's "Sign in" stands between them in the bar
            expect(page.locator(".header-sign-in a")).to_be_focused()
            page.keyboard.press("Shift+Tab")
        expect(switch).to_be_focused()
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
