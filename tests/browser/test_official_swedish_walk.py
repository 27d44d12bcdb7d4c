"""Acceptance: an official's day as most officials in Sweden have it: in Swedish, at 1280 px,
with JavaScript on, by keyboard and mouse.

Elin is administrator, communicator and moderator in Testkommun. She signs in with a password
and a code, lands on Hantera, opens the plan's summary (sammanfattning), downloads the report as
PDF and Word and finds the page's figures in both, opens a goal's themes (teman) and renames one,
publishes a comment at the moderation desk (which opens at it) and answers it as the
municipality, changes a goal's text (an empty title first), passes by the municipality's content,
turns on pre-moderation and reads the audit log. On every page: html lang="sv", axe finds
nothing, no English interface text outside lang="en" and none of the Swedish we replaced, an
outline on every Tab stop, nothing wider than the window; and what static/js/dialog.js promises
happens in Swedish (the error summary has the focus, the characters left are counted aloud).

DIALOG_SCREENSHOTS=<folder> keeps a screenshot of each page.
"""

import io
import os
import re
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus
from dialog.themes import services as themes
from tests.browser.test_communicator_walk import FOCUS, figure
from tests.browser.test_insights_on_a_phone import AXE, WCAG_22_AA, wider_than_the_screen
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import flash, generous_limits, tab_to, type_into
from tests.factories import make_user
from tests.insights.groups.fixture import build_plan
from tests.officials import make_official
from tests.themes.fixture import add_comments, read

pytestmark = pytest.mark.browser

EMAIL = "elin.alla.roller@testkommun.se"
SCREEN = {"width": 1280, "height": 800}
WAITING = "Bygg en säker cykelparkering vid stationen."
THEME = "Cykelparkering"
PUBLISHED = "Publicerade kommentarer och svar"
REPLY = "Tack! Vi tar med förslaget när cykelparkeringen vid stationen byggs om."
GOAL_TEXT = "Alla barn ska kunna gå och cykla tryggt till skolan."

#: English interface words, as whole words; none is also a common Swedish word.
ENGLISH = (
    "the and of with your you this that these are was were not for from has have been "
    "Save Cancel Edit Delete Remove Add Back Next Previous Search Comments? Goals? Themes? "
    "Summary Report Settings Manage Download Publish(?:ed)? Reject(?:ed)? Hide Hidden Show "
    "Page Sign Menu Skip Close Open Choose Select Submit Apply Yes Help Home Contact Rename "
    "Merge Tag Untag Moderation Queue Approval Reported Participants Ratings Published Pending"
).split()
#: Swedish that was awkward or used other words than the rest of the site ("synpunkt" for a
#: comment, "sammanställning" for a summary, "tagga" for "sätt en etikett").
REPLACED = [
    "Synpunkter och svar",
    "Synpunkter per",
    "Synpunkter som stack ut",
    "Inga synpunkter",
    "Mål med synpunkter",
    "lämnade synpunkter",
    "sammanställningar och exporter",
    "0 kommentarer finns inte i något tema",
    "tagga den",
    "Gör det med de valda",
    "Gör med de valda",
    "Typ av mål för åtgärden",  # "mål" is a goal here: the audit log's target is not
    "Nummer på målet",
    "Mål för åtgärden",
    "Inga nämnder än.",
]
#: Text and names of things outside lang="en" with an English word: interface text left in
#: English. (Text from residents and the plan is Swedish here.)
UNTRANSLATED = """(words) => {
  const english = new RegExp('(^|[^\\\\p{L}])(' + words.join('|') + ')(?![\\\\p{L}])', 'iu');
  const inEnglish = (el) => {
    const marked = el.closest('[lang]');
    return marked && marked.getAttribute('lang').startsWith('en');
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
    if (el.closest('script, style, template') || inEnglish(el)) continue;
    if (english.test(text)) found.push(text);
  }
  for (const el of document.body.querySelectorAll(
    '[aria-label], [title], [placeholder], [alt], input[type=submit], input[type=button]'
  )) {
    if (inEnglish(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      const value = el.getAttribute(name);
      if (value && (name !== 'value' || el.type === 'submit' || el.type === 'button')
          && english.test(value)) found.push(`${name}="${value}"`);
    }
  }
  if (english.test(document.title)) found.push(`<title>${document.title}</title>`);
  return found;
}"""


