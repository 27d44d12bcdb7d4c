"""A communicator's main path on a 390 px phone, by keyboard, in English, without JavaScript:
the officials' start page, the municipality's and the plan's summaries, the report in English
(its figures those of the page), the public "what we heard" page chosen and published, a goal's
themes computed and a comment tagged and untagged, and paper forms imported, first from a file
with mistakes. On every page: English, axe finds nothing, no Swedish interface text outside
lang="sv", nothing wider than 390 or 320 px but a table's own scroll region.

DIALOG_SCREENSHOTS=<folder> keeps a screenshot of each page."""

import io
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.insights.groups import services as groups
from tests.browser.test_insights_on_a_phone import AXE, PHONE, WCAG_22_AA, wider_than_the_screen
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import generous_limits, tab_to
from tests.factories import make_user
from tests.insights.groups.fixture import build_plan
from tests.officials import make_official
from tests.themes.fixture import add_comments, read

pytestmark = pytest.mark.browser

EMAIL = "kommunikator.gang@testkommun.se"
NARROW = {"width": 320, "height": 700}
#: Paper forms with two mistakes: a day not in the calendar, and a line without its text.
WITH_MISTAKES = "synpunkt;kanal;inkommen\nMer belysning vid stationen;papper;2026-11-31\n;möte;\n"
CORRECTED = "synpunkt;kanal;inkommen;referens\nMer belysning vid stationen;papper;2026-11-30;B-7\n"
#: Swedish letters in text that no element marks as Swedish: interface text left untranslated.
UNMARKED_SWEDISH = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const marked = walker.currentNode.parentElement.closest('[lang]');
    const swedish = marked && marked.getAttribute('lang').startsWith('sv');
    if (/[åäöÅÄÖ]/.test(text) && !swedish) found.push(text);
  }
  return found;
}"""
#: The focused control's outline, and whether all of it is on the screen (WCAG 2.4.7, 2.4.11).
#: Chrome scrolls a focused element into view by whole pixels, so an element at a fractional
#: position may end a fraction of a pixel past the edge (800.23 to 844.23 of 844): rounded.
FOCUS = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const [top, bottom, left, right] = [box.top, box.bottom, box.left, box.right].map(Math.round);
  return {
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: top >= 0 && bottom <= window.innerHeight && left >= 0
      && right <= window.innerWidth,
  };
}"""


@pytest.fixture(scope="module")
def world(app, live_server):
    """Testkommun's plan with opinion groups; its first goal with 40 comments, three of which
    residents reacted to."""
    with generous_limits(app):
        with app.app_context():
            found = build_plan([40, 30, 25])
            make_official(EMAIL, [("testkommun", Role.COMMUNICATOR)], name="Kim K")
            goal = found.goals[0]
            made = add_comments(
                goal, make_user("skriver@example.se", "Skriver"), read("fixture")[1][:40]
            )
            for n, comment in enumerate(made[:3]):
                comment.agree_count, comment.disagree_count = 9 - n, n
            groups.compute(found.plan.id)
            db.session.commit()
            world = SimpleNamespace(goal_id=goal.id, quoted=made[0].body)
            db.session.remove()
        yield world


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"communicator-{name}.png"), full_page=True)


def axe_findings(page: Page) -> list[str]:
    """axe needs JavaScript: it reads the walked page's HTML again in a page that has it, at
    the same address (for the style sheets) and the same width."""
    helper = page.context.browser.new_context(viewport=PHONE)
    try:
        reader = helper.new_page()
        reader.goto(page.url.split("#")[0])  # a POST's address may answer otherwise: replaced
        reader.set_content(page.content())
        return [
            f"{rule['id']}: {[node['target'] for node in rule['nodes']]}"
            for rule in AXE.run(reader, options=WCAG_22_AA).response["violations"]
        ]
    finally:
        helper.close()


