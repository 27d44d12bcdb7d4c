"""Pages of comments by cursor: every comment once, in order, forwards and back, every sort."""

import re

import pytest

from dialog.accounts.models import User
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


WHERE = re.compile(r'<li class="page-of">([^<]+)</li>')


@pytest.mark.parametrize("sort", ["newest", "agreed"])
def test_each_page_says_which_of_how_many_it_is_forwards_and_back(client, goal_with_comments, sort):
    """The paging said "Previous page" and "Next page" only: a reader could not tell where in
    the comments they were, nor how many pages there were."""
    url = f"/mal/{goal_with_comments.id}?sort={sort}"
    said = []
    while url:
        page = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
        nav = page[page.index('<nav class="pagination"') :]
        said.append(WHERE.search(nav[: nav.index("</nav>")]).group(1))
        found = NEXT.search(page)
        url = found.group(1) if found else None
    assert said == ["Sida 1 av 3", "Sida 2 av 3", "Sida 3 av 3"]
    back = client.get(PREV.search(page).group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert WHERE.search(back).group(1) == "Sida 2 av 3"
    assert _shown(back) == _expected(goal_with_comments, sort)[4:8]
    english = client.get(f"/mal/{goal_with_comments.id}?sort={sort}&page=2&lang=en")
    assert WHERE.search(english.get_data(as_text=True)).group(1) == "Page 2 of 3"


def test_a_page_shifted_by_a_new_comment_is_counted_as_a_page_of_its_own(
    client, goal_with_comments
):
    """Two new comments after the reader took the link to page 2 (newest first): the page
    holds the 7th to 10th newest, and "Previous page" leads to the 3rd to 6th, then to the
    two newest: it is page 3 of 4, and the first page says 1 of 4 (13 comments, 4 a page)."""
    first = client.get(f"/mal/{goal_with_comments.id}").get_data(as_text=True)
    second = NEXT.search(first).group(1).replace("&amp;", "&")
    author = db.session.scalar(db.select(Comment.author_id).limit(1))
    for n in (11, 12):
        services.post_comment(
            goal_with_comments, db.session.get(User, author), f"Kommentar {n}.", None, f"t-{n}"
        )
    db.session.commit()
    page = client.get(second).get_data(as_text=True)
    assert WHERE.search(page).group(1) == "Sida 3 av 4"
    front = client.get(f"/mal/{goal_with_comments.id}").get_data(as_text=True)
    assert WHERE.search(front).group(1) == "Sida 1 av 4"
