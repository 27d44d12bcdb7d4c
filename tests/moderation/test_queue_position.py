"""The item page for a moderator working a queue: where the comment stands in it, and nothing
that takes focus between the confirmation of the last decision and the next decision."""

import re

from dialog.moderation import queries
from dialog.moderation.queries import Position, Queue
from dialog.participation.models import CommentStatus
from tests.factories import counted_queries, csrf, make_goal
from tests.moderation.helpers import comment_on
from tests.moderation.test_desk_pages import DESK, fields

#: Elements that take focus with Tab (hidden inputs aside).
FOCUSABLE = re.compile(r'<(a|button|select|textarea)\b|<input(?![^>]*type="hidden")')


def test_the_position_is_counted_in_one_statement_oldest_first(app, world):
    lund = world["goal"].plan.municipality_id
    second = world["second"]
    assert second.id  # loaded before counting
    with counted_queries(app) as statements:
        found = queries.position_in(lund, Queue.APPROVAL, second)
    assert found == Position(2, 3) and len(statements) == 1
    assert queries.position_in(lund, Queue.APPROVAL, world["third"]) == Position(3, 3)
    assert queries.position_in(lund, Queue.REPORTED, second) is None


def test_the_item_page_says_which_comment_of_how_many_in_both_languages(moderator, world):
    second = world["second"]
    page = moderator.get(f"{DESK}/{second.id}?queue=approval").get_data(as_text=True)
    assert "Kommentar 2 av 3 i kön ”Väntar på godkännande”" in page
    english = moderator.get(f"{DESK}/{second.id}?queue=approval&lang=en").get_data(as_text=True)
    assert "Comment 2 of 3 in the queue “Awaiting approval”" in english
    assert '<span lang="sv">Trygga parker</span>' in english  # the goal's Swedish title
    desk = moderator.get(f"{DESK}?queue=approval&lang=en").get_data(as_text=True)
    assert 'on <span lang="sv">Trygga parker</span></a>' in desk
    elsewhere = moderator.get(f"{DESK}/{second.id}?queue=reported").get_data(as_text=True)
    assert "Kommentar 2 av" not in elsewhere and "kön ”Anmälda”" not in elsewhere


def test_after_a_decision_the_next_tab_stop_is_the_next_decision(moderator, world):
    """The confirmation has the focus (autofocus); Tab from it must reach the first decision
    control at once: the way back to the desk comes before the confirmation, the link to
    the public page after the decisions."""
    page = moderator.post(
        f"{DESK}/{world['pending'].id}/beslut",
        data=fields(moderator, world["pending"], "publish"),
        follow_redirects=True,
    ).get_data(as_text=True)
    main = page.split('<main id="content"', 1)[1]
    confirmation = main.index('class="flash-messages"')
    assert FOCUSABLE.search(main[:confirmation]), "the way back to the desk comes first"
    assert main.count('class="flash-messages"') == 1
    decide = main.index('id="decide-heading"')
    between = main[confirmation:decide]
    assert "Kommentar 1 av 2 i kön ”Väntar på godkännande”" in between
    assert f'tabindex="-1">Kommentar {world["second"].id}</h1>' in between
    assert not FOCUSABLE.search(between), FOCUSABLE.search(between)
    first_control = FOCUSABLE.search(main, decide)
    assert 'value="publish"' in main[decide : first_control.start()]
    assert "Publicera</button>" in main[first_control.start() :][:200]


def test_links_in_the_text_come_with_a_way_past_them(moderator, world):
    spam = comment_on(
        world["goal"],
        world["author"],
        "Köp på https://billigt.example och www.mer.example",
        CommentStatus.PENDING,
        "approval",
    )
    page = moderator.get(f"{DESK}/{spam.id}?queue=approval").get_data(as_text=True)
    skip = '<a href="#decide-heading">Hoppa över länkarna i texten och gå till beslutet</a>'
    assert skip in page
    assert page.index(skip) < page.index('href="https://billigt.example"')
    plain = moderator.get(f"{DESK}/{world['second'].id}").get_data(as_text=True)
    assert "Hoppa över länkarna" not in plain


def test_a_reports_details_say_their_language(moderator, world):
    page = moderator.get(f"{DESK}/{world['reported'].id}?lang=en").get_data(as_text=True)
    assert '<q lang="sv">Reklam för en firma.</q>' in page


def test_a_decision_in_a_filtered_queue_counts_what_is_left_of_it(moderator, world):
    """A moderator working one goal's comments read "3 comments are left" while 2 were left
    of the work in hand: the filtered queue first, then the whole queue."""
    other = make_goal(slug="lund", title="Rena stränder")
    comment_on(other, world["author"], "Om stränderna.", CommentStatus.PENDING, "approval")
    goal = str(world["goal"].id)
    data = fields(moderator, world["pending"], "publish") | {"goal": goal}
    page = moderator.post(
        f"{DESK}/{world['pending'].id}/beslut", data=data, follow_redirects=True
    ).get_data(as_text=True)
    assert (
        "2 kommentarer återstår i den filtrerade kön ”Väntar på godkännande”."
        " 3 kommentarer återstår i hela kön." in page
    )
    bulk = {
        "bulk-csrf_token": csrf(moderator, f"{DESK}?queue=approval"),
        "bulk-action": "publish",
        "bulk-queue": "approval",
        "goal": goal,
        "selected": [str(world[n].id) for n in ("second", "third")],
        **{f"version-{world[n].id}": str(world[n].version) for n in ("second", "third")},
    }
    done = moderator.post(f"{DESK}/urval?lang=en", data=bulk, follow_redirects=True)
    assert (
        "“Publish” is applied to 2 comments. Nothing is left in the filtered queue"
        " “Awaiting approval”. 1 comment is left in the whole queue."
    ) in done.get_data(as_text=True)