@pytest.fixture(scope="module")
def world(app, live_server):
    """Testkommun's plan; its first goal with 40 comments and computed themes, and one comment
    waiting for approval; Elin with all three roles."""
    with generous_limits(app):
        with app.app_context():
            found = build_plan([12, 10])
            make_official(
                EMAIL,
                [
                    ("testkommun", Role.ADMIN),
                    ("testkommun", Role.COMMUNICATOR),
                    ("testkommun", Role.MODERATOR),
                ],
                name="Elin Ek",
            )
            goal = found.goals[0]
            writer = make_user("skriver.sv@example.se", "Skriver")
            add_comments(goal, writer, read("fixture")[1][:40])
            waiting = Comment(
                goal_id=goal.id,
                author_id=writer.id,
                body=WAITING,
                submission_token="waiting-sv",
                status=CommentStatus.PENDING.value,
                held_for="approval",
            )
            db.session.add(waiting)
            run = themes.request_run(goal)
            db.session.commit()
            if run.computed_at is None:
                themes.compute(run.id)
                db.session.commit()
            world = SimpleNamespace(
                goal_id=goal.id, goal_title=goal.title, waiting_id=waiting.id, plan="Planen"
            )
            db.session.remove()
        yield world


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"swedish-{name}.png"), full_page=True)


def focus_is_seen(page: Page) -> None:
    assert page.evaluate(FOCUS) == {"outline": True, "onScreen": True}, page.evaluate(
        "document.activeElement.outerHTML.slice(0, 200)"
    )


#: The calendar button inside a date field: a Tab stop of Chromium's own, where the field is
#: the active element but not :focus; the style sheet's :focus-within rule shows the focus
#: there (tests/browser/test_date_focus.py).
CALENDAR_BUTTON = (
    "document.activeElement.type === 'date' && !document.activeElement.matches(':focus')"
)


