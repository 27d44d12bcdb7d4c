"""Every count of comments residents are shown counts what they can read: published comments
and replies, and a comment from another channel only once an official published it; never a
pending, rejected, hidden or withdrawn one. The lists, the plan, goal and focus area pages, the
API and the search agree with each other and with the summary's "shown on the site"."""

import re

import pytest

from dialog.catalogue.models import FocusArea
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation import services
from dialog.participation.activity import goal_counts, plan_counts
from dialog.participation.models import Comment, RatingQuestion
from dialog.participation.subjects import count_comment, count_participant
from tests.factories import make_goal, make_user

#: What the fixture's goal and focus area show residents (worked out in `dialogue`).
GOAL_SHOWN, AREA_SHOWN = 5, 2
#: The people residents can see took part: Anna and Bo wrote what they can read, Dag rated;
#: Cy's comments are all pending, hidden or rejected (the plan: the same three; on the focus
#: area, Anna and Bo).
GOAL_PEOPLE, PLAN_PEOPLE = 3, 3


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def dialogue(app_context):
    """A goal in a focus area, with comments and replies in every status and from a paper
    form, and a few comments on the focus area itself."""
    goal = make_goal()
    area = FocusArea(plan=goal.plan, title="Trygghet", kind="focus_area")
    goal.focus_area = area
    db.session.add(area)
    db.session.commit()
    anna, bo, cy = make_user(), make_user("bo@example.se", "Bo"), make_user("cy@example.se", "Cy")
    made = iter(range(1000))

    def add(subject, author, status="published", parent=None, **extra):
        column = "focus_area_id" if isinstance(subject, FocusArea) else "goal_id"
        comment = Comment(
            **{column: subject.id},
            author_id=author.id if author else None,
            parent_id=parent.id if parent else None,
            body=extra.pop("body", f"Synpunkt {status}"),
            status=status,
            submission_token=f"token-{next(made)}",
            **extra,
        )
        db.session.add(comment)
        db.session.flush()
        if parent is None and comment.is_public:
            count_comment(subject)  # the list holds it, as storing and publishing count it
        if author is not None and not comment.is_official:
            count_participant(subject, author.id)  # as storing does, whatever the status
        return comment

    # The goal: shown are the first comment, bo's reply and the municipality's reply to it,
    # a published reply below a hidden comment, and a published paper form: 5.
    first = add(goal, anna)
    add(goal, bo, parent=first)
    add(goal, bo, parent=first, is_official=True)
    add(goal, cy, "pending", parent=first)
    add(goal, cy, "hidden", parent=first)
    hidden = add(goal, cy, "hidden")
    add(goal, bo, parent=hidden)
    add(goal, cy, "pending")
    add(goal, cy, "rejected")
    add(goal, bo, "withdrawn")
    add(goal, None, channel="paper", body="Pappersblankett opublicerad")
    add(goal, None, channel="paper", published_at=first.created_at, body="Pappersblankett visad")
    dag = make_user("dag@example.se", "Dag")
    services.rate(goal, dag, {RatingQuestion.IMPORTANCE: 4})
    # The focus area: a comment and a reply shown, a pending comment not: 2.
    own = add(area, anna)
    add(area, bo, parent=own)
    add(area, cy, "pending")
    db.session.commit()
    return goal, area


def test_the_pages_count_what_residents_can_read(dialogue, client):
    goal, area = dialogue
    plan_url = f"/kommun/testkommun/plan/{goal.plan.slug}"
    everything = GOAL_SHOWN + AREA_SHOWN
    for url in ("/", "/kommun/testkommun", plan_url):
        page = text(client.get(url).get_data(as_text=True))
        assert f"{everything} kommentarer och svar" in page, url
    plan = text(client.get(plan_url).get_data(as_text=True))
    assert f"Trygga parker Mål {GOAL_SHOWN} kommentarer och svar" in plan
    focus = client.get(f"/fokusomrade/{area.id}").get_data(as_text=True)
    assert f"{GOAL_SHOWN} kommentarer och svar" in text(focus)  # the goal in its list
    assert f'<span class="count">({AREA_SHOWN} kommentarer och svar)</span>' in focus
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert f"Till kommentarerna ({GOAL_SHOWN} kommentarer och svar)" in page
    assert f'<span class="count">({GOAL_SHOWN} kommentarer och svar)</span>' in page
    english = text(client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True))
    assert f"To the comments ({GOAL_SHOWN} comments and replies)" in english


def test_the_people_counted_are_those_residents_can_see_took_part(dialogue, client):
    """Cy, whose comments are all pending, hidden or rejected, was counted among the
    participants (the tally counts an account from its first comment, whatever a moderator
    decides); the municipality's answer and the paper forms are no one's. The words say who is
    counted: people who commented or rated."""
    goal, _area = dialogue
    plan_url = f"/kommun/testkommun/plan/{goal.plan.slug}"
    everything = GOAL_SHOWN + AREA_SHOWN
    people = f"{PLAN_PEOPLE} personer har kommenterat eller betygsatt"
    for url in ("/", "/kommun/testkommun", plan_url):
        page = text(client.get(url).get_data(as_text=True))
        assert f"{everything} kommentarer och svar · {people}" in page, url
    plan = text(client.get(plan_url).get_data(as_text=True))
    assert (
        f"Trygga parker Mål {GOAL_SHOWN} kommentarer och svar · {GOAL_PEOPLE} personer har "
        "kommenterat eller betygsatt" in plan
    )
    english = text(client.get(f"{plan_url}?lang=en").get_data(as_text=True))
    assert f"{everything} comments and replies · {PLAN_PEOPLE} people commented or rated" in english
    assert goal_counts([goal.id])[goal.id].participants == GOAL_PEOPLE
    assert plan_counts([goal.plan_id])[goal.plan_id].participants == PLAN_PEOPLE


def test_the_counts_agree_with_the_summary(dialogue):
    """The summary's comments and replies "shown on the site" for the plan, as residents are
    told on its page."""
    goal, _area = dialogue
    summary = summarise("Planen", queries.of_plan(goal.plan_id), Filter())
    assert sum(row.shown for row in summary.channels) == GOAL_SHOWN + AREA_SHOWN


def test_the_api_counts_as_the_pages(dialogue, client):
    goal, area = dialogue
    assert client.get(f"/api/v1/goals/{goal.id}").get_json()["comment_count"] == GOAL_SHOWN
    found = client.get(f"/api/v1/focus-areas/{area.id}").get_json()
    assert found["comment_count"] == AREA_SHOWN


def test_search_finds_only_what_residents_can_read(dialogue, client):
    """A paper form not yet published on the goal page was found, text and all."""
    page = text(client.get("/sok?q=pappersblankett").get_data(as_text=True))
    assert "Pappersblankett visad" in page
    assert "opublicerad" not in page
    assert "1 träff för ”pappersblankett”. Kommentarer (1)" in page
