"""The reported queue is worked first reported, first handled: by each comment's oldest open
report, not by when the comment was written (a comment written long ago but reported a minute
ago went to the front, and the report that had waited longest was buried). The list, its pages,
"n of N", Skip, the next comment after a decision and "choose all" follow that order; a report
a moderator has dealt with does not count."""

import re
from datetime import timedelta

import pytest

from dialog.accounts.roles import Role
from dialog.core import dates
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation import queries
from dialog.moderation.queries import Position, Queue
from dialog.participation.models import Report
from tests.factories import counted_queries, make_goal, make_user
from tests.moderation.helpers import comment_on
from tests.moderation.test_desk_pages import DESK, status_of
from tests.moderation.test_skip import skip_target
from tests.officials import make_official, sign_in_official

LISTED = re.compile(rf'<h3 class="comment-heading"><a href="{DESK}/(\d+)\?queue=reported')


def report(comment, ago: timedelta, dealt_with_ago: timedelta | None = None) -> Report:
    """A report made `ago`, dealt with `dealt_with_ago` (None: still open)."""
    now = utcnow()
    reporter = make_user(f"reporter-{comment.id}-{ago.total_seconds():.0f}@example.se", "Rep")
    found = Report(
        comment_id=comment.id,
        user_id=reporter.id,
        reason="spam",
        created_at=now - ago,
        resolved_at=None if dealt_with_ago is None else now - dealt_with_ago,
    )
    db.session.add(found)
    return found


@pytest.fixture
def world(app_context):
    """Comments written in the order early, middle, late, reported in the order middle (3 hours
    ago), late (2 hours ago), early (1 hour ago; its report of 4 days ago was dismissed 2 days
    ago, and late's of 5 days ago too). `settled` has only a dismissed report: in no queue."""
    goal = make_goal(slug="lund")
    author = make_user("author@example.se", "Author")
    make_official("mod@lund.se", [("lund", Role.MODERATOR)], name="Mo")
    written = utcnow() - timedelta(days=10)
    found = {}
    for n, name in enumerate(("settled", "early", "middle", "late")):
        comment = comment_on(goal, author, f"Kommentaren {name}.")
        comment.created_at = written + timedelta(hours=n)
        found[name] = comment
    report(found["settled"], timedelta(days=6), dealt_with_ago=timedelta(days=5))
    report(found["early"], timedelta(days=4), dealt_with_ago=timedelta(days=2))
    report(found["early"], timedelta(hours=1))
    report(found["middle"], timedelta(hours=3))
    report(found["middle"], timedelta(minutes=5))
    report(found["late"], timedelta(days=5), dealt_with_ago=timedelta(days=2))
    report(found["late"], timedelta(hours=2))
    db.session.commit()
    found["goal"], found["author"] = goal, author
    found["lund"] = goal.plan.municipality_id
    return found


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def listed(page: str) -> list[int]:
    return [int(n) for n in LISTED.findall(page)]


def ids(world, *names: str) -> list[int]:
    return [world[name].id for name in names]


def dismissed(client, comment) -> str:
    """Dismiss the comment's reports from its page in the reported queue; where it leads."""
    page = client.get(f"{DESK}/{comment.id}?queue=reported").get_data(as_text=True)
    found = dict(re.findall(r'<input[^>]*name="(dismiss-[^"]+)"[^>]*value="([^"]*)"', page))
    data = {
        "do": "dismiss",
        "dismiss-csrf_token": found["dismiss-csrf_token"],
        "dismiss-version": found["dismiss-version"],
        "dismiss-queue": "reported",
    }
    response = client.post(f"{DESK}/{comment.id}/beslut", data=data)
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_list_is_ordered_by_the_oldest_open_report(moderator, world):
    page = moderator.get(f"{DESK}?queue=reported").get_data(as_text=True)
    assert listed(page) == ids(world, "middle", "late", "early")
    assert "3 kommentarer, äldsta anmälan först" in page
    assert 'Anmälda <span class="count">(3)</span>' in page  # not the one dealt with
    assert "Kommentaren settled." not in page
    # How long each has waited, by its oldest open report (not the dismissed ones).
    middle = page.split(f"{DESK}/{world['middle'].id}?", 1)[1].split("</li>", 1)[0]
    assert re.search(r'<time datetime="[^"]+">Anmäld för 3 timmar sedan</time>', middle)
    early = page.split(f"{DESK}/{world['early'].id}?", 1)[1].split("</li>", 1)[0]
    assert "Anmäld för 1 timme sedan" in early and "dagar sedan" not in early
    english = moderator.get(f"{DESK}?queue=reported&lang=en").get_data(as_text=True)
    assert "3 comments, oldest report first" in english
    assert "Reported 3 hours ago</time>" in english
    # The other queues keep their order and say so, without a report's wait.
    approval = moderator.get(f"{DESK}?queue=approval").get_data(as_text=True)
    assert "0 kommentarer, den som väntat längst först" in approval and "Anmäld för" not in approval