#: An outline on the focused element and some of it on the screen (WCAG 2.4.7 and 2.4.11: a
#: table's scroll region may be taller than the window).
FOCUS_SEEN = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && box.bottom > 0 && box.top < window.innerHeight && box.right > 0
    && box.left < window.innerWidth;
}"""


def unseen_focus(page: Page, presses: int = 40) -> list[str]:
    """The controls among the first `presses` Tab stops from the top of the page that show no
    outline, or not all of it on the screen, when focused; the focus is put back after."""
    before = page.evaluate_handle(
        "document.activeElement === document.body ? null : document.activeElement"
    )
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.click(1, 1)  # the header's edge: Tab starts from the top
    unseen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last control
        if not page.evaluate(FOCUS_SEEN):
            unseen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    if before.json_value() is None:
        page.evaluate("window.scrollTo(0, 0)")
        page.mouse.click(1, 1)
    else:
        before.evaluate("(element) => element.focus()")
    return unseen


def check(page: Page, name: str) -> None:
    """Swedish, axe, no English interface text nor the words we replaced, focus seen, no
    sideways scrolling at 1280 px. Measured once the page has loaded: a click's navigation
    shows the new text before the style sheet applies, and under load the skip link was once
    measured unstyled (no outline of 2 px)."""
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    shoot(page, name)
    text = page.locator("body").inner_text()
    found = {
        "replaced words": [words for words in REPLACED if words in text],
        "focus not seen": unseen_focus(page),
        "axe": [
            f"{rule['id']}: {[node['target'] for node in rule['nodes']]}"
            for rule in AXE.run(page, options=WCAG_22_AA).response["violations"]
        ],
        "English": page.evaluate(UNTRANSLATED, ENGLISH),
        "wide": wider_than_the_screen(page),
        "scrolls sideways": page.evaluate("document.documentElement.scrollWidth") > SCREEN["width"],
    }
    assert {key: value for key, value in found.items() if value} == {}, name


def press(page: Page, target, key: str = "Enter") -> None:
    """Tab to a control, see its focus, and press a key on it."""
    tab_to(page, target, max_tabs=400)
    focus_is_seen(page)
    page.keyboard.press(key)


def boxes(found: Locator) -> list[dict]:
    return [each.bounding_box() for each in found.all()]


def x(box: dict) -> float:
    return box["x"]


def audited(app, action: str) -> int:
    """Entries of `action` so far (the log is kept between modules: compare before and after)."""
    with app.app_context():
        found = db.session.scalars(select(AuditEntry).filter_by(action=action)).all()
        db.session.remove()
    return len(found)


def test_an_official_works_in_swedish_at_1280_px_with_javascript(app, live_server, browser, world):
    context = browser.new_context(locale="sv-SE", viewport=SCREEN, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)

    # Signing in: the code step is Swedish too, and she lands on Hantera.
    sign_in_with_code(page, live_server, EMAIL)
    expect(page.locator("h1")).to_have_text("Hantera")
    check(page, "hantera")

    # The plan's summary, by mouse.
    page.get_by_role(
        "link", name=re.compile(r"^Sammanfattningar av dialogen\s*, Testkommun$")
    ).click()
    expect(page.locator("h1")).to_have_text("Sammanfattning för Testkommun")
    check(page, "kommunens-sammanfattning")
    page.locator("main a", has_text=re.compile("^Planen$")).click()
    expect(page.locator("h1")).to_have_text("Sammanfattning för Planen")
    check(page, "planens-sammanfattning")

    # The report as PDF and Word, in Swedish: the page's figure in both.
    participants = figure(page, "Deltagare")
    published = figure(page, PUBLISHED)
    tab_to(page, "PDF på svenska", max_tabs=400)
    focus_is_seen(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert f"Deltagare {participants}" in text
    assert f"{PUBLISHED} {published}" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (DOCX) på svenska").click()
    document = Document(download.value.path())
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Deltagare", participants] in [row[:2] for row in rows]
    assert [PUBLISHED, published] in [row[:2] for row in rows]

    # A goal's themes: one renamed, by keyboard.
    page.goto(f"{live_server}/hantera/testkommun/sammanfattning/mal/{world.goal_id}")
    expect(page.locator("h1")).to_contain_text(world.goal_title)
    check(page, "målets-sammanfattning")
    press(page, page.get_by_role("link", name=re.compile("^Teman i kommentarerna")))
    expect(page.locator("h1")).to_contain_text("Teman i kommentarerna")
    check(page, "teman")
    renamed = audited(app, "themes.rename")
    rename = page.locator("form[action$='/teman/namn'] input[name=label]").first
    tab_to(page, rename, max_tabs=400)
    focus_is_seen(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(THEME)
    page.keyboard.press("Enter")
    expect(flash(page)).to_contain_text(THEME)
    check(page, "teman-efter-namnbyte")
    assert audited(app, "themes.rename") == renamed + 1

    # The moderation desk: the waiting comment published.
    page.goto(f"{live_server}/hantera")
    page.get_by_role("link", name=re.compile(r"^Modereringen\s*, Testkommun$")).click()
    # Nothing is reported: the desk opens at the comment waiting for approval.
    expect(page.locator("main h2").first).to_have_text("Väntar på godkännande")
    check(page, "moderering")
    press(page, page.get_by_role("link", name=re.compile(f"^Kommentar {world.waiting_id} ")))
    expect(page.locator("h1")).to_have_text(f"Kommentar {world.waiting_id}")
    check(page, "kommentar-som-väntar")
    published = audited(app, "moderation.publish")
    press(page, page.get_by_role("button", name="Publicera", exact=True))
    expect(flash(page)).to_contain_text(f"Kommentar {world.waiting_id} är publicerad.")
    expect(flash(page)).to_be_focused()
    check(page, "efter-beslut")
    assert audited(app, "moderation.publish") == published + 1

    # The comment answered as the municipality: dialog.js counts the characters left, aloud.
    page.goto(f"{live_server}/hantera/testkommun/mal/{world.goal_id}/aterkoppling")
    check(page, "återkoppling")
    answer = re.compile(f"^Svara som kommunen\\s*till kommentar {world.waiting_id}$")
    press(page, page.get_by_role("link", name=answer))
    expect(page.locator("h1")).to_have_text("Svara som kommunen")
    counter = page.locator("#reply-counter")
    expect(counter).to_have_text("5000 tecken kvar")
    expect(counter).to_have_attribute("aria-live", "polite")
    type_into(page, "#body", REPLY)
    expect(counter).to_have_text(f"{5000 - len(REPLY)} tecken kvar")
    check(page, "svara-som-kommunen")
    press(page, page.get_by_role("button", name="Publicera svaret"))
    expect(flash(page)).to_have_text("Svaret är publicerat som kommunens.")
    check(page, "kommentaren-med-svar")

    # A goal's text: an empty title first (the error summary takes focus), then saved.
    page.goto(f"{live_server}/hantera/testkommun/innehall/mal/{world.goal_id}")
    check(page, "målet")
    updated = audited(app, "catalogue.goal.update")
    tab_to(page, "#title")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, "#description")
    page.keyboard.press("Control+A")
    page.keyboard.type(GOAL_TEXT)
    press(page, page.get_by_role("button", name="Spara"))
    expect(page.locator("#error-summary")).to_be_focused()  # and so read out
    expect(page.locator("#error-summary")).to_contain_text("Rubrik: Fältet måste fyllas i.")
    check(page, "målet-med-fel")
    type_into(page, "#title", world.goal_title)
    press(page, page.get_by_role("button", name="Spara"))
    expect(flash(page)).to_contain_text("sparat")
    check(page, "målet-sparat")
    # The plan's page: its actions in one row, each goal's with room between the buttons.
    assert (
        len(
            {round(box["y"]) for box in boxes(page.locator("ul.admin-links").first.locator("> li"))}
        )
        == 1
    )
    row = sorted(
        boxes(page.locator(f"#goal-{world.goal_id} .item-actions").locator("a, button")), key=x
    )
    assert all(left["x"] + left["width"] + 4 <= right["x"] for left, right in pairwise(row))
    assert audited(app, "catalogue.goal.update") == updated + 1
    with app.app_context():
        goal = db.session.get(Goal, world.goal_id)
        assert (goal.title, goal.description) == (world.goal_title, GOAL_TEXT)
        db.session.remove()

    # The municipality's content, from the links above the heading: the plan's kind in lower case.
    page.locator("main .eyebrow").get_by_role("link", name="Innehåll i Testkommun").click()
    expect(page.locator("h1")).to_have_text("Innehåll i Testkommun")
    expect(page.locator("main")).to_contain_text("Planen (styrdokument, inte beslutat ännu)")
    check(page, "innehåll")

    # A setting: pre-moderation turned on.
    page.goto(f"{live_server}/hantera/testkommun/moderering/installningar")
    check(page, "modereringsinställningar")
    changed = audited(app, "moderation.settings")
    page.get_by_label("Förhandsmoderering", exact=False).first.check()
    press(page, page.get_by_role("button", name="Spara"))
    expect(flash(page)).to_contain_text("sparade")
    check(page, "inställningar-sparade")
    assert audited(app, "moderation.settings") == changed + 1

    # The audit log, from Hantera: what she did, in Swedish.
    page.goto(f"{live_server}/hantera")
    page.get_by_role("link", name=re.compile(r"^Granskningslogg\s*, Testkommun$")).click()
    expect(page.locator("h1")).to_have_text("Granskningslogg för Testkommun")
    expect(page.locator(".audit-table thead")).to_contain_text("Gäller")
    expect(page.locator(".audit-table tbody")).to_contain_text("Elin Ek")
    # What she did, in words: the program's codes ("catalogue.goal.update") are only the
    # filter's values.
    log = page.locator(".audit-table tbody")
    for done in ("Moderering: inställningar sparade", "Mål ändrat", "Kommentar publicerad"):
        expect(log).to_contain_text(done)
    expect(log).not_to_contain_text("catalogue.goal.update")
    expect(page.locator("#action option", has_text="Tema fick nytt namn")).to_have_attribute(
        "value", "themes.rename"
    )
    check(page, "granskningslogg")
    context.close()
