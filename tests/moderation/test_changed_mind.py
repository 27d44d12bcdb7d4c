"""A moderator working a long queue who regrets a decision finds the way back to the comment:
the page after a decision links to the comment just decided (it has left the queue, and the
browser's Back showed its page with a form already stale). The link comes after the decision
controls and Skip, so it costs no Tab on the way to the next decision."""

import pytest

from dialog.extensions import db
from dialog.moderation import services
from dialog.moderation.models import Action
from tests.moderation.helpers import approval_queue_of_three
from tests.moderation.test_desk_pages import DESK, fields
from tests.officials import sign_in_official

LINK = "Öppna kommentar {} igen för att ändra beslutet"


@pytest.fixture
def world(app_context):
    return approval_queue_of_three()


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def publish(client, comment) -> str:
    response = client.post(f"{DESK}/{comment.id}/beslut", data=fields(client, comment, "publish"))
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_next_comment_links_back_to_the_one_just_decided(moderator, world):
    landed = publish(moderator, world["pending"])
    assert landed.endswith(
        f"{DESK}/{world['second'].id}?queue=approval&decided={world['pending'].id}"
    )
    page = moderator.get(landed).get_data(as_text=True)
    back = f'href="{DESK}/{world["pending"].id}?queue=approval#item-heading"'
    assert f'<p class="changed-mind"><a {back}>{LINK.format(world["pending"].id)}</a></p>' in page
    # After every decision control and Skip: the first Tab after the confirmation is still the
    # first decision.
    assert page.index('id="skip-hint"') < page.index('class="changed-mind"')
    again = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval").get_data(as_text=True)
    assert 'value="hide"' in again  # published: it can be hidden, the decision changed
    english = moderator.get(landed + "&lang=en").get_data(as_text=True)
    assert f"Open comment {world['pending'].id} again to change the decision" in english


def test_after_the_last_decision_the_list_links_back(moderator, world):
    publish(moderator, world["pending"])
    publish(moderator, world["second"])
    landed = publish(moderator, world["third"])
    assert landed.endswith(f"{DESK}?queue=approval&decided={world['third'].id}")
    page = moderator.get(landed).get_data(as_text=True)
    assert LINK.format(world["third"].id) in page


def test_only_a_comment_decided_here_is_linked(moderator, world):
    """A crafted `decided` names nothing: not a comment without a decision, not another
    municipality's, not the comment shown, not a number that is no comment."""
    lomma = world["lomma_comment"]  # decided in Lomma
    services.decide(
        lomma, world["lomma_moderator"], services.Request(Action.HIGHLIGHT, lomma.version)
    )
    db.session.commit()
    shown = f"{DESK}/{world['second'].id}?queue=approval&decided="
    for crafted in (world["third"].id, lomma.id, world["second"].id, 999999, "x"):
        page = moderator.get(f"{shown}{crafted}").get_data(as_text=True)
        assert 'class="changed-mind"' not in page, crafted
    publish(moderator, world["pending"])
    page = moderator.get(f"{shown}{world['pending'].id}").get_data(as_text=True)
    assert 'class="changed-mind"' in page
