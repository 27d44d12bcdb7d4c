"""Desk figures: queue lengths, median and 90th percentile wait, decisions per reason."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dialog.db import as_utc, utcnow
from dialog.extensions import db
from dialog.moderation import services
from dialog.moderation.figures import desk_figures, percentile
from dialog.moderation.models import Action, Decision
from dialog.moderation.queries import Queue
from dialog.participation.models import Report
from dialog.participation.services import report_comment
from tests.factories import make_user, sign_in
from tests.moderation.helpers import comment_on, desk_world
from tests.officials import sign_in_official


@pytest.fixture
def world(app_context):
    return desk_world()


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.5) == 5 and percentile(values, 0.9) == 9
    assert percentile([7.0], 0.9) == 7 and percentile([], 0.5) is None


def decided(world, hours: int, action="reject", reason="spam", days_ago=1, again=None):
    comment = again or comment_on(world["goal"], world["author"])
    now = utcnow() - timedelta(days=days_ago)
    db.session.add(
        Decision(
            comment_id=comment.id,
            municipality_id=world["goal"].plan.municipality_id,
            author_id=comment.author_id,
            action=action,
            reason=reason,
            status_before="pending",
            status_after="rejected",
            submitted_at=now - timedelta(hours=hours),
            created_at=now,
        )
    )
    db.session.commit()
    return comment


def test_figures_over_the_last_30_days(world):
    for hours in range(1, 11):  # ten comments, waits of 1..10 hours
        first = decided(world, hours, reason="spam" if hours % 2 else "off_topic")
    decided(world, 1, action="restore", reason=None, again=first)  # not a first settling one
    decided(world, 500, days_ago=40)  # outside the period
    found = desk_figures(world["goal"].plan.municipality_id)
    assert found.queues == {Queue.APPROVAL: 1, Queue.REPORTED: 1, Queue.WORD_LIST: 1}
    assert found.decided == 10
    assert found.median == timedelta(hours=5) and found.p90 == timedelta(hours=9)
    assert found.per_reason == [("off_topic", 5), ("spam", 5)]


def test_the_figures_page(client, world):
    decided(world, 3)
    sign_in_official(client, "mod@lund.se")
    page = client.get("/hantera/lund/moderering/siffror").get_data(as_text=True)
    assert "3 h 0 min" in page and "Reklam eller skräppost" in page


def test_residents_and_other_municipalities_get_403(client, app, world):
    sign_in(client, "author@example.se")
    assert client.get("/hantera/lund/moderering/siffror").status_code == 403
    other = app.test_client()
    sign_in_official(other, "mod@lomma.se")
    assert other.get("/hantera/lund/moderering/siffror").status_code == 403


def test_a_reported_comment_waits_from_its_oldest_open_report(world):
    """Written ten days ago, an old report closed five days ago, reported again two hours
    ago: the moderator's wait is the two hours, not the ten days."""
    comment, now = world["reported"], utcnow()
    comment.created_at = now - timedelta(days=10)
    closed = db.session.scalars(select(Report).where(Report.comment_id == comment.id)).one()
    closed.created_at = closed.resolved_at = now - timedelta(days=5)
    report_comment(comment, make_user("again@example.se", "Again"), "spam", "Igen.")
    again = db.session.scalars(select(Report).where(Report.resolved_at.is_(None))).one()
    again.created_at = now - timedelta(hours=2)
    db.session.commit()
    asked = services.Request(Action.HIDE, comment.version, "spam")
    decision = services.decide(comment, world["moderator"], asked)
    assert as_utc(decision.submitted_at) == as_utc(now - timedelta(hours=2))
    pending = world["pending"]
    held = services.decide(
        pending, world["moderator"], services.Request(Action.PUBLISH, pending.version)
    )
    assert as_utc(held.submitted_at) == as_utc(pending.created_at)


def test_each_time_a_comment_left_the_desk_counts(world):
    """Published from the approval queue, then reported and hidden: two waits, not one."""
    comment = world["pending"]
    services.decide(comment, world["moderator"], services.Request(Action.PUBLISH, comment.version))
    db.session.commit()
    report_comment(comment, make_user("reader@example.se", "Reader"), "spam", "Reklam.")
    db.session.commit()
    services.decide(
        comment, world["moderator"], services.Request(Action.HIDE, comment.version, "spam")
    )
    db.session.commit()
    assert desk_figures(world["goal"].plan.municipality_id).decided == 2
