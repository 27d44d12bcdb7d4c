"""A first-time visitor of 70 on a 390 px phone, by keyboard, in Swedish and English: the bar,
the size of grey text and the search form.

Found by the walk of tests/browser/test_first_visit.py: "Logga in" was only behind "Meny" on a
phone; how many had taken part and the badges were 15 and 13.6 px grey text under 17 px body
text; on the search page the search box was narrower than the list of municipalities below it.
"""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from tests.browser.test_first_visit import PHONE, heights
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
SIGN_IN = {"sv": "Logga in", "en": "Sign in"}


def new_page(browser, viewport, script=True) -> Page:
    context = browser.new_context(locale="sv-SE", viewport=viewport, java_script_enabled=script)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_visitor_on_a_phone_finds_sign_in_in_the_bar_without_opening_the_menu(
    live_server, browser, script, language
):
    phone = new_page(browser, PHONE, script)
    for path in ("/", "/kommun/lund"):
        phone.goto(f"{live_server}{path}?lang={language}")
        header = phone.locator("header")
        link = header.get_by_role("link", name=SIGN_IN[language], exact=True)
        expect(link).to_have_count(1)  # the menu's own is hidden while it is closed
        expect(link).to_be_visible()
        expect(phone.locator("details.site-menu")).not_to_have_attribute("open", "")
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 390, box
        # The name keeps its whole row rather than being squeezed beside three things.
        name = phone.locator(".site-name").bounding_box()
        assert name is not None and name["y"] + name["height"] <= box["y"], (name, box)
        owner = phone.locator(".site-owner")
        if owner.count():
            assert owner.evaluate("(el) => el.scrollWidth") <= owner.bounding_box()["width"] + 1
        # The language, "Sign in" and the menu button on one row, inside the screen.
        row = [phone.locator(s).bounding_box() for s in (".header-lang", ".menu-button")]
        assert {round(b["y"]) for b in row} == {round(box["y"])}, (row, box)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # By keyboard: skip link, the site's name, the other language, then "Sign in".
    for _ in range(4):
        phone.keyboard.press("Tab")
    expect(link).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/konto/logga-in\?next=/kommun/lund"))
    phone.context.close()


def test_on_a_wide_screen_the_bar_shows_sign_in_once_in_the_open_menu(live_server, browser):
    page = new_page(browser, DESKTOP)
    page.goto(f"{live_server}/kommun/lund")
    link = page.locator("header").get_by_role("link", name="Logga in", exact=True)
    expect(link).to_have_count(1)
    expect(page.locator(".site-menu .account-nav")).to_contain_text("Logga in")
    expect(page.locator(".header-sign-in")).to_be_hidden()
    name = page.locator(".site-name").bounding_box()
    menu = page.locator(".site-menu").bounding_box()
    assert name is not None and menu is not None and name["x"] + name["width"] < menu["x"]
    page.context.close()


