"""The officials' content pages in English mark the Swedish titles they show (WCAG 3.1.2)."""

from lxml import html
from sqlalchemy import select

from dialog.catalogue.models import Committee, Municipality
from dialog.extensions import db
from tests.catalogue.admin.conftest import first_goal, lund_plan

BASE = "/hantera/lund/innehall"


def unmarked(page: str, texts: set[str]) -> set[str]:
    """Which of `texts` stand in the page's body outside an element with lang="sv": in text,
    in a label or in an option, where a screen reader would read them in an English voice."""
    found = set()
    body = html.fromstring(page).body
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "textarea"):
            continue
        marked = next((e.get("lang") for e in element.iterancestors() if e.get("lang")), None)
        language = element.get("lang") or marked
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        found |= {t for t in texts if t in own and language != "sv"}
    return found


def test_swedish_titles_on_english_content_pages_say_they_are_swedish(app, lund_admin):
    """Found on the administrators' walk: plan, goal, focus area and committee names on the
    content pages, form headings, breadcrumbs, buttons' names and choices had no lang="sv"."""
    with app.app_context():
        plan = lund_plan()
        goal = first_goal(plan)
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        committees = db.session.scalars(select(Committee).filter_by(municipality_id=lund.id))
        committee = next(iter(committees))
        area = next(a for a in plan.focus_areas if a.goals)
        titles = {plan.title, goal.title, area.title, committee.display_name}
        titles |= {c.display_name for c in lund.committees} | {a.title for a in plan.focus_areas}
        urls = [
            BASE,
            f"{BASE}/planer/{plan.slug}",
            f"{BASE}/planer/{plan.slug}/andra",
            f"{BASE}/planer/{plan.slug}/dialog",
            f"{BASE}/planer/{plan.slug}/mal/ny",
            f"{BASE}/mal/{goal.id}",
            f"{BASE}/mal/{goal.id}/dialog",
            f"{BASE}/omraden/{area.id}",
            f"{BASE}/namnder/{committee.slug}",
        ]
    for url in urls:
        page = lund_admin.get(url + "?lang=en")
        assert page.status_code == 200, url
        assert unmarked(page.get_data(as_text=True), titles) == set(), url
    swedish = lund_admin.get(f"{BASE}/mal/{goal.id}").get_data(as_text=True)
    assert 'lang="sv"' not in swedish.split("<body", 1)[1].split('<form method="post"')[0]
