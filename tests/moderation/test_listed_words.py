"""The words that held a comment, at the desk: in the word-list queue's list and on the
comment's page, so that a moderator does not hunt for them in a long text.

The walk-through found a comment "Held by the word list" with nothing saying which word.
"""

import uuid

import pytest

from dialog.extensions import db
from dialog.participation.services import post_comment
from tests.moderation.helpers import desk_world
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"
LONG = "Parken behöver fler bänkar och bättre belysning längs gångvägarna. " * 6


@pytest.fixture
def world(app_context):
    found = desk_world()
    text = f"{LONG}Den som ritade den är en idiot, ett riktigt pucko."
    found["listed"] = post_comment(
        found["goal"], found["author"], text, None, uuid.uuid4().hex
    ).comment
    db.session.commit()
    assert found["listed"].held_for == "word_list"  # the default Swedish list holds it
    return found


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def test_the_word_list_queue_names_the_words_that_held_each_comment(moderator, world):
    listed, held = world["listed"], world["held"]
    page = moderator.get(DESK + "?queue=word_list").get_data(as_text=True)
    items = page.split('<li class="desk-item">')[1:]
    (found,) = [item for item in items if f"select-{listed.id}" in item]
    assert "Stoppad av orden i ordlistan: idiot*, pucko*</p>" in found
    # Held before the list changed: the desk says so rather than nothing.
    (changed,) = [item for item in items if f"select-{held.id}" in item]
    assert "Inget ord i den nuvarande ordlistan finns i den" in changed
    english = moderator.get(DESK + "?queue=word_list&lang=en").get_data(as_text=True)
    assert "Held for the listed words: idiot*, pucko*</p>" in english


def test_the_comments_page_names_the_words(moderator, world):
    listed = world["listed"]
    page = moderator.get(f"{DESK}/{listed.id}?queue=word_list").get_data(as_text=True)
    assert "<dt>Stoppad av orden i ordlistan</dt><dd>idiot*, pucko*</dd>" in page
    approval = moderator.get(f"{DESK}/{world['pending'].id}").get_data(as_text=True)
    assert "Stoppad av orden i ordlistan" not in approval
