"""What storing a comment writes besides its row, and only when the row is new: the author among
the participants, the tally, a reply's count on its parent and the pages' content version (on
PostgreSQL all in one statement, participation/storing.py)."""

from sqlalchemy import func, select

from dialog.core import versions
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Block, Settings
from dialog.participation import services
from dialog.participation.models import Comment, CommentStatus, GoalParticipant
from tests.factories import form_fields, make_focus_area, make_goal, make_user, sign_in, tally


def _send(subject, author, token, parent=None, official=False):
    """Post and commit, as a view does; the Posted and the content version after it."""
    posted = services.post_comment(
        subject, author, f"Synpunkt {token}", None, token * 32, parent, official=official
    )
    db.session.commit()
    return posted, versions.version().token


def _participants(goal):
    query = select(GoalParticipant.user_id).where(GoalParticipant.goal_id == goal.id)
    return sorted(db.session.scalars(query))


def test_each_new_comment_is_counted_once_and_changes_the_pages_version(app_context):
    goal = make_goal()
    anna = make_user("anna@example.se", "Anna")
    before = versions.version().token

    first, after_first = _send(goal, anna, "a")
    assert first.created and first.status == CommentStatus.PUBLISHED
    assert first.comment.id == first.comment_id and first.comment.body == "Synpunkt a"
    assert after_first != before
    assert tally(goal) == (1, 1) and _participants(goal) == [anna.id]

    # The same form again: nothing written, not even the version.
    again, after_again = _send(goal, anna, "a")
    assert not again.created and again.comment_id == first.comment_id
    assert after_again == after_first
    assert tally(goal) == (1, 1)

    _second, after_second = _send(goal, anna, "b")  # a known participant
    assert after_second != after_first
    assert tally(goal) == (2, 1) and _participants(goal) == [anna.id]


def test_a_reply_counts_on_its_parent_and_its_author_once(app_context):
    goal = make_goal()
    anna, bo = make_user("anna@example.se", "Anna"), make_user("bo@example.se", "Bo")
    official = make_user("kommun@example.se", "Kommunen")
    top, _version = _send(goal, anna, "a")
    parent = db.session.get(Comment, top.comment_id)

    _reply, after_reply = _send(goal, bo, "b", parent)
    _reply, after_second = _send(goal, bo, "c", parent)
    _answer, after_answer = _send(goal, official, "d", parent, official=True)
    _repeat, after_repeat = _send(goal, bo, "c", parent)

    db.session.refresh(parent)
    assert parent.reply_count == 3  # two from Bo, the municipality's answer, not the repeat
    assert tally(goal) == (1, 2)  # replies are not top-level; the municipality takes no part
    assert _participants(goal) == sorted([anna.id, bo.id])
    assert len({after_reply, after_second, after_answer}) == 3 and after_repeat == after_answer


def test_a_comment_on_a_focus_area_is_counted_on_its_tally(app_context):
    area = make_focus_area()
    anna = make_user("anna@example.se", "Anna")
    posted, _version = _send(area, anna, "a")
    _send(area, anna, "a")
    assert posted.created and tally(area) == (1, 1)
    assert db.session.get(Comment, posted.comment_id).focus_area_id == area.id


def _form(client, goal):
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    return {"body": "Fler lampor i parken, tack.", **fields}


def _count():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_a_block_read_with_the_goal_refuses_the_comment(client, app_context):
    """The goal's statement reads the block in force (participation/posting.py)."""
    goal = make_goal()
    anna = make_user()
    sign_in(client)
    form = _form(client, goal)
    block = Block(user_id=anna.id, municipality_id=goal.plan.municipality_id, justification="Hot.")
    db.session.add(block)
    db.session.commit()
    refused = client.post(f"/mal/{goal.id}/kommentera", data=form)
    assert refused.status_code == 403 and "spärrat" in refused.get_data(as_text=True)
    assert _count() == 0
    block.lifted_at = utcnow()
    db.session.commit()
    assert client.post(f"/mal/{goal.id}/kommentera", data=form).status_code == 302
    assert _count() == 1


def test_the_moderation_settings_read_with_the_goal_hold_the_comment(client, app_context):
    goal = make_goal()
    make_user()
    db.session.add(Settings(municipality_id=goal.plan.municipality_id, is_premoderated=True))
    db.session.commit()
    sign_in(client)
    assert client.post(f"/mal/{goal.id}/kommentera", data=_form(client, goal)).status_code == 302
    assert db.session.scalar(select(Comment.status)) == CommentStatus.PENDING
