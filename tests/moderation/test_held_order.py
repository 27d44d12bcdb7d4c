"""The approval and word-list queues are worked by when each comment came into the hold: its
latest edit, else when it was sent. A resident who edits a published comment within the edit
window may have the new text held for a moderator; it came to the desk at the edit, and went
before comments that had waited longer when the queues went by the writing time (and the desk
figures counted the time before the edit against the moderators). The list, its pages, "n of
N", Skip, the next comment after a decision, "choose all", the wait the list tells, the
decision's `submitted_at` and the mail to moderators all go by it."""

import re
from datetime import timedelta

import pytest

from dialog.accounts.roles import Role
from dialog.core.permissions import NotAllowed
from dialog.db import as_utc, utcnow
from dialog.extensions import db
from dialog.moderation import alerts, queries, services
from dialog.moderation.models import Action
from dialog.moderation.queries import Position, Queue
from dialog.participation.models import CommentStatus, HoldReason
from dialog.participation.services import edit_comment
from tests.factories import counted_queries, make_goal, make_user
from tests.moderation.helpers import comment_on
from tests.moderation.test_desk_pages import DESK
from tests.moderation.test_skip import skip_target
from tests.officials import make_official, sign_in_official


def listed(page: str, queue: str) -> list[int]:
    pattern = rf'<h3 class="comment-heading"><a href="{DESK}/(\d+)\?queue={queue}'
    return [int(n) for n in re.findall(pattern, page)]


@pytest.fixture
def world(app_context):
    """In each held queue: `edited` written 10 hours ago, edited and held 1 hour ago; `early`
    held since 3 hours ago, `late` since 2 hours ago. By the writing time `edited` came first."""
    goal = make_goal(slug="lund")
    author = make_user("author@example.se", "Author")
    mod = make_official("mod@lund.se", [("lund", Role.MODERATOR)], name="Mo")
    now = utcnow()
    found = {"goal": goal, "author": author, "mod": mod, "lund": goal.plan.municipality_id}
    for hold in (HoldReason.APPROVAL, HoldReason.WORD_LIST):
        for name, written, edited in (
            ("edited", timedelta(hours=10), timedelta(hours=1)),
            ("early", timedelta(hours=3), None),
            ("late", timedelta(hours=2), None),
        ):
            comment = comment_on(goal, author, f"{name} {hold.value}.", CommentStatus.PENDING, hold)
            comment.created_at = now - written
            comment.edited_at = None if edited is None else now - edited
            found[f"{name}-{hold.value}"] = comment
    db.session.commit()
    return found


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def ids(world, queue: str, *names: str) -> list[int]:
    return [world[f"{name}-{queue}"].id for name in names]


QUEUES = ["approval", "word_list"]


@pytest.mark.parametrize("queue", QUEUES)
def test_the_list_goes_by_the_hold_and_says_since_when_an_edited_one_waits(moderator, world, queue):
    page = moderator.get(f"{DESK}?queue={queue}").get_data(as_text=True)
    assert listed(page, queue) == ids(world, queue, "early", "late", "edited")
    assert "3 kommentarer, den som väntat längst först" in page
    edited = page.split(f"{DESK}/{world[f'edited-{queue}'].id}?", 1)[1].split("</li>", 1)[0]
    assert re.search(
        r'<time datetime="[^"]+">Ändrad för 1 timme sedan, väntar sedan dess</time>', edited
    )
    early = page.split(f"{DESK}/{world[f'early-{queue}'].id}?", 1)[1].split("</li>", 1)[0]
    assert "Ändrad" not in early
    english = moderator.get(f"{DESK}?queue={queue}&lang=en").get_data(as_text=True)
    assert "3 comments, longest waiting first" in english
    assert "Edited 1 hour ago, waiting since then</time>" in english


