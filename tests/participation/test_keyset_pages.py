"""Pages of comments by cursor: every comment once, in order, forwards and back, every sort."""

import re

import pytest

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, ReactionKind
from tests.factories import make_goal, make_user

PER_PAGE = 4
NAMES = re.compile(r"Kommentar (\d+)\.")
NEXT = re.compile(r'rel="next" href="([^"#]+)')
PREV = re.compile(r'rel="prev" href="([^"#]+)')


@pytest.fixture
def goal_with_comments(app, app_context):
    """Eleven top-level comments with tied agree and reply counts, so ties are ordered by id."""
    app.config["COMMENTS_PER_PAGE"] = PER_PAGE
    goal = make_goal()
    authors = [make_user(f"u{n}@example.se", f"U {n}") for n in range(4)]
    comments = []
    for n in range(11):
        posted = services.post_comment(goal, authors[0], f"Kommentar {n}.", None, f"t-{n}")
        comments.append(posted.comment)
    for n, comment in enumerate(comments):
        for reader in authors[1 : 1 + n % 3]:
            services.react(comment, reader, ReactionKind.AGREE)
        for r in range(n % 2):
            services.post_comment(
                goal, authors[1], f"Svar {n}-{r}.", None, f"r-{n}-{r}", parent=comment
            )
    db.session.commit()
    yield goal
    app.config["COMMENTS_PER_PAGE"] = 50


def _expected(goal, sort: str) -> list[int]:
    tops = db.session.scalars(
        db.select(Comment).where(Comment.goal_id == goal.id, Comment.parent_id.is_(None))
    ).all()
    keys = {
        "newest": lambda c: (-c.id,),
        "oldest": lambda c: (c.id,),
        "agreed": lambda c: (-c.agree_count, -c.id),
        "replies": lambda c: (-c.reply_count, -c.id),
    }
    return [int(NAMES.search(c.body).group(1)) for c in sorted(tops, key=keys[sort])]


def _shown(page: str) -> list[int]:
    return [int(n) for n in NAMES.findall(page)]


@pytest.mark.parametrize("sort", ["newest", "oldest", "agreed", "replies"])
def test_cursor_pages_cover_every_comment_once_forwards_and_back(client, goal_with_comments, sort):
    expected = _expected(goal_with_comments, sort)
    url = f"/mal/{goal_with_comments.id}?sort={sort}"
    pages = []
    while url:
        page = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
        pages.append(_shown(page))
        found = NEXT.search(page)
        url = found.group(1) if found else None
    assert [n for p in pages for n in p] == expected
    assert [len(p) for p in pages] == [4, 4, 3]

    # Back from the last page by the "previous" links: the same pages in reverse.
    back = []
    while True:
        found = PREV.search(page)
        if not found:
            break
        page = client.get(found.group(1).replace("&amp;", "&")).get_data(as_text=True)
        back.append(_shown(page))
    assert back == pages[-2::-1]
    assert 'rel="prev"' not in page


def test_a_cursor_page_is_the_same_page_as_the_old_page_number(client, goal_with_comments):
    first = client.get(f"/mal/{goal_with_comments.id}?sort=agreed").get_data(as_text=True)
    by_cursor = client.get(NEXT.search(first).group(1).replace("&amp;", "&"))
    by_number = client.get(f"/mal/{goal_with_comments.id}?sort=agreed&page=2")
    assert _shown(by_cursor.get_data(as_text=True)) == _shown(by_number.get_data(as_text=True))
    beyond = client.get(f"/mal/{goal_with_comments.id}?page=99")
    assert beyond.status_code == 200 and _shown(beyond.get_data(as_text=True)) == []
