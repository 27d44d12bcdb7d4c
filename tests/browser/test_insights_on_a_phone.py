"""On a 390 px phone, in Swedish and English, the officials' insight pages (a goal's and a
plan's summary, a goal's themes, the opinion groups) and the public "what we heard" page
reflow: nothing but a table's own scroll region is wider than the screen, every control is
at least 24 × 24 px (WCAG 2.2, 2.5.8), the theme forms do not run into one line, and axe
finds no WCAG 2.1 A/AA or 2.2 AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal
from dialog.channels import services as channels
from dialog.extensions import db
from dialog.insights import feedback
from dialog.insights.groups import services as groups
from dialog.themes import services as themes
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import generous_limits
from tests.factories import make_user
from tests.insights.groups.fixture import build_plan
from tests.officials import make_official
from tests.themes.fixture import add_comments, read

pytestmark = pytest.mark.browser

WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}
AXE = Axe()
PHONE = {"width": 390, "height": 844}
FORMS = (
    "text;channel;received_on;ref\n"
    "Fler bänkar längs ån, det är långt mellan vilplatserna.;paper;2026-11-02;B-101\n"
    "Belys gångvägen vid stationen, den är mörk på kvällen.;papper;2026-11-03;B-102\n"
)
#: One official per sign-in: a code from the authenticator is accepted only once.
OFFICIALS = {
    "sv": "telefon.sv@testkommun.se",
    "en": "telefon.en@testkommun.se",
    "forms": "telefon.teman@testkommun.se",
    "facts": "telefon.fakta@testkommun.se",
    "downloads": "telefon.filer@testkommun.se",
}


@pytest.fixture(scope="module")
def phone_world(app, live_server):
    """Testkommun's plan with planted opinion groups; its first goal with 80 comments, two
    paper forms and computed themes; the plan's "what we heard" page published whole."""
    with generous_limits(app):
        with app.app_context():
            found = build_plan([40, 30, 25])
            for email in OFFICIALS.values():
                make_official(email, [("testkommun", Role.COMMUNICATOR)], name="Telefon T")
            goal = found.goals[0]
            add_comments(goal, make_user("skriver@example.se", "Skriver"), read("fixture")[1][:80])
            official = make_official("publicerar@testkommun.se", [("testkommun", Role.ADMIN)])
            result, problems = channels.import_file(goal, "b.csv", FORMS.encode(), official)
            assert problems == [] and result is not None
            groups.compute(found.plan.id)
            themes.request_run(goal)
            every_part = dict.fromkeys(
                ("show_figures", "show_ratings", "show_matrix", "show_weeks", "show_themes"),
                True,
            )
            feedback.publish(found.plan, every_part | {"show_groups": True}, official)
            db.session.commit()  # the themes are computed in-process after the commit
            goal_id = db.session.scalar(select(Goal.id).where(Goal.id == goal.id))
            db.session.remove()
        yield {"goal_id": goal_id}


def pages(goal_id: int) -> dict[str, str]:
    manage = "/hantera/testkommun"
    return {
        "the goal's summary": f"{manage}/sammanfattning/mal/{goal_id}",
        "the plan's summary": f"{manage}/sammanfattning/plan/planen",
        "the goal's themes": f"{manage}/teman/mal/{goal_id}",
        "the imported comments": f"{manage}/mal/{goal_id}/andra-kanaler",
        "the opinion groups": f"{manage}/sammanfattning/plan/planen/asiktsgrupper",
        "what we heard": "/kommun/testkommun/plan/planen/vad-vi-hort",
        "choosing what we heard": f"{manage}/sammanfattning/plan/planen/vad-vi-hort",
    }


def wider_than_the_screen(page) -> list[str]:
    """Elements reaching past the right edge, outside a scroll region of their own; a
    table's caption is read on the screen, not scrolled to."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.checkVisibility())
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((el) => !el.closest('.table-scroll') || el.closest('caption'))
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)"""
    )


def too_small(page) -> list[str]:
    """Visible controls in the main content smaller than 24 × 24 px (links in text excepted)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
              'main button, main input:not([type=hidden]), main select, main textarea')]
            .filter((el) => el.offsetParent !== null)
            .filter((el) => { const box = el.getBoundingClientRect();
                              return box.width < 24 || box.height < 24; })
            .map((el) => `${el.tagName.toLowerCase()}#${el.id}[name=${el.name}]`)"""
    )


