"""Reading ratings, computing and storing a plan's opinion groups (SQLite and PostgreSQL)."""

import pytest
from sqlalchemy import select

from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.insights.groups import presentation, services
from dialog.insights.groups.models import OpinionGroupResult
from dialog.participation.models import Rating
from tests.insights.groups.fixture import build_plan


def test_the_matrix_holds_importance_answers_of_residents_with_three_or_more(app_context):
    found = build_plan([12, 10])
    first = found.residents[0]
    # "Don't know" is no answer; a resident with two answers is left out.
    db.session.add(Rating(goal_id=found.goals[0].id, user_id=None, question="importance", value=4))
    users, goals, matrix = services.rating_matrix(found.plan.id)
    assert len(users) == 22 and first.id in users
    assert goals == [goal.id for goal in found.goals]
    assert matrix.shape == (22, 10)
    assert services.eligible_residents(found.plan.id) == 22


def test_computing_stores_groups_with_goal_titles(app_context):
    found = build_plan([40, 30, 25])
    services.compute(found.plan.id)
    db.session.commit()
    stored = db.session.scalar(select(OpinionGroupResult))
    assert stored.outcome == "groups" and stored.residents == 95
    shown = presentation.for_plan(found.plan.id)
    sizes = [g.size for g in shown.groups]
    assert sum(sizes) == 95 and all(
        abs(a - b) <= 2 for a, b in zip(sizes, [40, 30, 25], strict=True)
    )
    assert {row.goal.title for row in shown.consensus} == {"Trygga skolvägar", "Rent vatten"}
    assert shown.divisive and all(row.score >= 1 for row in shown.divisive)
    assert len(shown.goals) == 10 and len(shown.goals[0].cells) == 3


def test_below_the_threshold_the_result_says_how_many_more(app_context):
    found = build_plan([8, 9])
    stored = services.compute(found.plan.id)
    assert stored.outcome == "too_few" and stored.residents == 17
    assert presentation.for_plan(found.plan.id).missing == 3


def test_computing_again_replaces_the_result_and_the_refresh_job_sees_changes(app_context):
    found = build_plan([12, 10])
    services.compute(found.plan.id)
    db.session.commit()
    first = db.session.scalar(select(OpinionGroupResult))
    before = first.fingerprint
    services.refresh_job()  # nothing changed
    assert db.session.scalar(select(OpinionGroupResult)).fingerprint == before
    rating = db.session.scalar(select(Rating).where(Rating.question == "importance"))
    rating.value = 1 if rating.value != 1 else 2
    db.session.commit()
    services.refresh_job()
    rows = db.session.scalars(select(OpinionGroupResult)).all()
    assert len(rows) == 1 and rows[0].fingerprint != before


@pytest.mark.usefixtures("app_context")
def test_asking_for_a_computation_is_audited_and_runs_the_job(app):
    found = build_plan([12, 10])
    services.request_computation(found.plan, None)
    db.session.commit()
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "opinion_groups.compute")
    )
    assert entry.target_id == found.plan.id
    assert db.session.scalar(select(OpinionGroupResult)).outcome == "groups"
