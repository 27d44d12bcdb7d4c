"""axe-core finds no WCAG 2.1 A/AA violation on any public page type, in either language."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from dialog import ROOT
from dialog.catalogue.models import Committee, FocusArea, Goal
from dialog.catalogue.services import import_documents
from dialog.extensions import db

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def page_types(app) -> dict[str, str]:
    with app.app_context():
        # A municipality with a logo and a brand colour (the documented example), re-imported
        # as a no-op on the second language's run.
        _report, problems = import_documents([str(ROOT / "docs/examples/exempelstad.yaml")])
        assert problems == []
        db.session.commit()
        example = db.session.scalar(select(Goal).filter_by(code="1:1"))
        aspect = db.session.scalar(select(Goal).filter_by(kind="aspect").order_by(Goal.id))
        section = db.session.scalar(select(FocusArea).filter_by(kind="section"))
        goal = db.session.scalar(select(Goal).filter_by(kind="assignment").order_by(Goal.id))
        area = db.session.scalar(select(FocusArea).order_by(FocusArea.id))
        committee = db.session.scalar(select(Committee).order_by(Committee.id))
        return {
            "start": "/",
            "municipality": "/kommun/lund",
            "open documents, most discussed": "/kommun/lund?fas=open&sort=discussed",
            "plan, goals of one committee closing soonest": (
                f"/kommun/lund/plan/{goal.plan.slug}?ansvarig={committee.slug}&sort=closing"
            ),
            "plan": f"/kommun/lund/plan/{goal.plan.slug}",
            "focus area": f"/fokusomrade/{area.id}",
            "goal": f"/mal/{goal.id}",
            "committee": f"/kommun/{committee.municipality.slug}/namnd/{committee.slug}",
            "search": "/sok?q=klimat",
            "search from a municipality, with a suggestion": "/sok?q=klimatt&kommun=lund",
            "search in one municipality only": "/sok?q=skolor&kommun=lund&bara=1",
            "empty search": "/sok",
            "branded municipality": "/kommun/exempelstad",
            "branded goal with English texts": f"/mal/{example.id}",
            "aspect": f"/mal/{aspect.id}",
            "section": f"/fokusomrade/{section.id}",
            "returned proposal": "/kommun/lund/plan/forslag-pa-nya-fokusomraden",
            "accessibility statement": "/tillganglighet",
            "cookies": "/kakor",
            "open data (API)": "/oppna-data",
            "not found": "/mal/999999",
        }


def violations(page) -> list[str]:
    response = AXE.run(page, options=WCAG_21_AA).response
    assert response["passes"], "axe ran no rule"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in response["violations"]
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_axe_violations_on_any_page_type(live_server, app, page, language):
    found = {}
    for name, path in page_types(app).items():
        page.goto(live_server + path + ("&" if "?" in path else "?") + f"lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        found[name] = violations(page)
    assert found == {name: [] for name in found}


def test_narrow_screen_has_no_violations_either(live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/kommun/lund")
    assert violations(page) == []


def test_the_checker_does_report_a_violation(live_server, page):
    """Guards the guard: an image without a text alternative must be reported."""
    page.goto(live_server + "/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt") for line in violations(page))
