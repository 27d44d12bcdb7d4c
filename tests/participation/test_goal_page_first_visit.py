"""The goal page's words and order as a first-time resident meets them (found on a walk at
390 px): the link under each comment, the rating form's place, the reply form's context."""

import re

from dialog.core.forms import new_submission_token
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import CommentChannel, RatingQuestion
from tests.factories import make_goal, make_user, sign_in

ASKED = "Kan kommunen sätta upp fler gatlampor längs gångvägen?"


def _share_links(page: str) -> list[str]:
    """The text of each link under a comment to its own page, tags removed."""
    found = re.findall(r'<a href="/kommentar/\d+(?:\?lang=en)?#c\d+">(.*?)</a>', page)
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def test_the_link_under_a_comment_says_what_it_is_for_and_whose_comment_it_is(client, app_context):
    """It said "Länk till kommentaren nummer 12": why one would want it, and whose comment,
    a first-timer could not tell. (The number stays last: it tells apart two comments by one
    writer in one minute, as links of one name must lead to one page.)"""
    goal = make_goal()
    services.post_comment(goal, make_user(), ASKED, None, new_submission_token())
    db.session.commit()
    swedish = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    english = client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True)
    (text,) = _share_links(swedish)
    assert re.fullmatch(
        r"Dela länk till kommentaren från Anna, \d+ [a-z]+ 20\d\d kl\. \d\d\.\d\d, nummer \d+",
        text,
    ), text
    (text,) = _share_links(english)
    assert re.fullmatch(
        r"Share a link to the comment by Anna, \d+ [A-Z][a-z]+ 20\d\d, \d\d:\d\d, number \d+",
        text,
    ), text
    assert "Länk till kommentaren" not in swedish


def test_the_rating_form_comes_before_the_other_residents_answers(client, app_context):
    goal = make_goal()
    for n in range(5):
        resident = make_user(f"r{n}@example.se", f"R {n}")
        services.rate(goal, resident, {RatingQuestion.IMPORTANCE: 3, RatingQuestion.PERFORMANCE: 3})
    make_user()
    db.session.commit()
    sign_in(client)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    ratings = page.index('id="ratings"')
    assert ratings < page.index('class="rating-form"') < page.index('class="distribution-table"')


def test_the_reply_form_shows_the_comment_it_answers(client, app_context):
    """ "Svara" opens the reply form at the top of the screen (#reply): the comment it answers
    stood above, out of sight. Its words now begin the form (the first 300 characters)."""
    goal = make_goal()
    asker = make_user("fraga@example.se", "Frågvis")
    short = services.post_comment(goal, asker, ASKED, None, new_submission_token()).comment
    long = services.post_comment(goal, asker, "Ord " * 200, None, new_submission_token()).comment
    make_user()
    db.session.commit()
    sign_in(client)
    page = client.get(f"/kommentar/{short.id}").get_data(as_text=True)
    form = page[page.index('id="reply"') :]
    assert re.search(
        r"<figcaption>Du svarar på den här kommentaren från Frågvis:</figcaption>\s*"
        rf"<blockquote><p>{re.escape(ASKED)}</p></blockquote>",
        form[: form.index("</figure>")],
    )
    english = client.get(f"/kommentar/{short.id}?lang=en").get_data(as_text=True)
    assert "You are replying to this comment by Frågvis:" in english
    page = client.get(f"/kommentar/{long.id}").get_data(as_text=True)
    quote = re.search(r"<blockquote><p>(.*?)</p></blockquote>", page).group(1)
    assert quote.endswith("Ord…") and len(quote) <= 301


def test_an_imported_comment_is_named_by_how_it_came_in(client, app_context):
    """A comment from a paper form has no writer's name: "by Received on a paper form" would
    be nonsense, so the link and the reply form say how it came in."""
    goal = make_goal()
    comment = services.post_comment(goal, make_user(), ASKED, None, new_submission_token())
    comment = comment.comment
    comment.author = None
    comment.channel = CommentChannel.PAPER.value
    comment.published_at = utcnow()
    make_user("bo@example.se", "Bo")
    db.session.commit()
    (text,) = _share_links(client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True))
    assert text.startswith("Share a link to the comment (Received on a paper form, "), text
    sign_in(client, "bo@example.se")
    page = client.get(f"/kommentar/{comment.id}?lang=en").get_data(as_text=True)
    assert "You are replying to this comment (Received on a paper form):" in page


def test_the_dialogue_box_says_whether_open_and_folds_the_rest(client, app_context):
    """On a 390 px phone the box (ladder step, what can be influenced, who reads the input)
    was some 800 px between the goal and the rating form. Whether the dialogue is open and
    until when stays in sight; the rest is one <details> away, nothing of it left out."""
    goal = make_goal()
    for language, more in (("sv", "Mer om dialogen"), ("en", "More about the dialogue")):
        page = client.get(f"/mal/{goal.id}?lang={language}").get_data(as_text=True)
        window = page[page.index('id="window-heading"') : page.index('id="ratings"')]
        status = window.index('class="window-status"')
        folded = re.search(
            rf'<details class="window-more">\s*<summary>{more}</summary>(.*?)</details>',
            window,
            re.S,
        )
        assert folded and status < folded.start(), window
        assert window[status:].index("</p>") < folded.start()
        for words in ("Hur målet prioriteras.", "Kommunstyrelsen, i mars.", 'class="ladder-help"'):
            assert words in folded.group(1)


def _reply_links(page: str) -> list[str]:
    found = re.findall(r'<a href="/kommentar/\d+(?:\?lang=en)?#reply">(.*?)</a>', page)
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def test_the_reply_link_says_whose_comment_and_when(client, app_context):
    """It said "Svara på kommentar 12", and the share link beside it whose and when."""
    goal = make_goal()
    services.post_comment(goal, make_user(), ASKED, None, new_submission_token())
    db.session.commit()
    (text,) = _reply_links(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    assert re.fullmatch(
        r"Svara på kommentaren från Anna, \d+ [a-z]+ 20\d\d kl\. \d\d\.\d\d, nummer \d+", text
    ), text
    (text,) = _reply_links(client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True))
    assert re.fullmatch(
        r"Reply to the comment by Anna, \d+ [A-Z][a-z]+ 20\d\d, \d\d:\d\d, number \d+", text
    ), text


def test_the_shared_comments_page_says_how_to_share_it_under_that_comment(client, app_context):
    """ "Dela länk till kommentaren" led to the comment's page, which said nothing of what to
    do there. The line stands under the comment the address names (a reply, too), once."""
    goal = make_goal()
    asker = make_user("fraga@example.se", "Frågvis")
    top = services.post_comment(goal, asker, ASKED, None, new_submission_token()).comment
    reply = services.post_comment(
        goal, make_user(), "Ja.", None, new_submission_token(), parent=top
    ).comment
    db.session.commit()
    hint = "Kopiera adressen i webbläsarens adressfält för att dela kommentaren."
    for shared, other in ((top, reply), (reply, top)):
        page = client.get(f"/kommentar/{shared.id}").get_data(as_text=True)
        assert page.count(hint) == 1
        before = page[: page.index(hint)]
        # The last comment begun before the line is the one shared (its replies come after).
        assert before.rindex(f'id="c{shared.id}"') > before.rfind(f'id="c{other.id}"')
    english = client.get(f"/kommentar/{top.id}?lang=en").get_data(as_text=True)
    assert "Copy the address in the browser's address bar to share the comment." in english
    assert hint not in client.get(f"/mal/{goal.id}").get_data(as_text=True)
