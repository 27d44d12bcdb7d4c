"""What a visitor does with the keyboard: skip to content, switch language, search, navigate."""

import re

import pytest
from playwright.sync_api import expect

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


def test_language_switch_by_keyboard_keeps_the_page_and_is_remembered(live_server, page):
    page.goto(live_server + "/kommun/lund")
    expect(page.locator("h2", has_text="Förslag")).to_be_visible()
    page.locator(".language-form button").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/kommun/lund")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2", has_text="Proposals")).to_be_visible()
    page.goto(live_server + "/")
    expect(page.locator("h1")).to_have_text("Citizen dialogue on your municipality's goals")
    page.get_by_role("button", name="På svenska").press("Enter")
    expect(page.locator("h1")).to_have_text("Medborgardialog om din kommuns mål")


def test_search_from_the_header_with_the_keyboard(live_server, page):
    page.goto(live_server + "/")
    page.get_by_label("Sök", exact=True).first.fill("klimat")
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("träffar för ”klimat”")
    first = page.locator(".result-list a").first
    title = first.inner_text()
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(title)


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
