"""Officials' tags, stored through the page, reach the next background computation."""

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.themes import queries
from dialog.themes.models import ThemeMember
from tests.factories import csrf, make_goal, make_user
from tests.officials import make_official, sign_in_official
from tests.themes.fixture import add_comments, read


@pytest.fixture
def goal_and_comments(app_context):
    goal = make_goal(slug="testkommun")
    concerns, texts = read("fixture")
    made = add_comments(goal, make_user("boende@example.se", "Boende"), texts[:120])
    db.session.commit()
    by_concern: dict[str, list[int]] = {}
    for concern, comment in zip(concerns[:120], made, strict=True):
        by_concern.setdefault(concern, []).append(comment.id)
    return goal, by_concern


def test_tags_given_on_the_page_decide_the_next_computation(client, goal_and_comments):
    """Tags the text alone would never make: one concern split in two, and two concerns in one.
    Without the tags reaching the method, the split cycling comments share a theme and the
    mixed ones fall into their own concerns' themes."""
    goal, by_concern = goal_and_comments
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    page = f"/hantera/testkommun/teman/mal/{goal.id}"
    token = csrf(client, page)
    wanted = {
        "Norr": by_concern["cykel"][:4],
        "Söder": by_concern["cykel"][4:8],
        "Kvällar": by_concern["buss"][:2] + by_concern["belysning"][:2],
    }
    for name, ids in wanted.items():
        for comment_id in ids:
            answer = client.post(
                f"/hantera/testkommun/teman/kommentar/{comment_id}/taggar",
                data={"csrf_token": token, "name": name},
            )
            assert answer.status_code == 302
    assert client.post(page + "/berakna", data={"csrf_token": token}).status_code == 302

    db.session.expire_all()
    run = queries.latest_run(goal_id=goal.id)
    assert run is not None and run.status == "done"
    theme_of = dict(
        db.session.execute(
            select(ThemeMember.comment_id, ThemeMember.theme_id).where(ThemeMember.run_id == run.id)
        ).all()
    )
    themes = {name: {theme_of.get(i) for i in ids} for name, ids in wanted.items()}
    assert all(len(found) == 1 and None not in found for found in themes.values()), themes
    assert len({found.pop() for found in themes.values()}) == 3
