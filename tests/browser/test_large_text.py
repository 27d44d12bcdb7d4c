"""Large text on a phone: a resident of 70 who has set text to 200 % on a 390 px phone.

Found by the resident's walk at 390 px with text at 200 %: the name field of "Create account"
kept a minimum width of 12 rem, 384 px, wider than the form; and "Tillgänglighetsredogörelse"
in the footer, a 44 px flex link as wide as its longest word, made every Swedish page scroll
sideways.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation.models import RatingQuestion
from dialog.participation.services import post_comment, rate
from tests.browser.test_officials import sign_in_with_code
from tests.factories import PASSWORD, make_user
from tests.officials import make_official

pytestmark = pytest.mark.browser

LARGE_TEXT = "html { font-size: 200% !important; }"


@pytest.fixture(scope="module")
def rated_goal(app, live_server):
    """A seeded goal rated by five residents (its answers' tables are shown) and commented on
    (its comments' share and reply links are shown)."""
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
        for n in range(5):
            resident = make_user(f"storlek{n}@example.se", f"Läsare {n}")
            rate(goal, resident, {RatingQuestion.IMPORTANCE: 1 + n, RatingQuestion.PERFORMANCE: 0})
        post_comment(goal, resident, "Stor text hjälper mig att läsa.", None, "s" * 32)
        db.session.commit()
        goal_id = goal.id
        db.session.remove()
    return goal_id


def wider_than_a_phone(browser, live_server: str, paths: list[str], language: str) -> dict:
    """The pages among `paths` that, at 390 px with text at 200 %, are wider than the screen,
    with their widths."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        return wider_on(page, live_server, paths, language)
    finally:
        context.close()


def wider_on(page, live_server: str, paths: list[str], language: str) -> dict:
    """`wider_than_a_phone` in a page already open (signed in, say)."""
    wide = {}
    for path in paths:
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={language}")
        page.add_style_tag(content=LARGE_TEXT)
        expect(page.locator("main h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    return wide


def test_with_text_at_200_percent_the_account_forms_fit_a_phone(live_server, browser):
    paths = ["/konto/registrera", "/konto/logga-in", "/konto/glomt-losenord"]
    assert wider_than_a_phone(browser, live_server, paths, "sv") == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_with_text_at_200_percent_the_residents_pages_fit_a_phone(
    live_server, browser, rated_goal, language
):
    """Each of these made pages scroll sideways: the goal filters' columns (at least 14 rem,
    448 px), the footer's contact address (a flex item as wide as "kommunen@lomma.se"), a
    goal's plan beside its title in a committee's list ("Kommunfullmäktiges"), a badge that
    never wrapped ("Sent back for more work"), the timeline's columns (12 rem), a fact's
    name ("(personuppgiftsansvarig)"), the answers' tables and the comments' 44 px links."""
    paths = [
        "/kommun/lomma",
        "/kommun/lund",
        "/kommun/lund/namnd/kommunstyrelsen",
        "/kommun/lund/plan/vara-fokusomraden",
        "/integritet",
        f"/mal/{rated_goal}",
    ]
    assert wider_than_a_phone(browser, live_server, paths, language) == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_with_text_at_200_percent_my_pages_fit_a_phone(live_server, browser, rated_goal, language):
    """Found by the resident's walk at 390 px with text at 200 %: the table of signed-in
    devices under "E-post och lösenord" ("7 december 2026 kl. 16.56" in two columns) made the
    page 621 px wide; it now scrolls in its own box, as the table of one's ratings does."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/konto/logga-in?next=/mina-sidor")
        page.get_by_label("E-postadress").fill("storlek1@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").press("Enter")
        expect(page).to_have_url(f"{live_server}/mina-sidor")
        paths = [
            "/mina-sidor",
            "/mina-sidor/profil",
            "/mina-sidor/aviseringar",
            "/mina-sidor/konto",
            "/mina-sidor/radera-konto",
        ]
        assert wider_on(page, live_server, paths, language) == {}
        page.goto(f"{live_server}/mina-sidor/konto?lang={language}")
        devices = page.get_by_role("region", name=re.compile("Tabell över enheterna|Table of the"))
        expect(devices).to_have_attribute("tabindex", "0")  # scrolled by the keyboard too
    finally:
        context.close()


def _overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], start=i + 1)
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


@pytest.mark.parametrize("width", [390, 360])
def test_signed_in_the_header_wraps_rather_than_overlaps(live_server, browser, rated_goal, width):
    """Signed in, the bar kept one row: with text at 200 % the name shrank to nothing, "Dialog"
    ran under "På svenska" and "Meny" left the screen. At normal size it still keeps one row."""
    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/konto/logga-in?next=/integritet")
        page.get_by_label("E-postadress").fill("storlek0@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").press("Enter")
        expect(page).to_have_url(f"{live_server}/integritet")
        page.wait_for_load_state("load")
        parts = [".site-name", ".header-lang", ".menu-button"]
        normal = [page.locator(f".site-header {part}").bounding_box() for part in parts]
        assert len({round(box["y"] + box["height"] / 2) for box in normal}) == 1  # one row
        for path in ("/integritet", f"/mal/{rated_goal}", "/kommun/lund"):
            page.goto(f"{live_server}{path}")
            page.add_style_tag(content=LARGE_TEXT)
            expect(page.locator(".site-header .menu-button")).to_be_visible()
            boxes = [page.locator(f".site-header {part}").bounding_box() for part in parts]
            assert _overlapping(boxes) == [], path
            assert all(box["x"] + box["width"] <= width for box in boxes), path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    finally:
        context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_with_text_at_200_percent_the_officials_pages_fit_a_phone(
    app, live_server, browser, rated_goal, language
):
    """Found by a walk of the officials' pages at 390 px with text at 200 %: a fieldset as wide
    as its filters' 14 rem columns (the desk, the summaries), "Välj kommentar 1409" kept on one
    line, a list of choices as wide as its longest ("Arbetsmarknads- och socialnämnden"), a
    button's long word ("statusuppdateringen") and the desk figures' tables."""
    with app.app_context():
        make_official(
            f"stor.{language}@lund.se",
            [("lund", Role.ADMIN), ("lund", Role.MODERATOR), ("lund", Role.COMMUNICATOR)],
        )
        db.session.remove()
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in_with_code(page, live_server, f"stor.{language}@lund.se")  # "Hantera" shows wide
        page.set_viewport_size({"width": 390, "height": 844})
        paths = [
            "/hantera/lund/moderering?queue=reported",
            "/hantera/lund/moderering/installningar",
            "/hantera/lund/moderering/siffror",
            f"/hantera/lund/mal/{rated_goal}/aterkoppling",
            f"/hantera/lund/innehall/mal/{rated_goal}",
            "/hantera/lund/sammanfattning/plan/kommunfullmaktiges-mal-och-sarskilda-uppdrag",
        ]
        assert wider_on(page, live_server, paths, language) == {}
    finally:
        context.close()
