"""A goal page loads comments, replies and the reader's reactions in a fixed number of queries."""

import pytest

from dialog.extensions import db
from dialog.participation import services, subjects
from dialog.participation.models import ReactionKind
from tests.factories import counted_queries, form_fields, make_goal, make_user, sign_in


def add_comments(goal, viewer, first: int, last: int) -> None:
    """Comments number first..last-1, each by its own author (so that loading authors one by one
    would show); every third has two replies, and the viewer reacts to the others' comments and
    reports every fifth."""
    for n in range(first, last):
        author = viewer if n % 7 == 0 else make_user(f"skribent{n}@example.se", f"Skribent {n}")
        comment = services.post_comment(goal, author, f"Kommentar {n}.", None, f"top-{n}").comment
        if n % 3 == 0:
            for r in range(2):
                replier = make_user(f"svar{n}-{r}@example.se", f"Svarare {n}-{r}")
                reply = services.post_comment(
                    goal, replier, f"Svar {n}-{r}.", None, f"reply-{n}-{r}", parent=comment
                ).comment
                services.react(reply, viewer, ReactionKind.DISAGREE)
        if author is not viewer:
            services.react(comment, viewer, ReactionKind.AGREE)
            if n % 5 == 1:  # and reports some: each says so, from the same one statement
                services.report_comment(comment, viewer, "spam", None)
    db.session.commit()


@pytest.mark.parametrize("query", ["", "?sort=oldest", "?sort=agreed", "?sort=replies"])
def test_goal_page_queries_do_not_grow_with_comments(app, client, app_context, query):
    goal = make_goal()
    viewer = make_user()
    url = f"/mal/{goal.id}{query}"
    add_comments(goal, viewer, 0, 3)
    sign_in(client)

    with counted_queries(app) as few:
        page = client.get(url).get_data(as_text=True)
    assert '<span class="count">(5 kommentarer och svar)</span>' in page
    assert page.count('class="comment reply"') == 2
    assert 'aria-pressed="true"' in page
    assert page.count("Anmäld av dig") == 1

    add_comments(goal, viewer, 3, 60)
    with counted_queries(app) as many:
        response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span class="count">(100 kommentarer och svar)</span>' in page
    assert page.count('<article class="comment" ') == 50
    assert page.count('class="comment reply"') >= 30
    assert page.count('aria-pressed="true"') >= 40
    assert page.count("Anmäld av dig") >= 5

    assert len(many) == len(few), "\n".join(many)


def test_posting_a_comment_takes_few_statements(app, client, app_context):
    """Posting is the busiest write: the account, then the goal with any block and the
    moderation policy (one statement, participation/posting.py), then the comment, the
    participant (the goal's and, when new there, the plan's), the tally and the pages' cache
    version, which on PostgreSQL are one statement (elsewhere up to five); nothing read twice
    or after the commit. Whether the form
    was sent before is asked only when a limit refuses it (accounts/limits.py
    `refused_unless`)."""
    goal = make_goal()
    make_user()
    sign_in(client)
    url = f"/mal/{goal.id}"
    add_comments(goal, make_user("annan@example.se", "Annan"), 0, 3)
    postgresql = db.engine.dialect.name == "postgresql"
    limit = 3 if postgresql else 7
    for n in range(2):
        fields = form_fields(client.get(url).get_data(as_text=True))
        with counted_queries(app) as statements:
            response = client.post(
                f"{url}/kommentera",
                data={
                    "body": f"Fler lampor i parken, tack ({n}).",
                    "csrf_token": fields["csrf_token"],
                    "submission_token": fields["submission_token"],
                },
            )
        assert response.status_code == 302
        assert len(statements) <= limit, "\n".join(statements)
        writes = [s for s in statements if not s.lstrip().upper().startswith("SELECT")]
        assert len(writes) == 1 if postgresql else len(writes) >= 3, "\n".join(statements)
    assert subjects.comment_count(goal) == 5
