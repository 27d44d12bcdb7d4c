"""Acceptance: a platform administrator sets up a municipality from nothing, by keyboard, in
English, without JavaScript, on a 390 px phone and a 1280 px screen.

The municipality is added; its first plan, asked to open its focus areas for dialogue, is
refused with the way there; the plan, saved, says it has nothing yet; its first goal form says
there are no committees and leads to adding one, after which the committee can be chosen; the
upload page hands over the current content as a file, which uploads again without changes.
Residents see the plan with a sentence where its goals will be. axe checks each page kind and
nothing scrolls sideways (`check`, from the first day's walk).
"""

import pytest
from playwright.sync_api import expect

from dialog.catalogue.models import Municipality, Plan
from dialog.extensions import db
from tests.browser.test_administrator_walk import check, keyboard_page, sign_in  # noqa: F401
from tests.browser.test_resident_flow import flash, follow, generous_limits, tab_to, type_into
from tests.officials import make_official

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("keyboard_page", [390, 1280], indirect=True)
def test_a_municipality_from_nothing(app, live_server, keyboard_page, tmp_path):  # noqa: F811
    page = keyboard_page
    name = f"Ystads kommun {page.width}"
    with generous_limits(app), app.app_context():
        make_official(f"root{page.width}@example.se", platform_admin=True)
        db.session.remove()
    sign_in(page, live_server, f"root{page.width}@example.se")
    follow(page, page.get_by_role("link", name="Municipalities: add, order and archive"))
    expect(page.locator("h1")).to_have_text("Municipalities")
    follow(page, "Add a municipality")
    expect(page.locator("h1")).to_have_text("New municipality")
    type_into(page, "#name", name)
    follow(page, "Save")
    expect(page.locator("h1")).to_have_text(f"Settings of {name}")
    follow(page, f"Content of {name}", backwards=True)
    expect(page.locator("h1")).to_have_text(f"Content of {name}")

    # The first plan: focus areas cannot be open before the plan has any; the refusal says
    # what to choose instead, and the typed title is kept.
    follow(page, "Add a plan")
    expect(page.locator("h1")).to_have_text("New plan")
    type_into(page, "#title", "Kustplan")
    tab_to(page, "#dialogue_level")
    page.keyboard.type("Both")
    follow(page, "Save")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#dialogue_level-error")).to_contain_text(
        "Choose “The goals” for now; once the plan has focus areas, change the plan"
    )
    expect(page.locator("#status-error")).to_have_count(0)  # the status offered fits the kind
    expect(page.locator("#title")).to_have_value("Kustplan")
    check(page, "new plan refused")
    tab_to(page, "#dialogue_level")
    page.keyboard.type("The goals")
    follow(page, "Save")
    expect(flash(page)).to_contain_text("The plan is saved.")
    expect(page.locator("#no-content")).to_have_text("No focus areas or goals yet.")

    # The first goal: no committees yet, and the way to add one.
    follow(page, "Add a goal")
    expect(page.locator("h1")).to_have_text("New goal in Kustplan")
    expect(page.locator("#no-committees")).to_contain_text("has none yet")
    check(page, "goal form without committees")
    follow(page, "Add a committee")
    expect(page.locator("h1")).to_have_text("New committee")
    type_into(page, "#name", "Samhällsbyggnadsnämnden")
    follow(page, "Save")
    expect(flash(page)).to_contain_text("saved")
    follow(page, "Kustplan")
    expect(page.locator("h1")).to_have_text("Kustplan")
    follow(page, "Add a goal")
    expect(page.locator("h1")).to_have_text("New goal in Kustplan")
    expect(page.locator("#no-committees")).to_have_count(0)
    expect(page.get_by_label("Samhällsbyggnadsnämnden")).to_be_visible()

    # The current content as a file: an example of the format, and a file that uploads again.
    follow(page, f"Content of {name}", backwards=True)
    expect(page.locator("h1")).to_have_text(f"Content of {name}")
    follow(page, "Upload a goal document")
    expect(page.locator("h1")).to_have_text("Upload a goal document")
    with page.expect_download() as download:
        follow(page, "Download the current content as a goal document (YAML)")
    file = tmp_path / download.value.suggested_filename
    download.value.save_as(file)
    assert file.name == f"ystads-kommun-{page.width}.yaml"
    text = file.read_text(encoding="utf-8")
    assert f"name: {name}" in text and "title: Kustplan" in text
    page.locator("#document").set_input_files(file)  # the system's file dialog
    follow(page, "Check the file")
    expect(page.locator("#preview-heading ~ p").nth(1)).to_have_text("No changes.")
    check(page, "upload of the current content")

    # What residents see of the plan before it has goals.
    with app.app_context():
        town = db.session.query(Municipality).filter_by(name=name).one()
        plan_slug = db.session.query(Plan.slug).filter_by(municipality_id=town.id).scalar()
        path = f"/kommun/{town.slug}/plan/{plan_slug}"
        db.session.remove()
    page.goto(f"{live_server}{path}?lang=en")
    expect(page.locator("#no-goals")).to_have_text(
        "The municipality has not published any goals in this document yet."
    )
    check(page, "a plan without goals")
