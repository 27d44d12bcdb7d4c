"""The five seed documents ship complete, and every item has its own page."""

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


def test_seeded_adopted_and_proposed_plans_are_open_for_dialogue(seeded, app_context):
    from dialog.catalogue.models import District, Plan
    from dialog.participation.windows import dialogue_state

    plans = db.session.scalars(select(Plan)).all()
    assert plans and all(p.window is not None for p in plans if p.status != "archived")
    goal = db.session.scalar(select(Goal).where(Goal.title == "Sveriges tryggaste kommun"))
    assert dialogue_state(goal).is_open
    names = set(db.session.scalars(select(District.name)))
    assert {"Dalby", "Genarp", "Bjärred", "Lomma"} <= names
