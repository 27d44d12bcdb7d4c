"""Acceptance: a municipal web administrator's first day, by keyboard, in English, without
JavaScript, on a 390 px phone and on a 1280 px screen.

An administrator of Lund and Lomma signs in with a password and a TOTP code, opens the
officials' start page from the menu, adds, changes, archives (after a confirmation page) and
restores a committee, adds a goal and archives it, changes the vision, uploads a goal document
with errors, invites an official (a wrong address first), grants and revokes a role, turns on
pre-moderation with a retention period, reads the audit log (filtered, then page by page) and
the accessibility statement. Every step is reached with Tab and Enter (`follow`, `type_into`);
axe checks each page type, nothing scrolls sideways, and the audit log holds each action.

Screenshots go to $DIALOG_SCREENSHOTS when it is set, for people to look at.
"""

import os
import re

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Committee, Municipality
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.browser.test_resident_flow import (
    assert_accessible,
    choose_radio,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.factories import PASSWORD
from tests.officials import SECRET, make_official

pytestmark = pytest.mark.browser

MODERATOR = "Mona Moderator"
BAD_DOCUMENT = """\
municipality:
  name: Lunds kommun
  slug: lund
plans:
  - slug: ny-plan
    title: En ny plan
    kind: nonsense
    status: adopted
    goals:
      - title: ""
"""


@pytest.fixture(scope="module")
def walk_world(app, live_server, tmp_path_factory):
    """A moderator in Lund, a small audit page and a goal document with two errors."""
    bad = tmp_path_factory.mktemp("walk") / "lund.yaml"
    bad.write_text(BAD_DOCUMENT, encoding="utf-8")
    with generous_limits(app), pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "AUDIT_PER_PAGE", 5)
        with app.app_context():
            make_official("mona@lund.se", [("lund", Role.MODERATOR)], name=MODERATOR)
            db.session.remove()
        yield {"bad": bad}


@pytest.fixture
def keyboard_page(browser, request):
    """A page in English without JavaScript at the width the test asks for, and beside it a
    page with JavaScript for axe, which cannot run where scripts are off."""
    width = request.param
    viewport = {"width": width, "height": 844}
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.width = width  # type: ignore[attr-defined]
    page.checker = browser.new_page(locale="en-GB", viewport=viewport)  # type: ignore[attr-defined]
    yield page
    page.checker.close()  # type: ignore[attr-defined]
    context.close()


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("DIALOG_SCREENSHOTS")
    if folder:
        path = os.path.join(folder, f"admin-{page.width}-{name}.png")  # type: ignore[attr-defined]
        page.screenshot(path=path, full_page=True)


def check(page: Page, name: str) -> None:
    """axe on a copy of the page as the keyboard user sees it (served again at its address, so
    that its styles load), no sideways scrolling, and a screenshot."""
    html = page.content()
    checker: Page = page.checker  # type: ignore[attr-defined]
    checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    checker.goto(page.url)
    checker.unroute(page.url)
    assert_accessible(checker, name, "en")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{name} is {width} px wide"  # type: ignore[attr-defined]
    shoot(page, name.replace(" ", "-"))


def open_menu(page: Page) -> None:
    """On a phone the header's links sit behind the menu button, a <details> without script."""
    summary = page.locator("summary.menu-button")
    if summary.is_visible():
        tab_to(page, summary)
        page.keyboard.press("Enter")


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/konto/logga-in?lang=en")
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Second step: code")
    check(page, "code step")
    type_into(page, "#code", pyotp.TOTP(SECRET).now())
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "tvastegsverifiering" not in url)


def audited(app, action: str, actor_id: int) -> int:
    with app.app_context():
        entries = select(AuditEntry).filter_by(action=action, actor_id=actor_id)
        found = db.session.scalars(entries).all()
        db.session.remove()
    return len(found)


