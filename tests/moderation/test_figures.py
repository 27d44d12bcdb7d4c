"""Desk figures: queue lengths, median and 90th percentile wait, decisions per reason."""

from datetime import timedelta

import pytest

from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.figures import desk_figures, percentile
from dialog.moderation.models import Decision
from dialog.moderation.queries import Queue
from tests.factories import sign_in
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
