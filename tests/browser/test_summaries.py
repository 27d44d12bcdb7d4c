"""Acceptance: a communicator filters a plan summary, downloads the reports and publishes the
"what we heard" page; axe finds no WCAG 2.1 A/AA violation on any of the pages."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import District, Municipality
from dialog.extensions import db
from dialog.insights import demo
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import (
    assert_accessible,
    flash,
    follow,
    generous_limits,
    tab_to,
    type_into,
)
from tests.officials import make_official

pytestmark = pytest.mark.browser

COMMUNICATOR = "kim.kommunikator@lund.se"


@pytest.fixture(scope="module")
def summaries_world(app, live_server):
    with generous_limits(app):
        with app.app_context():
            make_official(COMMUNICATOR, [("lund", Role.COMMUNICATOR)], name="Kim Kommunikatör")
            demo.generate(residents=400, comments=1500, ratings=8000, seed=7)
            db.session.commit()
            lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
            district = db.session.scalar(
                select(District.name).where(District.municipality_id == lund.id).limit(1)
            )
            db.session.remove()
        yield {"district": district}


def test_a_communicator_filters_downloads_and_publishes(live_server, page, summaries_world):
    sign_in_with_code(page, live_server, COMMUNICATOR)
    follow(page, "Hantera")
    expect(page.locator("h1")).to_have_text("Hantera")
    follow(
        page,
        page.get_by_role(
            "link", name=re.compile(r"^Sammanfattningar av dialogen\s*, Lunds kommun$")
        ),
    )
    expect(page.locator("h1")).to_have_text("Sammanfattning för Lunds kommun")
    assert_accessible(page, "the municipality summary")

    plan_link = page.locator("main ul li a").filter(has_text="Lundakvintetten").first
    plan_title = plan_link.inner_text()
    follow(page, plan_link, max_tabs=400)
    expect(page.locator("h1")).to_have_text(f"Sammanfattning för {plan_title}")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_accessible(page, "the plan summary")

    tab_to(page, "#district")
    page.keyboard.type(summaries_world["district"])
    # A date field takes typing segment by segment, differently per browser locale: fill it.
    tab_to(page, "#since")
    page.locator("#since").fill("2020-01-01")
    follow(page, "Visa")
    expect(page).to_have_url(
        re.compile(r"district=\d+.*since=2020-01-01|since=2020-01-01.*district=\d+")
    )
    expect(page.locator("#district option:checked")).to_have_text(summaries_world["district"])
    expect(page.locator("main")).to_contain_text("Deltagande")
    assert_accessible(page, "a filtered plan summary")

    with page.expect_download() as pdf:
        follow(page, "PDF på svenska", max_tabs=400)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert plan_title.split()[0] in text and "Deltagande" in text
    with page.expect_download() as docx:
        follow(page, "Word (DOCX) på engelska", max_tabs=400)
    document = Document(str(docx.value.path()))
    assert any("Participation" in p.text for p in document.paragraphs)

    follow(page, "Publik sida ”Det här hörde vi” för planen", max_tabs=400)
    expect(page.locator("h1")).to_contain_text("Det här hörde vi")
    assert_accessible(page, "choosing the what-we-heard page")
    type_into(page, "#intro", "Tack! Trygghet och kollektivtrafik kom upp oftast.")
    tab_to(page, "#quote_ids-0")
    page.keyboard.press("Space")
    follow(page, "Publicera")
    expect(flash(page)).to_contain_text("Sidan är publicerad")
    follow(page, "Se den offentliga sidan")
    expect(page.locator("main")).to_contain_text("Tack! Trygghet och kollektivtrafik")
    expect(page.locator("blockquote")).to_have_count(1)
    assert_accessible(page, "the public what-we-heard page")
