"""Labels of themes computed and stored from a goal's comments (the database's part of
test_labels.py, which runs without one)."""

from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.themes import labels, queries, services
from dialog.themes.models import Theme, ThemeMember
from tests.factories import make_goal, make_user
from tests.officials import make_official
from tests.themes.fixture import add_comments, read
from tests.themes.test_labels import filler_in, unwritten
from tests.themes.test_services import PLANTED, compute, plant_two_themes


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


def planted_goal():
    goal = make_goal(slug="testkommun")
    add_comments(goal, make_user("boende@example.se", "Boende"), PLANTED)
    db.session.commit()
    return goal


def test_no_two_stored_labels_of_a_run_begin_with_the_same_word(app_context, monkeypatch):
    """Two themes of a goal both began "bussen, …": the smaller one's label puts first its next
    word that the larger one's label does not show, when the run is stored."""
    goal = planted_goal()
    plant_two_themes(monkeypatch, ["buss", "linje", "sjukhuset"])
    run = compute(goal)
    assert [t.label for t in run.themes] == [
        "bussen, hållplatsen, skolan",
        "linjen, bussen, sjukhuset",
    ]


def test_a_stored_label_gives_way_to_an_officials_name_and_the_name_stays(app_context, monkeypatch):
    """An official named the first theme "Bussen till skolan"; in the next run the theme that
    continues it keeps that name, and the other theme's label, which began with "bussen" too,
    begins with its own next word."""
    goal = planted_goal()
    plant_two_themes(monkeypatch, ["tåg"], ["buss", "skolan", "nattbuss"])
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    first = compute(goal).themes[0]
    services.rename(first, "Bussen till skolan", official)
    db.session.commit()
    plant_two_themes(monkeypatch, ["buss", "linje", "sjukhuset"], ["buss", "skolan", "nattbuss"])
    run = compute(goal)
    assert [t.custom_label for t in run.themes] == ["Bussen till skolan", None]
    assert run.themes[1].label == "linjen, bussen, sjukhuset"
    names = [view.name for view in queries.result(run).themes]
    assert names == ["Bussen till skolan", "linjen, bussen, sjukhuset"]
    assert db.session.get(Theme, first.id).custom_label == "Bussen till skolan"
