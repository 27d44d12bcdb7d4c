"""The first day of a summary's period (dialog/insights/period.py): the first comment, paper
form or rating in scope, read in one statement."""

from datetime import UTC, date, datetime

import pytest

from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.period import first_day
from dialog.participation.models import Comment, Rating
from tests.factories import counted_queries
from tests.insights.fixture import add_focus_plan, build_dialogue


@pytest.fixture
def dialogue(app_context):
    found = build_dialogue()
    found.focus = add_focus_plan(found)
    return found


def test_the_first_day_is_one_statement_over_goals_and_focus_areas(app, dialogue):
    """It was three statements (comments received, comments written, ratings), each of which
    read every comment or rating of the municipality on PostgreSQL."""
    for scope in (
        queries.of_plan(dialogue.plan.id),
        queries.of_plan(dialogue.focus.plan.id),
        queries.of_municipality(dialogue.town.id),
        queries.of_goal(dialogue.a.id),
    ):
        with counted_queries(app) as statements:
            first_day(scope)
        assert len(statements) == 1, statements


def test_the_first_comment_when_nothing_came_earlier(dialogue):
    # n1's comment on goal A on 2 November; the ratings came on the 5th.
    assert first_day(queries.of_plan(dialogue.plan.id)) == date(2026, 11, 2)
    assert first_day(queries.of_goal(dialogue.b.id)) == date(2026, 11, 5)  # ratings only
    assert first_day(queries.of_goal(dialogue.c.id)) == date(2026, 11, 3)


def test_a_rating_on_a_focus_area_counts_on_the_municipalitys_day(dialogue):
    area = dialogue.focus.f
    person = dialogue.people["s2"]
    # 23:30 UTC on 19 October is 01:30 on the 20th in Stockholm (summer time until the 25th).
    db.session.add(
        Rating(
            focus_area_id=area.id,
            user_id=person.id,
            question="importance",
            value=3,
            created_at=datetime(2026, 10, 19, 23, 30, tzinfo=UTC),
        )
    )
    db.session.commit()
    assert first_day(queries.of_area(area.id)) == date(2026, 10, 20)
    assert first_day(queries.of_plan(dialogue.focus.plan.id)) == date(2026, 10, 20)
    assert first_day(queries.of_municipality(dialogue.town.id)) == date(2026, 10, 20)
    assert first_day(queries.of_plan(dialogue.plan.id)) == date(2026, 11, 2)  # another plan


def test_a_paper_form_counts_on_the_day_it_was_received_not_when_it_was_imported(dialogue):
    db.session.add(
        Comment(
            goal_id=dialogue.b.id,
            author_id=None,
            body="Fler papperskorgar",
            status="published",
            submission_token="import-p1",
            channel="paper",
            source_ref="P-1",
            received_on=date(2026, 10, 6),
            created_at=datetime(2026, 9, 1, 12, tzinfo=UTC),  # not its day: it was received
        )
    )
    db.session.commit()
    assert first_day(queries.of_goal(dialogue.b.id)) == date(2026, 10, 6)
    assert first_day(queries.of_plan(dialogue.plan.id)) == date(2026, 10, 6)
    assert first_day(queries.of_goal(dialogue.a.id)) == date(2026, 11, 2)


def test_nothing_in_scope_has_no_first_day(dialogue):
    assert first_day(queries.of_area(dialogue.focus.g.id + 1000)) is None
