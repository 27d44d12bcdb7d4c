"""Labels of themes computed and stored from a goal's comments (the database's part of
test_labels.py, which runs without one)."""

from sqlalchemy import select

from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.themes import labels
from dialog.themes.models import ThemeMember
from tests.factories import make_goal, make_user
from tests.themes.fixture import add_comments, read
from tests.themes.test_labels import filler_in, unwritten
from tests.themes.test_services import compute


def test_a_computed_run_labels_its_themes_without_the_municipalitys_name(app_context, monkeypatch):
    goal = make_goal(slug="lund")
    goal.plan.municipality.name = "Lunds kommun"
    _concerns, texts = read("blind5")
    add_comments(goal, make_user("boende@example.se", "Boende"), texts)
    db.session.commit()
    given = []
    monkeypatch.setattr(
        labels, "label_words", lambda *args, **kwargs: given.append(args[2]) or [], raising=True
    )
    assert compute(goal).themes
    assert given and all(own == {"Lunds", "Lund", "kommun"} for own in given)


def test_stored_labels_are_words_of_the_themes_comments(app_context):
    goal = make_goal(slug="testkommun")
    _concerns, texts = read("heldout")
    add_comments(goal, make_user("boende@example.se", "Boende"), texts)
    db.session.commit()
    run = compute(goal)
    assert run.themes
    for theme in run.themes:
        comments = db.session.scalars(
            select(Comment.body)
            .join(ThemeMember, ThemeMember.comment_id == Comment.id)
            .where(ThemeMember.theme_id == theme.id)
        ).all()
        assert unwritten(theme.label, list(comments)) == [], theme.label
        assert filler_in(theme.label) == [], theme.label
