"""Skip: a moderator moves on to the next comment in the queue (and its filters) without
deciding. A link, so nothing is written; from the last comment it says there is nothing further
instead of coming round; the filters and the "n of N" stay right along the way."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialog.catalogue.models import Goal
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.moderation import queries
from dialog.moderation.models import Decision
from dialog.moderation.queries import Filters, Queue
from dialog.participation.models import Comment, CommentStatus
from tests.factories import form_fields
from tests.moderation.helpers import comment_on
from tests.moderation.test_desk_pages import DESK, fields, status_of
from tests.moderation.test_queue_position import FOCUSABLE

SKIP = re.compile(r'<a class="button-link" href="([^"]+)" aria-describedby="skip-hint">([^<]+)</a>')


def skip_target(page: str) -> str | None:
    found = SKIP.search(page)
    return found.group(1).replace("&amp;", "&") if found else None


def written() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Decision.id))),
        db.session.scalar(select(func.count(AuditEntry.id))),
    )


def test_skip_follows_the_decisions_and_leads_to_the_next_in_the_queue(moderator, world):
    first = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval").get_data(as_text=True)
    assert "Kommentar 1 av 3 i kön ”Väntar på godkännande”" in first
    assert skip_target(first) == f"{DESK}/{world['second'].id}?queue=approval#item-heading"
    link = SKIP.search(first)
    assert link.group(2) == "Hoppa över"
    # Right after the last decision control, before anything else that takes focus.
    last_decision = first.rindex("</form>", 0, first.index('id="skip-hint"'))
    assert first.index('id="decide-heading"') < last_decision < link.start()
    assert not FOCUSABLE.search(first[last_decision : link.start()])
    assert first.index('id="skip-hint"') < first.index("Kommentaren där invånarna ser den")
    assert "Visar nästa kommentar i kön utan beslut. Den här ligger kvar i kön." in first

    before = written()
    second = moderator.get(skip_target(first)).get_data(as_text=True)
    assert f'tabindex="-1">Kommentar {world["second"].id}</h1>' in second
    assert "Kommentar 2 av 3 i kön ”Väntar på godkännande”" in second
    assert skip_target(second) == f"{DESK}/{world['third'].id}?queue=approval#item-heading"
    # Skipping changed nothing: the skipped comment waits in the queue, nothing was recorded.
    assert written() == before
    assert status_of(world["pending"].id) == "pending"
    lund = world["goal"].plan.municipality_id
    assert queries.count_in(lund, Queue.APPROVAL) == 3


def test_from_the_last_comment_skip_says_there_is_nothing_further(moderator, world):
    last = moderator.get(f"{DESK}/{world['third'].id}?queue=approval").get_data(as_text=True)
    assert "Kommentar 3 av 3 i kön ”Väntar på godkännande”" in last
    assert skip_target(last) is None and ">Hoppa över</a>" not in last
    assert "Det här är den sista kommentaren i kön: det finns ingen fler att hoppa till." in last
    start = f"{DESK}/{world['pending'].id}?queue=approval#item-heading"
    assert f'<a class="button-link" href="{start}">Tillbaka till början av kön</a>' in last
    english = moderator.get(f"{DESK}/{world['third'].id}?queue=approval&lang=en")
    assert "This is the last comment in the queue: there is nothing further" in english.text
    assert ">Back to the start of the queue</a>" in english.text
    alone = moderator.get(f"{DESK}/{world['held'].id}?queue=word_list").get_data(as_text=True)
    assert "Kommentar 1 av 1" in alone and skip_target(alone) is None
    assert "Det här är den enda kommentaren i kön: det finns ingen att hoppa till." in alone
    assert "Tillbaka till början av kön" not in alone


def test_a_comment_outside_the_queue_offers_no_skip(moderator, world):
    page = moderator.get(f"{DESK}/{world['pending'].id}?queue=reported").get_data(as_text=True)
    assert skip_target(page) is None and "Tillbaka till början" not in page


def test_comments_sent_in_the_same_instant_are_walked_by_id_without_coming_round(app, world):
    world["third"].created_at = world["second"].created_at
    db.session.commit()
    lund = world["goal"].plan.municipality_id
    order = [world["pending"], world["second"], world["third"]]
    walked = [order[0].id]
    while len(walked) <= 3:
        following = queries.after_in(lund, Queue.APPROVAL, db.session.get(Comment, walked[-1]))
        if following is None:
            break
        walked.append(following)
    assert walked == [c.id for c in order]
    assert queries.first_in(lund, Queue.APPROVAL) == order[0].id


@pytest.fixture
def other_goal(world):
    """A second Lund goal with one comment awaiting approval, sent between pending and second:
    a goal filter must pass over it."""
    plan = world["goal"].plan
    goal = Goal(plan=plan, title="Gröna stråk", description="Träd.", kind="goal")
    db.session.add(goal)
    db.session.flush()
    between = comment_on(goal, world["author"], "Om stråken.", CommentStatus.PENDING, "approval")
    between.created_at = world["pending"].created_at + timedelta(microseconds=1)
    world["second"].created_at = between.created_at + timedelta(seconds=1)
    world["third"].created_at = between.created_at + timedelta(seconds=2)
    db.session.commit()
    return goal, between


def test_skip_keeps_the_filters_and_counts_within_them(moderator, world, other_goal):
    _goal, between = other_goal
    parks = world["goal"].id
    desk = moderator.get(f"{DESK}?queue=approval&goal={parks}").get_data(as_text=True)
    opened = f"{DESK}/{world['pending'].id}?queue=approval&amp;goal={parks}"
    assert f'href="{opened}#item-heading"' in desk  # the list's links carry the filter to the item

    first = moderator.get(opened.replace("&amp;", "&")).get_data(as_text=True)
    assert "Kommentar 1 av 3 i kön ”Väntar på godkännande”, filtrerad" in first
    target = f"{DESK}/{world['second'].id}?queue=approval&goal={parks}#item-heading"
    assert skip_target(first) == target  # past the other goal's comment
    back = f'href="{DESK}?queue=approval&amp;goal={parks}"'
    assert back in first  # the way back to the desk keeps the filter too
    second = moderator.get(target).get_data(as_text=True)
    assert "Kommentar 2 av 3 i kön ”Väntar på godkännande”, filtrerad" in second

    unfiltered = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval").text
    assert "Kommentar 1 av 4 i kön ”Väntar på godkännande”</p>" in unfiltered
    assert skip_target(unfiltered) == f"{DESK}/{between.id}?queue=approval#item-heading"

    last = moderator.get(f"{DESK}/{world['third'].id}?queue=approval&goal={parks}").text
    start = f"{DESK}/{world['pending'].id}?queue=approval&amp;goal={parks}#item-heading"
    assert f'href="{start}">Tillbaka till början av kön</a>' in last


def test_a_decision_in_a_filtered_queue_moves_on_within_the_filter(moderator, world, other_goal):
    parks = world["goal"].id
    page = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval&goal={parks}").text
    assert f'<input type="hidden" name="goal" value="{parks}">' in page
    data = fields(moderator, world["pending"], "publish") | {"goal": str(parks)}
    response = moderator.post(f"{DESK}/{world['pending'].id}/beslut", data=data)
    assert response.headers["Location"].endswith(
        f"{DESK}/{world['second'].id}?queue=approval&goal={parks}&decided={world['pending'].id}"
    )


def test_filters_that_are_not_filters_are_left_out(moderator, world):
    assert not Filters.read(
        {"plan": "x", "reason": "nonsense", "since": "2026-13-40"}, Queue.REPORTED
    )
    assert Filters.read({"reason": "spam", "until": "2026-12-06"}, Queue.REPORTED).args() == {
        "reason": "spam",
        "until": "2026-12-06",
    }
    # A reason only narrows the queue of reports.
    assert Filters.read({"reason": "spam"}, Queue.APPROVAL).args() == {}
    page = moderator.get(
        f"{DESK}/{world['pending'].id}?queue=approval&goal=abc&since=igår"
    ).get_data(as_text=True)
    assert skip_target(page) == f"{DESK}/{world['second'].id}?queue=approval#item-heading"


def test_skip_in_english(moderator, world):
    page = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval&lang=en").text
    assert SKIP.search(page).group(2) == "Skip"
    assert "Shows the next comment in the queue without a decision." in page


def test_a_note_or_a_block_returns_to_the_comment_in_its_queue_and_filters(moderator, world):
    """Saving a note or blocking the writer came back to the comment without its queue: the
    page then named the wrong queue, lost "n of N" and so Skip."""
    parks, comment = world["goal"].id, world["second"]
    here = f"{DESK}/{comment.id}?queue=approval&goal={parks}"
    page = moderator.get(here).get_data(as_text=True)
    token = form_fields(page)["csrf_token"]
    carried = {"csrf_token": token, "queue": "approval", "goal": str(parks)}
    assert page.count(f'<input type="hidden" name="goal" value="{parks}">') == 4  # 2 decisions
    noted = moderator.post(f"{DESK}/{comment.id}/anteckning", data=carried | {"body": "Vänta."})
    assert noted.headers["Location"].endswith(f"{here}#notes")
    after = moderator.get(noted.headers["Location"]).get_data(as_text=True)
    assert "Kommentar 2 av 3 i kön ”Väntar på godkännande”, filtrerad" in after
    assert skip_target(after) == f"{DESK}/{world['third'].id}?queue=approval&goal={parks}" + (
        "#item-heading"
    )
    empty = moderator.post(f"{DESK}/{comment.id}/anteckning", data=carried | {"body": " "})
    assert "Kommentar 2 av 3 i kön ”Väntar på godkännande”, filtrerad" in empty.text
    blocked = moderator.post(
        f"{DESK}/{comment.id}/blockera",
        data=carried | {"period": "7", "justification": "Reklam gång på gång."},
    )
    assert blocked.headers["Location"].endswith(here)
    lifted = moderator.post(f"{DESK}/{comment.id}/hav-blockering", data=carried)
    assert lifted.headers["Location"].endswith(here)


def test_a_selection_decided_in_a_filtered_list_returns_to_that_list(moderator, world):
    parks = world["goal"].id
    desk = moderator.get(f"{DESK}?queue=approval&goal={parks}").get_data(as_text=True)
    bulk = desk.split('action="/hantera/lund/moderering/urval"', 1)[1].split("</form>", 1)[0]
    assert f'<input type="hidden" name="goal" value="{parks}">' in bulk
    pending = world["pending"]
    data = {
        "bulk-csrf_token": form_fields(desk)["bulk-csrf_token"],
        "bulk-action": "publish",
        "bulk-queue": "approval",
        "goal": str(parks),
        "selected": [str(pending.id)],
        f"version-{pending.id}": "1",
    }
    response = moderator.post(f"{DESK}/urval", data=data)
    assert response.headers["Location"].endswith(
        f"{DESK}?queue=approval&goal={parks}&decided={pending.id}"
    )
    assert status_of(pending.id) == "published"


def test_after_a_skip_a_decision_moves_forward_not_back_to_the_skipped(moderator, world):
    """Skip the first, decide the second: the third follows, not the first again. After the
    last, the list, which still holds the skipped one."""
    second, third = world["second"], world["third"]
    landed = moderator.post(
        f"{DESK}/{second.id}/beslut", data=fields(moderator, second, "publish")
    ).headers["Location"]
    assert landed.endswith(f"{DESK}/{third.id}?queue=approval&decided={second.id}")
    page = moderator.get(landed).get_data(as_text=True)
    assert "Kommentar 2 av 2 i kön ”Väntar på godkännande”" in page
    assert "Det här är den sista kommentaren i kön" in page
    done = moderator.post(
        f"{DESK}/{third.id}/beslut", data=fields(moderator, third, "publish"), follow_redirects=True
    ).get_data(as_text=True)
    assert "1 kommentar återstår i ”Väntar på godkännande”." in done
    assert "<h2>Väntar på godkännande</h2>" in done
    assert f'href="{DESK}/{world["pending"].id}?queue=approval#item-heading"' in done
    assert status_of(world["pending"].id) == "pending"


def test_a_comment_someone_else_decided_offers_the_next_in_the_queue(moderator, world):
    """Told that another moderator got there first, the moderator goes on from that comment's
    page to the next one in the queue, without returning to the list."""
    first, second = world["pending"], world["second"]
    stale = fields(moderator, first, "publish")
    moderator.post(f"{DESK}/{first.id}/beslut", data=stale)
    again = moderator.post(f"{DESK}/{first.id}/beslut", data=stale, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert "Någon annan har redan hanterat kommentaren" in page
    assert f'href="{DESK}/{second.id}?queue=approval#item-heading"' in page
