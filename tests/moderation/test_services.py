"""Decisions on comments: each state change, its audit entry, and one decision per version."""

import threading

import pytest
from sqlalchemy import func, select

from dialog.core.audit import AuditEntry
from dialog.core.permissions import NotAllowed
from dialog.extensions import db
from dialog.moderation import queries, services
from dialog.moderation.models import Action, Decision, Note
from dialog.moderation.queries import Filters, Queue
from dialog.participation.models import Comment, CommentStatus, Report
from tests.moderation.helpers import comment_on, desk_world


@pytest.fixture
def world(app_context):
    return desk_world()


def decide(comment, moderator, action, reason=None, message=None, version=None):
    asked = services.Request(action, version or comment.version, reason, message)
    decision = services.decide(comment, moderator, asked)
    db.session.commit()
    return decision


def last_entry() -> AuditEntry:
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_queues_hold_what_waits_oldest_first(world):
    lund = world["goal"].plan.municipality_id
    assert queries.counts(lund) == {Queue.APPROVAL: 1, Queue.REPORTED: 1, Queue.WORD_LIST: 1}
    later = comment_on(world["goal"], world["author"], "Sent.", CommentStatus.PENDING, "approval")
    found = db.session.scalars(queries.queue_query(lund, Queue.APPROVAL)).all()
    assert [c.id for c in found] == [world["pending"].id, later.id]
    lomma = world["lomma_comment"].goal.plan.municipality_id
    assert queries.counts(lomma) == {Queue.APPROVAL: 0, Queue.REPORTED: 0, Queue.WORD_LIST: 0}


def test_filters_narrow_a_queue(world):
    lund = world["goal"].plan.municipality_id
    reported = queries.queue_query(lund, Queue.REPORTED, Filters(reason="spam"))
    assert db.session.scalars(reported).all() == [world["reported"]]
    other = queries.queue_query(lund, Queue.REPORTED, Filters(reason="off_topic"))
    assert db.session.scalars(other).all() == []
    elsewhere = queries.queue_query(lund, Queue.APPROVAL, Filters(goal_id=world["goal"].id + 99))
    assert db.session.scalars(elsewhere).all() == []


@pytest.mark.parametrize(
    ("key", "action", "reason", "status"),
    [
        ("pending", Action.PUBLISH, None, "published"),
        ("pending", Action.REJECT, "off_topic", "rejected"),
        ("held", Action.PUBLISH, None, "published"),
        ("reported", Action.HIDE, "spam", "hidden"),
        ("reported", Action.DISMISS, None, "published"),
    ],
)
def test_each_decision_is_recorded_and_keeps_the_text(world, key, action, reason, status):
    comment = world[key]
    body = comment.body
    decide(comment, world["moderator"], action, reason, "Läs reglerna.")
    db.session.expire_all()
    assert (comment.status, comment.body, comment.version) == (status, body, 2)
    entry = last_entry()
    assert entry.action == f"moderation.{action.value}"
    assert entry.actor_id == world["moderator"].id
    assert entry.municipality_id == world["goal"].plan.municipality_id
    assert (entry.target_type, entry.target_id) == ("comments", comment.id)
    assert entry.before["version"] == 1 and entry.after["status"] == status
    assert entry.reason == reason
    decision = db.session.scalar(select(Decision))
    assert (decision.action, decision.status_after) == (action.value, status)
    if key == "reported":
        open_reports = select(func.count()).where(Report.resolved_at.is_(None))
        assert db.session.scalar(open_reports) == 0


def test_restore_highlight_and_note_are_recorded(world):
    comment = world["reported"]
    moderator = world["moderator"]
    decide(comment, moderator, Action.HIDE, "spam")
    decide(comment, moderator, Action.RESTORE)
    assert comment.status == "published" and comment.moderation_reason is None
    decide(comment, moderator, Action.HIGHLIGHT)
    assert comment.is_highlighted
    decide(comment, moderator, Action.UNHIGHLIGHT)
    services.add_note(comment, moderator, "Har varit här förut.")
    db.session.commit()
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "moderation.hide",
        "moderation.restore",
        "moderation.highlight",
        "moderation.unhighlight",
        "moderation.note",
    ]
    assert db.session.scalar(select(Note.body)) == "Har varit här förut."


def test_reject_needs_a_reason_and_tells_the_author(world, outbox):
    comment = world["pending"]
    with pytest.raises(NotAllowed) as refused:
        decide(comment, world["moderator"], Action.REJECT, None)
    assert refused.value.first.code == "reason"
    db.session.rollback()
    assert db.session.get(Comment, comment.id).status == "pending"
    decide(comment, world["moderator"], Action.REJECT, "off_topic", "Skriv om målet.")
    assert comment.moderation_reason == "Handlar inte om målet. Skriv om målet."
    message = outbox.last()
    assert message["To"] == "author@example.se"
    assert "Handlar inte om målet" in message.get_content()


def test_a_stale_version_changes_nothing(world):
    comment = world["pending"]
    decide(comment, world["moderator"], Action.PUBLISH)
    with pytest.raises(NotAllowed) as refused:
        decide(comment, world["moderator"], Action.HIDE, "spam", version=1)
    assert refused.value.first.code == "already_handled"
    db.session.rollback()
    assert db.session.get(Comment, comment.id).status == "published"
    assert db.session.scalar(select(func.count(Decision.id))) == 1


def test_another_municipalitys_moderator_is_refused(world):
    with pytest.raises(NotAllowed) as refused:
        decide(world["pending"], world["lomma_moderator"], Action.PUBLISH)
    assert refused.value.first.code == "no_role"


def test_two_moderators_at_once_make_one_decision(app, world):
    """Each thread has its own session and connection; both saw version 1."""
    comment_id = world["pending"].id
    moderators = [world["moderator"].id, world["moderator"].id]
    actions = [(Action.PUBLISH, None), (Action.REJECT, "spam")]
    both_loaded = threading.Barrier(2)
    outcomes = []

    def work(moderator_id, action, reason):
        with app.app_context():
            comment = db.session.get(Comment, comment_id)
            moderator = db.session.get(type(world["moderator"]), moderator_id)
            seen = comment.version
            both_loaded.wait()
            try:
                services.decide(comment, moderator, services.Request(action, seen, reason))
                db.session.commit()
                outcomes.append("decided")
            except NotAllowed as refused:
                db.session.rollback()
                outcomes.append(refused.first.code)
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=work, args=(m, a, r))
        for m, (a, r) in zip(moderators, actions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_handled", "decided"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Decision.id))) == 1
    decision = db.session.scalar(select(Decision))
    assert db.session.get(Comment, comment_id).status == decision.status_after
    assert db.session.get(Comment, comment_id).version == 2
