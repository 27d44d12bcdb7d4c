"""Acceptance: the themes page of a goal with many comments, as a communicator uses it by
keyboard at 1280 px and on a 390 px phone, in Swedish and in English, with and without
JavaScript.

The page's main tasks (rename a theme, merge two) are a few Tab stops from the top, and the
page is short enough to read: each comment's tag form is folded under it.
"""

import os

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.extensions import db
from dialog.themes import queries, services
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import (
    assert_accessible,
    flash,
    follow,
    generous_limits,
    tab_to,
)
from tests.factories import make_user
from tests.officials import make_official
from tests.themes.fixture import add_comments, read

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def computed(app, live_server):
    """A Lund goal with 300 residents' comments and its themes computed; one communicator per
    test."""
    with generous_limits(app):
        with app.app_context():
            for name in ("tabs", "plain", "phone"):
                make_official(f"{name}@lund.se", [("lund", Role.COMMUNICATOR)], name=name.title())
            goal = db.session.scalar(
                select(Goal).join(Plan).join(Municipality).where(Municipality.slug == "lund")
            )
            add_comments(goal, make_user("boende@example.se", "Boende"), read("fixture")[1][:300])
            db.session.commit()
            services.request_run(goal)
            db.session.commit()  # without a broker the job runs now
            run = queries.latest_run(goal_id=goal.id)
            assert run is not None and run.status == "done"
            found = {"goal": goal.id, "themes": [view.id for view in queries.result(run).themes]}
            db.session.remove()
        yield found


def themes_page(
    browser: Browser,
    live_server: str,
    who: str,
    viewport: dict[str, int],
    script: bool = True,
) -> Page:
    """A signed-in communicator's page, with or without JavaScript."""
    signing = browser.new_page(locale="sv-SE", viewport=DESKTOP)  # the menu unfolded
    signing.set_default_timeout(10_000)
    sign_in_with_code(signing, live_server, f"{who}@lund.se")
    cookies = signing.context.cookies()
    signing.context.close()
    context = browser.new_context(locale="sv-SE", viewport=viewport, java_script_enabled=script)
    context.add_cookies(cookies)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)  # a page of 300 comments, on a machine running other tests
    return page


def shoot(page: Page, name: str) -> None:
    """A screenshot of the whole page into $DIALOG_SCREENSHOTS, when it is set."""
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"themes-{name}.png"), full_page=True)


def check_without_script(page: Page, checker: Page, name: str) -> None:
    """axe (which needs script) on a copy of the page, served again at its address in a page
    with script; nothing wider than the screen; a screenshot."""
    html = page.content()
    checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    checker.goto(page.url)
    checker.unroute(page.url)
    assert_accessible(checker, name, "en")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} is {width} px wide"  # type: ignore[index]
    shoot(page, name.replace(" ", "-"))


def presses_to(page: Page, target: Locator, through: Locator | None = None) -> int:
    """Key presses from the top of the page until `target` has focus: Tab, or when `through` (a
    link of the page's list of themes) is given, Tab to it, Enter, and Tab on from there."""
    page.reload()  # focus starts at the top
    count = 0
    for goal, then in ((through, "Enter"), (target, None)):
        if goal is None:
            continue
        for _ in range(2_000):
            page.keyboard.press("Tab")
            count += 1
            if goal.evaluate_all("(els) => els.includes(document.activeElement)"):
                break
        else:
            pytest.fail(f"{goal} not reached by Tab")
        if then:
            page.keyboard.press(then)
            count += 1
    return count


def link_to(page: Page, theme_id: int) -> Locator:
    return page.locator(f".theme-contents a[href='#theme-{theme_id}']")


#: A goal of 300 comments in 9 themes, at 1280 px. Before the page was restructured: 14,656 px
#: high; Tab stops from the top to the first theme's rename field 24, to its merge button 27, to
#: the last theme's rename field 160 (no list of themes to follow). After: 7,113 px; 14 to the one
#: merge button; the first theme's rename field 25 by Tab alone (the merge form and the list of
#: themes come first), 17 key presses through its link in the list; the last theme's 81 by Tab,
#: 25 through its link.
MOST_HEIGHT = 9_000
MOST_TO_MERGE = 16
MOST_TO_A_RENAME = 30