def on_a_phone(browser, live_server, official):
    """A page at 390 px, signed in as `official`, in a context of its own."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in_with_code(page, live_server, official)
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_insight_pages_fit_a_phone(live_server, browser, phone_world, language):
    page = on_a_phone(browser, live_server, OFFICIALS[language])
    found = {}
    for name, path in pages(phone_world["goal_id"]).items():
        page.goto(f"{live_server}{path}?lang={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_be_visible()
        violations = [
            f"{rule['id']}: {[node['target'] for node in rule['nodes']]}"
            for rule in AXE.run(page, options=WCAG_22_AA).response["violations"]
        ]
        problems = {
            "wide": wider_than_the_screen(page),
            "small": too_small(page),
            "axe": violations,
        }
        if any(problems.values()):
            found[name] = problems
    assert found == {}
    page.context.close()


def test_an_imported_comments_facts_read_as_name_and_value(live_server, browser, phone_world):
    page = on_a_phone(browser, live_server, OFFICIALS["facts"])
    page.goto(live_server + pages(phone_world["goal_id"])["the imported comments"])
    fact = page.locator("ol.imported-comments dl.comment-facts > div").first
    expect(fact).to_contain_text("Inkommen")
    name, value = fact.locator("dt").bounding_box(), fact.locator("dd").bounding_box()
    assert name and value and value["y"] == name["y"] and value["x"] < 200
    page.context.close()


def test_a_themes_forms_each_have_a_line_of_their_own(live_server, browser, phone_world):
    page = on_a_phone(browser, live_server, OFFICIALS["forms"])
    page.goto(live_server + pages(phone_world["goal_id"])["the goal's themes"])
    theme = page.locator("section.theme").first
    rename = theme.locator("form", has=page.locator("input[name=label]"))
    merge = page.locator(".theme-merge form")  # one for all the themes, above them
    rename_box, merge_box = rename.bounding_box(), merge.bounding_box()
    assert rename_box and merge_box
    assert rename_box["y"] >= merge_box["y"] + merge_box["height"]
    # Each label on a line of its own, above its field.
    for form, field in (
        (rename, "input[name=label]"),
        (merge, "#merge-theme"),
        (merge, "#merge-into"),
    ):
        box = form.locator(field).bounding_box()
        label = form.locator(f"label[for='{field.removeprefix('#')}']")
        if field.startswith("input"):
            label = form.locator("label")
        above = label.bounding_box()
        assert box and above and box["y"] >= above["y"] + above["height"], field
    page.context.close()


def test_downloads_are_separate_large_targets_and_choices_have_large_boxes(
    live_server, browser, phone_world
):
    """Each download a target of its own, at least 24 × 24 px, none overlapping another or
    reaching past the screen; the "what we heard" checkboxes 24 × 24 px, toggled by their label."""
    page = on_a_phone(browser, live_server, OFFICIALS["downloads"])
    for summary in ("the plan's summary", "the goal's summary"):  # the goal's exports its own
        page.goto(live_server + pages(phone_world["goal_id"])[summary])
        boxes = [link.bounding_box() for link in page.locator(".downloads ul a").all()]
        assert len(boxes) == 11, summary
        for index, box in enumerate(boxes):
            assert box and box["width"] >= 24 and box["height"] >= 24, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
            for other in boxes[index + 1 :]:
                assert other
                apart = (
                    other["x"] >= box["x"] + box["width"]
                    or box["x"] >= other["x"] + other["width"]
                    or other["y"] >= box["y"] + box["height"]
                    or box["y"] >= other["y"] + other["height"]
                )
                assert apart, (box, other)
    page.goto(live_server + pages(phone_world["goal_id"])["choosing what we heard"])
    boxes = page.locator("form.feedback-choices input[type=checkbox]").all()
    assert len(boxes) >= 6
    for box in boxes:
        size = box.bounding_box()
        assert size and size["width"] >= 24 and size["height"] >= 24, size
    figures = page.locator("#show_figures")
    was = figures.is_checked()
    page.locator("label[for=show_figures]").click()
    assert figures.is_checked() != was
    page.context.close()
