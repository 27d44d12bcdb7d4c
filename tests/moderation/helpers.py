"""Comments in each of the desk's queues, for the moderation tests."""

import uuid

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.models import CommentStatus
from dialog.participation.services import post_comment, report_comment
from tests.factories import make_goal, make_user
from tests.officials import make_official


def comment_on(goal, author, body="En synpunkt om parkerna.", status=None, held_for=None):
    comment = post_comment(goal, author, body, None, uuid.uuid4().hex).comment
    if status is not None:
        comment.status = status.value
        comment.held_for = held_for
    db.session.commit()
    return comment


def reported(goal, author, reason="spam", reporters=1):
    comment = comment_on(goal, author)
    for n in range(reporters):
        reporter = make_user(f"reporter{n}-{uuid.uuid4().hex[:6]}@example.se", f"Reporter {n}")
        report_comment(comment, reporter, reason, "Reklam för en firma.")
    db.session.commit()
    return comment


def desk_world():
    """A Lund goal with one comment in each queue, a Lund and a Lomma moderator, an author."""
    goal = make_goal(slug="lund")
    lomma_goal = make_goal(slug="lomma")
    author = make_user("author@example.se", "Author", notify_decision=True)
    pending = comment_on(goal, author, "Väntar på godkännande.", CommentStatus.PENDING, "approval")
    held = comment_on(goal, author, "Innehåller ett ord.", CommentStatus.PENDING, "word_list")
    flagged = reported(goal, author)
    lomma_comment = comment_on(lomma_goal, author, "En synpunkt i Lomma.")
    moderator = make_official("mod@lund.se", [("lund", Role.MODERATOR)], name="Mo")
    lomma_moderator = make_official("mod@lomma.se", [("lomma", Role.MODERATOR)], name="Lo")
    return {
        "goal": goal,
        "author": author,
        "pending": pending,
        "held": held,
        "reported": flagged,
        "lomma_comment": lomma_comment,
        "moderator": moderator,
        "lomma_moderator": lomma_moderator,
    }


def approval_queue_of_three():
    """desk_world with two more comments awaiting approval, oldest first: pending, second, third."""
    found = desk_world()
    found["second"], found["third"] = (
        comment_on(found["goal"], found["author"], text, CommentStatus.PENDING, "approval")
        for text in ("Den andra i kön.", "Den tredje i kön.")
    )
    return found
