"""The five seed documents ship complete, and every item has its own page."""

import re

from sqlalchemy import func, select

from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan
from dialog.catalogue.services import seed_files
from dialog.extensions import db


def count(model, **filters):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def test_seed_files_are_all_there():
    assert len(seed_files()) == 5


def test_seed_content(seeded, app_context):
    assert db.session.scalars(select(Municipality.slug).order_by(Municipality.slug)).all() == [
        "lomma",
        "lund",
    ]
    lomma = db.session.scalar(select(Municipality).filter_by(slug="lomma"))
    assert "Öresundsregionen" in lomma.vision
    assert count(Goal, kind="assignment") == 20
    assert count(Goal, kind="aspect") == 8
    kvintetten = db.session.scalar(select(Plan).filter(Plan.slug.like("lundakvintetten%")))
    assert len(kvintetten.focus_areas) == 4
    assert len(kvintetten.goals) == 9
    for assignment in db.session.scalars(select(Goal).filter_by(kind="assignment")):
        assert assignment.committees, assignment.title
    names = db.session.scalars(select(Committee.name)).all()
    assert len({n.casefold() for n in names}) == len(names)


def test_seeding_again_changes_nothing(seeded, runner):
    result = runner.invoke(args=["dialog", "seed"])
    assert result.exit_code == 0
    assert result.output.strip() == "No changes."


def test_seed_if_empty_skips_a_database_with_content(seeded, runner):
    result = runner.invoke(args=["dialog", "seed", "--if-empty"])
    assert "seed skipped" in result.output


def test_every_seeded_item_has_a_page_with_its_text(seeded, client, app):
    with app.app_context():
        goals = [(g.id, g.title, g.description) for g in db.session.scalars(select(Goal))]
        areas = [(a.id, a.title) for a in db.session.scalars(select(FocusArea))]
        committees = [
            (c.municipality.slug, c.slug, c.name) for c in db.session.scalars(select(Committee))
        ]
        plans = [(p.municipality.slug, p.slug, p.title) for p in db.session.scalars(select(Plan))]
    for goal_id, title, description in goals:
        page = client.get(f"/mal/{goal_id}").get_data(as_text=True)
        assert _escaped(title) in page
        if description:
            first_line = description.split("\n")[0].strip().lstrip("-• ").strip()
            assert _escaped(first_line) in page
    for area_id, title in areas:
        assert _escaped(title) in client.get(f"/fokusomrade/{area_id}").get_data(as_text=True)
    for municipality, slug, name in committees:
        page = client.get(f"/kommun/{municipality}/namnd/{slug}")
        assert page.status_code == 200 and _escaped(name) in page.get_data(as_text=True)
    for municipality, slug, title in plans:
        page = client.get(f"/kommun/{municipality}/plan/{slug}")
        assert page.status_code == 200 and _escaped(title) in page.get_data(as_text=True)


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_only_current_documents_are_open_and_districts_are_seeded(seeded, app_context):
    from dialog.catalogue.models import District
    from dialog.participation.windows import dialogue_state

    goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
    assert dialogue_state(goal).is_open
    names = set(db.session.scalars(select(District.name)))
    assert {"Dalby", "Genarp", "Bjärred", "Lomma"} <= names


#: What each shipped document honestly is, where it stands, and whether it is open today.
TRUTH = {
    "vara-fokusomraden": ("governing", "adopted", "open", None),
    "kommunfullmaktiges-mal-och-sarskilda-uppdrag": ("governing", "adopted", "open", None),
    "planeringsforutsattningar-utifran-strategiprocessen": ("background", "current", "open", None),
    # Both 2019 proposals went to the council, which sent the case back on 28 November 2019.
    "forslag-pa-nya-fokusomraden": ("proposal", "returned", "closed", "2019-11-28"),
    "lundakvintettens-fokusomraden-och-mal": ("proposal", "returned", "closed", "2019-11-28"),
    # Lomma's proposal from February 2019 was for 2019–2022.
    "overgripande-mal-2019-2022": ("proposal", "archived", "closed", "2022-12-31"),
}


def test_every_seeded_plan_has_a_truthful_kind_status_and_window(seeded, app_context):
    from dialog.catalogue.kinds import PlanKind
    from dialog.participation.windows import dialogue_state, today

    plans = db.session.scalars(select(Plan)).all()
    assert {p.slug for p in plans} == set(TRUTH)
    for plan in plans:
        kind, status, phase, closes = TRUTH[plan.slug]
        assert (plan.kind, plan.status) == (kind, status), plan.slug
        assert plan.status_enum in PlanKind(plan.kind).statuses
        assert plan.window is not None, plan.slug
        for goal in plan.goals:
            assert dialogue_state(goal).phase == phase, plan.slug
        is_open = plan.status != "archived" and plan.window.is_open_on(today())
        assert is_open == (phase == "open"), plan.slug
        assert str(plan.window.closes_on) == str(closes), plan.slug
        if phase == "closed":
            assert plan.window.opens_on.year == 2019


def test_groups_that_are_not_focus_areas_say_what_they_are(seeded, app_context):
    kinds = dict(db.session.execute(select(FocusArea.title, FocusArea.kind)).all())
    assert kinds["Mål"] == kinds["Särskilda uppdrag med start år 2023"] == "section"
    assert kinds["Lund växer"] == "change_pressure"
    assert kinds["Smartare Lund"] == kinds["Social hållbarhet"] == "focus_area"


def test_committees_have_kinds_and_full_names(seeded, app_context):
    found = {c.name: (c.kind, c.full_name) for c in db.session.scalars(select(Committee))}
    assert found["LKF"] == ("company", "Lunds Kommuns Fastighets AB")
    assert found["LKP"] == ("company", "Lunds Kommuns Parkerings AB")
    assert found["Kommunstyrelsen"] == ("board", None)
    assert found["Tekniska nämnden"] == ("committee", None)


EXTRACTION_ERRORS = [
    ",tillitsbaserad",
    "bäst ,löses",
    "förväntadeglapp",
    "LKP.Tillgången",
    "kommmunfullmäktigemål",
    "2023- 2025",
    "Vision för Lomma kommun år 2040",  # a heading, not body text
    "October",  # an English date in a Swedish source line
]


def test_the_seed_has_none_of_the_known_extraction_errors():
    from pathlib import Path

    for path in seed_files():
        text = Path(path).read_text(encoding="utf-8")
        for error in EXTRACTION_ERRORS:
            assert error not in text, f"{Path(path).name}: {error!r}"
        assert " ," not in text and not re.search(r"[a-zåäö]\.[A-ZÅÄÖ]", text), path


def test_no_plan_is_introduced_by_a_news_article(seeded, app_context):
    for plan in db.session.scalars(select(Plan)):
        assert "LUND." not in (plan.intro or "") and "säger" not in (plan.intro or "")
    kvintetten = db.session.scalar(select(Plan).filter(Plan.slug.like("lundakvintetten%")))
    assert kvintetten.intro is None and "artikeln" in kvintetten.source