def check(page: Page, name: str) -> None:
    """The page is in English, marks its Swedish, passes axe and reflows at 390 and 320 px."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, name)
    found = {
        "axe": axe_findings(page),
        "unmarked Swedish": page.evaluate(UNMARKED_SWEDISH),
        "wide at 390": wider_than_the_screen(page),
    }
    page.set_viewport_size(NARROW)
    found["wide at 320"] = wider_than_the_screen(page)
    page.set_viewport_size(PHONE)
    assert {key: value for key, value in found.items() if value} == {}, name


def focus_is_seen(page: Page) -> None:
    assert page.evaluate(FOCUS) == {"outline": True, "onScreen": True}


def press(page: Page, target, key: str = "Enter") -> None:
    """Tab to a control, see its focus, and press a key on it."""
    tab_to(page, target)
    focus_is_seen(page)
    page.keyboard.press(key)


def figure(page: Page, row: str) -> str:
    """A number in the participation table of a summary page."""
    cell = page.locator("tr", has=page.locator("th", has_text=re.compile(f"^{row}$"))).locator("td")
    return cell.first.inner_text()


def test_a_communicator_walks_the_main_path(live_server, browser, world):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in_with_code(page, live_server, EMAIL)  # at the default width: it looks for "Hantera"
    page.set_viewport_size(PHONE)

    page.goto(live_server + "/hantera?lang=en")
    expect(page.locator("h1")).to_have_text("Manage")
    check(page, "start")
    press(
        page,
        page.get_by_role("link", name=re.compile(r"^Summaries of the dialogue\s*, Testkommun$")),
    )
    expect(page.locator("h1")).to_have_text("Summary for Testkommun")
    check(page, "municipality")
    press(page, page.locator("main a", has_text=re.compile("^Planen$")))
    expect(page.locator("h1")).to_have_text("Summary for Planen")
    check(page, "plan")

    # The report in English says what the page says.
    participants, published = (
        figure(page, "Participants"),
        figure(page, "Published comments and replies"),
    )
    tab_to(page, "PDF in English")
    focus_is_seen(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert f"Participants {participants}" in text
    assert f"Published comments and replies {published}" in text
    assert text.index("Participation") < text.index("Opinion groups") < text.index("How these")

    # The public "what we heard" page: one quote chosen, published, seen as residents see it.
    press(page, 'Public "what we heard" page for this plan')
    expect(page.locator("h1")).to_have_text("What we heard: Planen")
    check(page, "what-we-heard-choice")
    quote = page.locator("form.feedback-choices input[name=quote_ids]").first
    expect(page.locator(f"label[for={quote.get_attribute('id')}] [lang=sv]")).to_have_text(
        world.quoted
    )
    press(page, quote, " ")
    expect(quote).to_be_checked()
    press(page, page.get_by_role("button", name="Publish"))
    told = page.locator(".flash-messages")
    expect(told).to_have_text("The page is published.")
    expect(told).to_be_in_viewport()
    press(page, "See the public page")
    expect(page.locator("h1")).to_have_text("What we heard: Planen")
    expect(page.locator("main blockquote [lang=sv]").first).to_have_text(world.quoted)
    check(page, "what-we-heard-public")

    # A goal's themes: computed, a comment tagged and the tag taken off again.
    page.goto(f"{live_server}/hantera/testkommun/sammanfattning/mal/{world.goal_id}?lang=en")
    check(page, "goal")
    press(page, page.get_by_role("link", name="Themes in the comments: rename, merge and tag"))
    expect(page.locator("h1")).to_contain_text("Themes in the comments")
    press(page, page.get_by_role("button", name="Compute the themes"))
    # Without a broker the job runs within the request (the first time it loads scikit-learn),
    # which can take longer than expect's five seconds on a busy machine.
    status = page.locator("main p[role=status]").first
    expect(status).to_contain_text("Computed", timeout=60_000)
    check(page, "themes")
    field = page.locator("input[name=name]").first
    comment_id = field.get_attribute("id").removeprefix("tag-")
    item = page.locator(f"#comment-{comment_id}")
    tab_to(page, item.locator(".tag-comment summary"))  # a comment's tag forms are folded
    page.keyboard.press("Enter")
    tab_to(page, field, max_tabs=1)
    page.keyboard.type("lighting")
    page.keyboard.press("Enter")
    expect(item.locator(".flash")).to_have_text(f"Comment {comment_id} is tagged “lighting”.")
    expect(item.locator(".flash")).to_be_in_viewport()
    page.keyboard.press("Tab")  # from the comment the page came back to, its fold closed again
    expect(page.locator(":focus")).to_have_accessible_name(f"Edit tags of comment {comment_id}")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_accessible_name(
        f"Remove tag “lighting” from comment {comment_id}"
    )
    focus_is_seen(page)
    page.keyboard.press("Enter")
    expect(item.locator(".flash")).to_have_text(f"The tag is removed from comment {comment_id}.")
    expect(item.locator(".flash")).to_be_in_viewport()
    check(page, "themes-untagged")

    # Paper forms: a file with mistakes imports nothing and lists them; the corrected one goes in.
    page.goto(f"{live_server}/hantera/testkommun/sammanfattning/mal/{world.goal_id}?lang=en")
    press(page, page.get_by_role("link", name="Comments from other channels: import and publish"))
    expect(page.locator("h1")).to_have_text("Comments from other channels")
    for name, content in (("with-mistakes.csv", WITH_MISTAKES), ("corrected.csv", CORRECTED)):
        # The field is reached by keyboard; the system's file dialog it opens is no page's.
        tab_to(page, "#document")
        focus_is_seen(page)
        page.locator("#document").set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
        )
        press(page, page.get_by_role("button", name="Import"))
        if name == "with-mistakes.csv":
            problems = page.locator("#import-problems")
            expect(problems.locator("h2")).to_have_text("Nothing was imported: 2 problems")
            expect(problems).to_contain_text("line 2, column received_on")
            expect(problems).to_contain_text("line 3, column text: the text is missing")
            check(page, "import-problems")
    expect(page.locator(".flash-messages")).to_have_text("Imported: 1 new, 0 already imported.")
    expect(page.locator("ol.imported-comments")).to_contain_text("Mer belysning vid stationen")
    check(page, "imported")
    context.close()
