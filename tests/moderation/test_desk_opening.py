"""The desk opened without a queue shows the reported comments or, when none are reported, the
first queue that holds comments: a moderator was told "Inget väntar i den här kön" while a
comment waited for approval."""

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation.models import CommentStatus
from tests.factories import make_goal, make_user
from tests.moderation.helpers import comment_on, desk_world
from tests.officials import make_official, sign_in_official

DESK = "/hantera/lund/moderering"


def heading(client, query=""):
    page = client.get(DESK + query).get_data(as_text=True)
    return page.split("<h2>", 1)[1].split("</h2>", 1)[0], page


def test_reported_comments_come_first(client, app_context):
    desk_world()
    sign_in_official(client, "mod@lund.se")
    assert heading(client)[0] == "Anmälda"


def test_an_empty_reported_queue_gives_way_to_one_that_holds_comments(client, app_context):
    goal = make_goal(slug="lund")
    waiting = comment_on(
        goal, make_user("a@example.se", "A"), "Väntar.", CommentStatus.PENDING, "approval"
    )
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    sign_in_official(client, "mod@lund.se")
    shown, page = heading(client)
    assert shown == "Väntar på godkännande"
    assert f"{DESK}/{waiting.id}?queue=approval" in page
    # A queue asked for is shown, empty or not; with nothing anywhere, the reported one.
    assert heading(client, "?queue=reported")[0] == "Anmälda"
    assert heading(client, "?queue=word_list")[0] == "Stoppade av ordlistan"
    waiting.status = CommentStatus.PUBLISHED.value
    db.session.commit()
    assert heading(client)[0] == "Anmälda"
