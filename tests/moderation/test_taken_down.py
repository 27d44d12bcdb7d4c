"""A comment that enough reports took down, at the desk: hidden or kept like any other
reported comment, alone or in a selection, and named as taken down in the list and on its page.

A moderator working the reported queue ticked its spam and chose "Hide": the whole selection
was refused because one of them, taken down by three reports, counted as "awaiting moderation"
("already handled", though no one had decided it), and the list did not say which one.
"""

import pytest
from flask import current_app
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.moderation import services
from dialog.moderation.models import Action, Decision
from dialog.participation.models import Comment, Report
from dialog.participation.services import report_comment
from tests.factories import csrf, make_user
from tests.moderation.helpers import desk_world, reported
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"
TAKEN_DOWN = "Dold för invånarna efter anmälningar, tills en moderator beslutar"


@pytest.fixture
def world(app_context):
    found = desk_world()
    threshold = current_app.config["REPORT_THRESHOLD"]
    found["taken_down"] = reported(found["goal"], found["author"], reporters=threshold)
    return found


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def selection(client, action: str, *comments: Comment, **extra: str) -> dict:
    """The desk's bulk form for `comments` in the reported queue."""
    data = {
        "bulk-csrf_token": csrf(client, DESK + "?queue=reported"),
        "bulk-action": action,
        "bulk-queue": "reported",
        "selected": [str(comment.id) for comment in comments],
        **{f"version-{comment.id}": str(comment.version) for comment in comments},
    }
    return data | extra


def test_the_list_and_the_page_say_which_comment_reports_took_down(moderator, world):
    taken_down, kept = world["taken_down"], world["reported"]
    assert taken_down.status == "pending" and kept.status == "published"
    listed = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    items = listed.split('<li class="desk-item">')[1:]
    (down,) = [item for item in items if f"select-{taken_down.id}" in item]
    (up,) = [item for item in items if f"select-{kept.id}" in item]
    assert TAKEN_DOWN in down and TAKEN_DOWN not in up
    page = moderator.get(f"{DESK}/{taken_down.id}?queue=reported").get_data(as_text=True)
    assert TAKEN_DOWN in page
    # Hidden or kept, as every reported comment: "Publish" and "Reject" are for comments that
    # were never public.
    decisions = page.split('id="decide-heading"')[1].split("</section>")[0]
    assert 'name="do" value="hide"' in decisions and 'name="do" value="dismiss"' in decisions
    assert 'value="publish"' not in decisions and 'value="reject"' not in decisions


def test_a_selection_with_a_comment_reports_took_down_is_hidden(moderator, world, outbox):
    taken_down, kept = world["taken_down"], world["reported"]
    data = selection(moderator, "hide", taken_down, kept, **{"bulk-reason": "spam"})
    confirm = moderator.post(DESK + "/urval", data=data).get_data(as_text=True)
    assert "Dölj 2 kommentarer?" in confirm
    done = moderator.post(DESK + "/urval", data=data | {"confirmed": "yes"}, follow_redirects=True)
    assert "”Dölj” gäller nu 2 kommentarer." in done.get_data(as_text=True)
    db.session.expire_all()
    assert {db.session.get(Comment, c.id).status for c in (taken_down, kept)} == {"hidden"}
    open_reports = select(func.count(Report.id)).where(Report.resolved_at.is_(None))
    assert db.session.scalar(open_reports) == 0
    after = db.session.scalars(select(Decision.status_after)).all()
    assert after == ["hidden", "hidden"]
    # Restored, it is published again: it was public before the reports took it down.
    restore = moderator.get(f"{DESK}/{taken_down.id}").get_data(as_text=True)
    assert 'name="do" value="restore"' in restore


def test_an_action_that_does_not_fit_is_named_as_such(moderator, world):
    """ "Publish" on a published reported comment said "already handled", though no one had
    decided it: the moderator was sent looking for a decision that was never made."""
    kept = world["reported"]
    refused = moderator.post(DESK + "/urval", data=selection(moderator, "publish", kept))
    text = refused.get_data(as_text=True)
    assert "Ingenting ändrades." in text
    said = f"Kommentar {kept.id}: ”Publicera” passar inte den här kommentaren."
    assert f"{said} Dess status är: publicerad." in text
    assert "redan hanterad" not in text
    taken_down = world["taken_down"]
    refused = moderator.post(DESK + "/urval", data=selection(moderator, "publish", taken_down))
    assert "Dess status är: dold för invånarna efter anmälningar." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Decision.id))) == 0


def test_the_list_counts_the_open_reports_only(moderator, world):
    """A comment whose reports were dismissed and that was reported again read "2 reports"
    beside "Reported as: Personal attack": the counter keeps the dealt-with reports too."""
    kept = world["reported"]
    services.decide(kept, world["moderator"], services.Request(Action.DISMISS, kept.version))
    report_comment(kept, make_user("again@example.se", "Again"), "personal_attack", None)
    db.session.commit()
    listed = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    (item,) = [i for i in listed.split('<li class="desk-item">')[1:] if f"select-{kept.id}" in i]
    assert " · 1 anmälan" in item and "2 anmälningar" not in item
    assert "Anmäld som: Personangrepp eller trakasserier</p>" in item


def test_the_writers_other_comments_count_their_open_reports_only(moderator, world):
    """The comment's page read "2 reports" beside the writer's other comment waiting, whose
    one open report the list counts as 1: the counter keeps the dealt-with reports too."""
    kept = world["reported"]
    services.decide(kept, world["moderator"], services.Request(Action.DISMISS, kept.version))
    report_comment(kept, make_user("again@example.se", "Again"), "personal_attack", None)
    db.session.commit()
    page = moderator.get(f"{DESK}/{world['pending'].id}").get_data(as_text=True)
    waiting = page.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="{DESK}/{kept.id}"' in waiting
    assert "· 1 anmälan</li>" in waiting and "2 anmälningar" not in waiting