@pytest.mark.parametrize("keyboard_page", [390, 1280], indirect=True)
def test_an_administrators_first_day(app, live_server, walk_world, keyboard_page):
    page = keyboard_page
    email = f"ada{page.width}@lund.se"
    committee = f"Walk committee {page.width}"
    goal = f"Ett mål från vandringen {page.width}"
    with app.app_context():
        admin = make_official(
            email, [("lund", Role.ADMIN), ("lomma", Role.ADMIN)], name=f"Ada {page.width}"
        )
        admin_id = admin.id

    sign_in(page, live_server, email)
    expect(page.locator("h1")).to_have_text("Manage")  # an official begins on the officials' start
    open_menu(page)
    follow(page, "Manage")
    expect(page.locator("h1")).to_have_text("Manage")
    check(page, "start")
    lund = page.locator("section.place", has_text="Lunds kommun")
    follow(page, lund.get_by_role("link", name="Plans, goals and settings"))
    expect(page.locator("h1")).to_have_text("Content of Lunds kommun")
    check(page, "content")

    # A committee: refused empty, added, changed, archived after a confirmation, restored.
    follow(page, "Add a committee")
    expect(page.locator("h1")).to_have_text("New committee")
    follow(page, "Save")
    expect(page.locator("#name-error")).to_be_visible()
    check(page, "committee form with an error")
    type_into(page, "#name", committee)
    follow(page, "Save")
    expect(flash(page)).to_contain_text("saved")
    follow(page, committee)
    expect(page.locator("h1")).to_have_text(f"Change the committee {committee}")
    type_into(page, "#full_name", f"{committee} of Lund")
    follow(page, "Save")
    expect(flash(page)).to_contain_text("saved")
    committee = f"{committee} of Lund ({committee})"  # the full name, the short in brackets
    follow(page, f"Archive {committee}")
    expect(page.locator("h1")).to_have_text("Archive the committee?")
    check(page, "archive confirmation")
    follow(page, "Archive")
    expect(flash(page)).to_contain_text(f"Archived: {committee}.")
    follow(page, f"Restore {committee}")
    expect(flash(page)).to_contain_text(f"Restored: {committee}.")
    with app.app_context():
        slug = db.session.scalar(
            select(Committee.slug).filter_by(name=f"Walk committee {page.width}")
        )
        assert slug

    # A goal in a plan: added, then archived after a confirmation.
    plan = page.locator("#plans-heading + ul li a").first
    plan_title = plan.inner_text()
    follow(page, plan)
    expect(page.locator("h1")).to_have_text(plan_title)
    check(page, "plan")
    follow(page, "Add a goal", max_tabs=600)
    expect(page.locator("h1")).to_have_text(f"New goal in {plan_title}")
    type_into(page, "#title", goal)
    follow(page, "Save")
    expect(flash(page)).to_contain_text("The goal is saved.")
    follow(page, f"Archive {goal}", max_tabs=600)
    expect(page.locator("h1")).to_have_text("Archive the goal?")
    follow(page, "Archive")
    expect(flash(page)).to_contain_text(f"Archived: {goal}.")

    # The vision, in the municipality's settings.
    follow(page, "Content of Lunds kommun", backwards=True, max_tabs=600)
    expect(page.locator("h1")).to_have_text("Content of Lunds kommun")
    follow(page, "Name, vision, logo and contacts")
    expect(page.locator("h1")).to_have_text("Settings of Lunds kommun")
    check(page, "settings")
    type_into(page, "#vision_en", "Lund, a city of knowledge.")
    follow(page, "Save")
    expect(flash(page)).to_contain_text("saved")

    follow(page, "Content of Lunds kommun", backwards=True, max_tabs=600)
    expect(page.locator("h1")).to_have_text("Content of Lunds kommun")

    # A goal document with errors: nothing is imported, each problem is listed.
    follow(page, "Upload a goal document")
    expect(page.locator("h1")).to_have_text("Upload a goal document")
    page.locator("#document").set_input_files(walk_world["bad"])  # the system's file dialog
    follow(page, "Check the file")
    problems = page.locator("#upload-problems")
    expect(problems).to_contain_text("Nothing was imported: 2 problems")
    expect(problems).to_be_focused()  # the keyboard starts at the problems, not at the top
    expect(problems.locator("li")).to_have_text(
        [
            "lund.yaml: Plan 1 “En ny plan”, goal 1: the title has no text.",
            "lund.yaml: Plan 1 “En ny plan”: the kind cannot be “nonsense”. "
            "Use one of: governing, proposal, background.",
        ]
    )
    check(page, "upload with errors")

    # Officials: an invitation (a wrong address first), a role granted and revoked.
    follow(page, "Manage", backwards=True)
    expect(page.locator("h1")).to_have_text("Manage")
    follow(page, lund.get_by_role("link", name="Officials and invitations"))
    expect(page.locator("h1")).to_have_text("Officials in Lunds kommun")
    check(page, "officials")
    invited = f"new.official{page.width}@lund.se"
    type_into(page, "#invite-email", "new.official")
    tab_to(page, "#invite-role")
    page.keyboard.type("Communicator")
    follow(page, "Send invitation")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#invite-email")).to_have_value("new.official")
    expect(page.locator("#invite-role")).to_have_value("communicator")
    page.locator("#invite-email").fill("")
    type_into(page, "#invite-email", invited)
    follow(page, "Send invitation")
    expect(flash(page)).to_contain_text(f"The invitation is sent to {invited}")
    tab_to(page, "#grant-user")
    page.keyboard.type(MODERATOR)
    tab_to(page, "#grant-role")
    page.keyboard.type("Communicator")
    follow(page, "Grant role")
    expect(flash(page)).to_contain_text(f"{MODERATOR} is now also communicator")
    follow(page, f"Revoke communicator from {MODERATOR}")
    expect(page.locator("h1")).to_have_text("Revoke the role?")
    check(page, "revoke confirmation")
    follow(page, "Revoke")
    expect(flash(page)).to_contain_text(f"{MODERATOR} is no longer communicator")

    # Moderation: pre-moderation and a retention period.
    follow(page, "Manage", backwards=True)
    expect(page.locator("h1")).to_have_text("Manage")
    follow(page, lund.get_by_role("link", name="Moderation settings"))
    expect(page.locator("h1")).to_have_text("Moderation settings")
    tab_to(page, "input[name=policy]")
    choose_radio(page, "policy", "pre")
    # Shorter than what is stored (the other width's walk may have set it), so it asks first.
    stored = page.locator("#retention_days").input_value()
    page.locator("#retention_days").fill("")
    type_into(page, "#retention_days", str(int(stored) - 1) if stored else "3650")
    follow(page, "Save")
    expect(page.locator("h1")).to_have_text("Delete comments for good?")
    expect(page.locator("main")).to_contain_text("cannot be restored")
    check(page, "the retention confirmation")
    follow(page, "Save and delete")
    expect(flash(page)).to_contain_text("The moderation settings are saved.")

    # The audit log: every action above, filtered, then page by page.
    follow(page, "Manage", backwards=True)
    expect(page.locator("h1")).to_have_text("Manage")
    follow(page, lund.get_by_role("link", name="Audit log"))
    expect(page.locator("h1")).to_have_text("Audit log for Lunds kommun")
    check(page, "audit log")
    # Five entries, the word list of the moderation settings among them, in a readable height:
    # it was some 5,000 px at 390 px, a word or a few letters to a line.
    expect(page.locator(".audit-table tbody tr")).to_have_count(5)
    assert page.locator(".audit-table").bounding_box()["height"] < 2500
    tab_to(page, "#actor")
    page.keyboard.type(f"Ada {page.width}")
    follow(page, "Show")
    # The unfiltered log says "Page 1 of" too: wait for the filtered page itself, or the check
    # below reads a page that is still navigating (it failed so in CI).
    expect(page).to_have_url(re.compile(rf"actor={admin_id}\b"))
    expect(page.locator(".pagination")).to_contain_text("Page 1 of")
    check(page, "audit log filtered")
    follow(page, "Older entries")
    expect(page.locator(".pagination")).to_contain_text("Page 2 of")
    expect(page.locator("#actor")).to_have_value(str(admin_id))
    for action in (
        "catalogue.committee.create",
        "catalogue.committee.update",
        "catalogue.committee.archive",
        "catalogue.committee.restore",
        "catalogue.goal.create",
        "catalogue.goal.archive",
        "catalogue.settings.update",
        "invitation.create",
        "membership.grant",
        "membership.revoke",
        "moderation.settings",
    ):
        assert audited(app, action, admin_id), action

    # The accessibility statement, from the footer.
    follow(page, "Accessibility statement")
    expect(page.locator("h1")).to_have_text("Accessibility statement")
    check(page, "accessibility statement")