def test_the_pages_and_choose_all_follow_the_order(app, moderator, world, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION_PER_PAGE", 2)
    first = moderator.get(f"{DESK}?queue=reported").get_data(as_text=True)
    assert listed(first) == ids(world, "middle", "late")
    second = moderator.get(f"{DESK}?queue=reported&page=2").get_data(as_text=True)
    assert listed(second) == ids(world, "early")
    chosen = moderator.get(f"{DESK}?queue=reported&chosen=all").get_data(as_text=True)
    ticked = re.findall(r'name="selected" value="(\d+)"[^>]*checked', chosen)
    assert [int(n) for n in ticked] == ids(world, "middle", "late")


def test_position_skip_and_start_follow_the_order(moderator, world):
    lund = world["lund"]
    assert queries.first_in(lund, Queue.REPORTED) == world["middle"].id
    for number, name in enumerate(("middle", "late", "early"), start=1):
        assert queries.position_in(lund, Queue.REPORTED, world[name]) == Position(number, 3)
    assert queries.position_in(lund, Queue.REPORTED, world["settled"]) is None
    first = moderator.get(f"{DESK}/{world['middle'].id}?queue=reported").get_data(as_text=True)
    assert "Kommentar 1 av 3 i kön ”Anmälda”" in first
    assert skip_target(first) == f"{DESK}/{world['late'].id}?queue=reported#item-heading"
    second = moderator.get(skip_target(first)).get_data(as_text=True)
    assert skip_target(second) == f"{DESK}/{world['early'].id}?queue=reported#item-heading"
    last = moderator.get(skip_target(second)).get_data(as_text=True)
    assert "Kommentar 3 av 3 i kön ”Anmälda”" in last and skip_target(last) is None
    start = f"{DESK}/{world['middle'].id}?queue=reported#item-heading"
    assert f'<a class="button-link" href="{start}">Tillbaka till början av kön</a>' in last


def test_after_a_decision_the_next_is_the_next_reported(moderator, world):
    """Its reports dealt with, the decided comment keeps its place for finding the next one:
    the oldest of the reports the decision settled, not an older dismissed one, nor when it
    was written."""
    assert dismissed(moderator, world["middle"]).endswith(
        f"{DESK}/{world['late'].id}?queue=reported&decided={world['middle'].id}"
    )
    assert dismissed(moderator, world["late"]).endswith(
        f"{DESK}/{world['early'].id}?queue=reported&decided={world['late'].id}"
    )
    early = world["early"].id
    assert dismissed(moderator, world["early"]).endswith(f"{DESK}?queue=reported&decided={early}")
    assert queries.count_in(world["lund"], Queue.REPORTED) == 0


def test_after_a_skip_a_decision_moves_forward_in_the_report_order(moderator, world):
    """Skip the first reported, decide the second: the third follows, not the skipped one
    (which the late comment's dismissed report of 5 days ago, or its writing time, would
    bring back), and the skipped one is still waiting."""
    landed = dismissed(moderator, world["late"])
    assert landed.endswith(f"{DESK}/{world['early'].id}?queue=reported&decided={world['late'].id}")
    page = moderator.get(landed).get_data(as_text=True)
    assert "Kommentar 2 av 2 i kön ”Anmälda”" in page
    assert status_of(world["middle"].id) == "published"
    assert queries.first_in(world["lund"], Queue.REPORTED) == world["middle"].id


def test_a_report_made_since_the_decision_puts_the_comment_at_the_back(moderator, world):
    """Dismissed, then reported again now: the comment waits behind the others."""
    dismissed(moderator, world["middle"])
    report(world["middle"], timedelta(minutes=10))
    db.session.commit()
    page = moderator.get(f"{DESK}?queue=reported").get_data(as_text=True)
    assert listed(page) == ids(world, "late", "early", "middle")
    assert "Anmäld för 10 minuter sedan" in page


def test_the_order_is_read_in_the_queue_statements_not_per_comment(app, moderator, world):
    """The report order is a correlated subquery of each statement: the list and its wait times
    take as many statements for 3 reported comments as for 9, and "n of N" and the next one
    one statement each."""
    url = f"{DESK}?queue=reported"
    moderator.get(url)  # warm: the session, the municipality
    with counted_queries(app) as few:
        moderator.get(url)
    for n in range(6):
        more = comment_on(world["goal"], world["author"], f"Fler {n}.")
        report(more, timedelta(hours=n))
    db.session.commit()
    with counted_queries(app) as many:
        page = moderator.get(url).get_data(as_text=True)
    assert len(listed(page)) == 9
    assert len(many) == len(few), many
    late = world["late"]
    assert late.id  # loaded before counting
    with counted_queries(app) as statements:
        queries.position_in(world["lund"], Queue.REPORTED, late)
        queries.after_in(world["lund"], Queue.REPORTED, late)
    assert len(statements) == 2


def test_the_waits_are_told_from_one_moment_for_the_whole_page(moderator, world, monkeypatch):
    """Each wait was told from the moment its line was rendered: a slow page (the first comment
    text formatted) said "3 seconds ago" above "4 seconds ago" for two reports made in the
    same second, against the order the list is in."""
    start = utcnow()
    moments = iter(start + timedelta(hours=n) for n in range(1, 100))
    monkeypatch.setattr(dates, "utcnow", lambda: next(moments))  # a clock that races on
    page = moderator.get(f"{DESK}?queue=reported").get_data(as_text=True)
    waits = re.findall(r">Anmäld för (\d+ \w+) sedan</time>", page)
    assert waits == ["3 timmar", "2 timmar", "1 timme"]
    assert dates.ago(start - timedelta(minutes=90), start) == "för 2 timmar sedan"