@pytest.mark.parametrize("queue", QUEUES)
def test_pages_choose_all_position_and_skip_follow_the_hold(
    app, moderator, world, queue, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_PER_PAGE", 2)
    first = moderator.get(f"{DESK}?queue={queue}").get_data(as_text=True)
    assert listed(first, queue) == ids(world, queue, "early", "late")
    second = moderator.get(f"{DESK}?queue={queue}&page=2").get_data(as_text=True)
    assert listed(second, queue) == ids(world, queue, "edited")
    chosen = moderator.get(f"{DESK}?queue={queue}&chosen=all").get_data(as_text=True)
    ticked = re.findall(r'name="selected" value="(\d+)"[^>]*checked', chosen)
    assert [int(n) for n in ticked] == ids(world, queue, "early", "late")
    lund, held = world["lund"], Queue(queue)
    assert queries.first_in(lund, held) == world[f"early-{queue}"].id
    for number, name in enumerate(("early", "late", "edited"), start=1):
        assert queries.position_in(lund, held, world[f"{name}-{queue}"]) == Position(number, 3)
    late = moderator.get(f"{DESK}/{world[f'late-{queue}'].id}?queue={queue}").get_data(as_text=True)
    assert "Kommentar 2 av 3" in late
    assert skip_target(late) == f"{DESK}/{world[f'edited-{queue}'].id}?queue={queue}#item-heading"


def test_after_a_decision_the_next_is_the_next_held(moderator, world):
    """Published from its page, `late` leads on to `edited` (the one held after it), not back
    to the start: its place is read by the same key after the decision."""
    page = moderator.get(f"{DESK}/{world['late-approval'].id}?queue=approval").get_data(
        as_text=True
    )
    found = dict(re.findall(r'<input[^>]*name="(publish-[^"]+)"[^>]*value="([^"]*)"', page))
    response = moderator.post(
        f"{DESK}/{world['late-approval'].id}/beslut",
        data={"do": "publish", **found, "publish-queue": "approval"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"{DESK}/{world['edited-approval'].id}?queue=approval&decided={world['late-approval'].id}"
    )


def test_the_decision_counts_the_wait_from_the_edit(world):
    """The desk figures measure from `submitted_at`: the edit, not the first writing."""
    comment, early = world["edited-approval"], world["early-approval"]
    assert services.came_to_the_desk(early) == early.created_at
    asked = services.Request(Action.PUBLISH, comment.version)
    decision = services.decide(comment, world["mod"], asked)
    db.session.commit()
    assert decision.submitted_at == comment.edited_at


def test_the_order_adds_no_statement_per_comment(app, moderator, world):
    url = f"{DESK}?queue=approval"
    moderator.get(url)  # warm
    with counted_queries(app) as few:
        moderator.get(url)
    for n in range(6):
        more = comment_on(world["goal"], world["author"], f"Fler {n}.", CommentStatus.PENDING)
        more.held_for, more.edited_at = HoldReason.APPROVAL, utcnow() - timedelta(minutes=n)
    db.session.commit()
    with counted_queries(app) as many:
        page = moderator.get(url).get_data(as_text=True)
    assert len(listed(page, "approval")) == 9
    assert len(many) == len(few), many


def test_an_edit_that_holds_the_text_puts_it_behind_those_that_waited(world):
    """The real path: a published comment written before `fresh` was held, edited now with a
    listed word, waits behind it; the edit is when it entered the word-list queue, which is
    news for the moderators' mail. Only a published comment can be edited, so an edit never
    moves a comment that already waits."""
    now = utcnow()
    goal, author = world["goal"], world["author"]
    written = comment_on(goal, author, "En vanlig synpunkt.")
    written.created_at = now - timedelta(minutes=5)
    fresh = comment_on(goal, author, "Vilka idioter.")  # held by the word list at once
    fresh.created_at = now - timedelta(minutes=2)
    db.session.commit()
    since = now - timedelta(minutes=1)
    assert alerts.new_items(world["lund"], since)[Queue.WORD_LIST] == 0
    assert edit_comment(written, author, "Vilka idioter, allihop.", None)
    db.session.commit()
    assert written.status == CommentStatus.PENDING and written.held_for == HoldReason.WORD_LIST
    order = db.session.scalars(queries.queue_query(world["lund"], Queue.WORD_LIST)).all()
    names = [c.id for c in order]
    assert names.index(fresh.id) < names.index(written.id)
    assert alerts.new_items(world["lund"], since)[Queue.WORD_LIST] == 1
    edited_at = written.edited_at
    with pytest.raises(NotAllowed):
        edit_comment(written, author, "Ändrad igen medan den väntar.", None)
    db.session.rollback()
    db.session.refresh(written)
    assert written.edited_at == edited_at


def test_the_comment_page_says_when_it_was_edited(moderator, world):
    """The list says an edited comment waits since the edit; its page said only "(edited)",
    and the moderator could not see when the text they decide on was written."""
    edited = world["edited-approval"]
    page = moderator.get(f"{DESK}/{edited.id}?queue=approval").get_data(as_text=True)
    found = re.search(r'redigerad <time datetime="([^"]+)">[^<]+</time></dd>', page)
    assert found and found.group(1) == as_utc(edited.edited_at).isoformat(timespec="seconds")