def test_no_administrator_page_scrolls_sideways_at_320_px(app, live_server, walk_world, page):
    """Reflow (WCAG 1.4.10) on the administrators' pages, in both languages; the table of
    officials was 345 px wide at 320 px. Wide data tables scroll in their own box."""
    with app.app_context():
        make_official(
            "anna-karin.lindqvist-svensson@kommunledningskontoret.lund.se",
            [("lund", Role.ADMIN)],
            name="Anna-Karin",
        )
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server + "/konto/logga-in")
    page.locator("#email").fill("anna-karin.lindqvist-svensson@kommunledningskontoret.lund.se")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("#code").fill(pyotp.TOTP(SECRET).now())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "tvastegsverifiering" not in url)
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        plan = next(p for p in lund.plans if p.goals)
        paths = [
            "/hantera",
            "/hantera/lund/innehall",
            f"/hantera/lund/innehall/planer/{plan.slug}",
            f"/hantera/lund/innehall/mal/{plan.goals[0].id}",
            "/hantera/lund/innehall/installningar",
            "/hantera/lund/innehall/ladda-upp",
            "/hantera/lund/tjanstepersoner",
            "/hantera/lund/logg",
            "/hantera/lund/moderering/installningar",
            "/tillganglighet",
        ]
        db.session.remove()
    wide = {}
    for language in ("sv", "en"):
        for path in paths:
            page.goto(f"{live_server}{path}?lang={language}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[f"{path}?lang={language}"] = width
    assert wide == {}