def test_the_main_tasks_are_near_the_top_and_the_page_is_short(live_server, browser, computed):
    page = themes_page(browser, live_server, "tabs", DESKTOP)
    first, last = computed["themes"][0], computed["themes"][-1]
    try:
        page.goto(f"{live_server}/hantera/lund/teman/mal/{computed['goal']}")
        expect(page.locator("h1")).to_contain_text("Teman i kommentarerna")
        height = page.evaluate("document.documentElement.scrollHeight")
        merge = page.get_by_role("button", name="Slå ihop", exact=True)
        expect(merge).to_have_count(1)  # one form for all the themes
        to_merge = presses_to(page, merge)
        by_tab = presses_to(page, page.locator(f"#label-{first}"))
        to_first = presses_to(page, page.locator(f"#label-{first}"), through=link_to(page, first))
        to_last = presses_to(page, page.locator(f"#label-{last}"), through=link_to(page, last))
        last_by_tab = presses_to(page, page.locator(f"#label-{last}"))
        print(
            f"themes page, 300 comments, {len(computed['themes'])} themes at 1280 px: "
            f"{height} px high; key presses from the top to the merge button {to_merge}; to the "
            f"first theme's rename field {by_tab} by Tab, {to_first} through its link; to the "
            f"last theme's {last_by_tab} by Tab, {to_last} through its link"
        )
        assert height <= MOST_HEIGHT, height
        assert to_merge <= MOST_TO_MERGE, to_merge
        assert to_first <= MOST_TO_A_RENAME and to_last <= MOST_TO_A_RENAME, (to_first, to_last)
        assert_accessible(page, "a goal's themes with 300 comments")
        shoot(page, "1280-sv")
    finally:
        page.context.close()


def test_by_keyboard_on_a_phone_in_english_without_script(live_server, browser, computed):
    """Rename through the list of themes, merge at the top, tag a comment: by keyboard, at
    390 px, in English, without JavaScript; nothing is wider than the screen."""
    page = themes_page(browser, live_server, "phone", PHONE, script=False)
    checker = browser.new_page(locale="en-GB", viewport=PHONE)
    first, second, third = computed["themes"][:3]
    try:
        page.goto(f"{live_server}/hantera/lund/teman/mal/{computed['goal']}?lang=en")
        expect(page.locator("h1")).to_contain_text("Themes in the comments")
        check_without_script(page, checker, "a goal's themes on a phone")

        follow(page, link_to(page, third))
        tab_to(page, f"#label-{third}", max_tabs=1)  # the next stop after the theme's heading
        page.keyboard.type("Trafik vid skolan")
        page.keyboard.press("Enter")
        expect(flash(page)).to_contain_text("The theme is now called “Trafik vid skolan”.")

        tab_to(page, "#merge-theme", max_tabs=30)
        page.locator("#merge-theme").select_option(str(second))
        tab_to(page, "#merge-into", max_tabs=1)
        page.locator("#merge-into").select_option(str(first))
        follow(page, "Merge", max_tabs=1)
        expect(flash(page)).to_contain_text("is merged into")
        expect(page.locator(f"#theme-{second}")).to_have_count(0)
        expect(page.locator(f".theme-contents a[href='#theme-{second}']")).to_have_count(0)

        item = page.locator(f"section[aria-labelledby='theme-{first}'] .quotes > li").first
        follow(page, item.locator(".tag-comment summary"))
        tab_to(page, item.locator("input[name=name]"), max_tabs=1)
        page.keyboard.type("Busslinjer")
        page.keyboard.press("Enter")
        told = page.locator("li[id^=comment-] .flash")  # at the comment the page returns to
        expect(told).to_contain_text("is tagged “Busslinjer”")
        expect(told).to_be_in_viewport()
        expect(page.locator("li[id^=comment-]:has(.flash) .comment-tags")).to_contain_text(
            "Busslinjer"
        )
        check_without_script(page, checker, "a goal's themes on a phone after the changes")
    finally:
        checker.close()
        page.context.close()