def test_signed_in_the_bar_has_no_sign_in_link(app, live_server, browser):
    with app.app_context():
        make_user("inloggad@example.se", "Inloggad")
    phone = new_page(browser, PHONE)
    phone.goto(f"{live_server}/konto/logga-in")
    phone.get_by_label("E-postadress").fill("inloggad@example.se")
    phone.get_by_label("Lösenord").fill(PASSWORD)
    phone.locator("main").get_by_role("button", name="Logga in").press("Enter")
    expect(phone.locator("h1")).not_to_have_text("Logga in")
    expect(phone.locator(".header-sign-in")).to_have_count(0)
    menu = phone.locator(".menu-button").bounding_box()
    other = phone.locator(".header-lang button").bounding_box()
    assert menu is not None and other is not None and round(menu["y"]) <= round(other["y"]) + 1
    phone.context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_grey_text_is_as_large_as_body_text_and_badges_14_px_bold(live_server, browser, language):
    phone = new_page(browser, PHONE)
    phone.goto(f"{live_server}/?lang={language}")
    sizes = phone.locator("main .activity, main .muted, .breadcrumbs a").evaluate_all(
        "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert sizes and min(sizes) >= 16, sizes
    badges = phone.locator("main .badge").evaluate_all(
        """(els) => els.map((el) => [parseFloat(getComputedStyle(el).fontSize),
                                      parseInt(getComputedStyle(el).fontWeight, 10)])"""
    )
    assert badges and min(size for size, _ in badges) >= 14, badges
    assert min(weight for _, weight in badges) >= 600, badges
    phone.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_search_box_is_as_wide_as_the_list_below_it(live_server, browser, viewport, language):
    page = new_page(browser, viewport)
    page.goto(f"{live_server}/sok?q=skola&lang={language}")
    words = page.locator("#search-q").bounding_box()
    where = page.locator("#search-kommun").bounding_box()
    assert words is not None and where is not None
    assert (round(words["x"]), round(words["width"])) == (round(where["x"]), round(where["width"]))
    tall = heights(page, "#search-q, #search-kommun")
    assert min(tall) >= 44 and max(tall) - min(tall) <= 1, tall
    if viewport is PHONE:  # the whole width of the page's text
        main = page.locator("main").evaluate(
            "(el) => el.clientWidth - parseFloat(getComputedStyle(el).paddingLeft)"
            " - parseFloat(getComputedStyle(el).paddingRight)"
        )
        assert round(words["width"]) == round(main), (words, main)
    # Labels and the hint stay tied to the fields.
    label = "Ord att söka efter" if language == "sv" else "Words to search for"
    expect(page.get_by_label(label)).to_have_attribute("id", "search-q")
    expect(page.locator("#search-kommun")).to_have_accessible_description(
        "Träffar därifrån visas först." if language == "sv" else "Its results are shown first."
    )
    page.context.close()


def separators_and_first_lines(page: Page) -> list[tuple[float, float, float]]:
    """For each breadcrumb after the first: the vertical centre of its "›" (a ::before, which
    only the DevTools protocol can measure) and the top and bottom of its link's first line."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    found = cdp.send(
        "DOM.querySelectorAll", {"nodeId": root["nodeId"], "selector": ".breadcrumbs li + li"}
    )
    centres = []
    for node_id in found["nodeIds"]:
        node = cdp.send("DOM.describeNode", {"nodeId": node_id, "depth": 1})["node"]
        [before] = [p for p in node["pseudoElements"] if p["pseudoType"] == "before"]
        quad = cdp.send("DOM.getBoxModel", {"backendNodeId": before["backendNodeId"]})
        content = quad["model"]["content"]  # x1, y1, ..., x4, y4
        centres.append((content[1] + content[5]) / 2)
    lines = page.locator(".breadcrumbs li + li a").evaluate_all(
        """(links) => links.map((a) => {
            const range = document.createRange();
            range.selectNodeContents(a);
            const first = range.getClientRects()[0];
            return [first.top, first.bottom];
        })"""
    )
    return [(c, top, bottom) for c, (top, bottom) in zip(centres, lines, strict=True)]


@pytest.mark.parametrize("size", ["100%", "200%"])
def test_a_breadcrumb_that_wraps_has_its_arrow_on_its_first_line(app, live_server, browser, size):
    """At 390 px the plan's name took two lines (three with text at 200 %) and its "›" stood
    in the middle, so that the crumb seemed to begin mid-word ("› ges mål och")."""
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
        goal_id = goal.id
        db.session.remove()
    context = browser.new_context(locale="sv-SE", viewport=PHONE, bypass_csp=True)
    phone = context.new_page()
    phone.goto(f"{live_server}/mal/{goal_id}")
    phone.add_style_tag(content=f"html {{ font-size: {size}; }}")
    found = separators_and_first_lines(phone)
    assert len(found) == 4
    lines = phone.locator(".breadcrumbs li + li a").evaluate_all(
        """(links) => links.map((a) => {
            const range = document.createRange();
            range.selectNodeContents(a);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        })"""
    )
    assert max(lines) > 1, "no breadcrumb wraps: the test shows nothing"
    for centre, top, bottom in found:
        assert top <= centre <= bottom, (centre, top, bottom)
    context.close()
