"""A moderator working a long queue who regrets a decision finds the way back to the comment:
the page after a decision links to the comment just decided (it has left the queue, and the
browser's Back showed its page with a form already stale). The link comes after the decision
controls and Skip, so it costs no Tab on the way to the next decision. After a bulk decision
the list links to each comment of the selection, after its bulk controls and its pages."""

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.moderation import services
from dialog.moderation.models import Action
from tests.factories import csrf
from tests.moderation.test_desk_pages import DESK, fields, status_of
from tests.officials import make_official, sign_in_official

LINK = "Öppna kommentar {} igen för att ändra beslutet"
#: After a bulk decision, one link for each comment of the selection.
AGAIN = "Öppna kommentar {} igen"


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


def decide_selection(client, action: str, *comments, **extra) -> str:
    """A bulk decision on `comments` from the approval queue; the address it lands on."""
    data = {
        "bulk-csrf_token": csrf(client, f"{DESK}?queue=approval"),
        "bulk-action": action,
        "bulk-queue": "approval",
        "selected": [str(c.id) for c in comments],
        **{f"version-{c.id}": str(c.version) for c in comments},
        **extra,
    }
    response = client.post(f"{DESK}/urval", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def again_link(comment_id: int) -> str:
    return (
        f'<li><a href="{DESK}/{comment_id}?queue=approval#item-heading">'
        f"{AGAIN.format(comment_id)}</a></li>"
    )


def test_after_a_bulk_decision_the_list_links_back_to_each_comment(moderator, world):
    """A selection leaves the queue at once; without a link to each, the moderator who ticked
    one too many had only the browser's Back to a list whose form is stale."""
    first, second = world["pending"], world["second"]
    landed = decide_selection(moderator, "publish", first, second)
    assert landed.endswith(f"{DESK}?queue=approval&decided={first.id}&decided={second.id}")
    page = moderator.get(landed).get_data(as_text=True)
    assert "För att ändra ett beslut som just fattats, öppna kommentaren igen:" in page
    assert again_link(first.id) in page and again_link(second.id) in page
    assert page.index(again_link(first.id)) < page.index(again_link(second.id))  # as ticked
    # After the list, its bulk controls and its pages: the first Tab after the confirmation
    # still leads on to the next decision.
    assert page.index('id="bulk-actions"') < page.index('class="changed-mind"')
    assert page.index("</form>") < page.index('class="changed-mind"')
    assert page.index('class="changed-mind"') < page.index('id="mail-heading"')
    again = moderator.get(f"{DESK}/{second.id}?queue=approval").get_data(as_text=True)
    assert 'value="hide"' in again  # published: it can be hidden, the decision changed
    english = moderator.get(landed + "&lang=en").get_data(as_text=True)
    assert "To change a decision just made, open the comment again:" in english
    assert f"Open comment {first.id} again</a>" in english
    assert f"Open comment {second.id} again</a>" in english


def test_a_confirmed_bulk_rejection_links_back_too(moderator, world):
    """Rejecting asks first; the list after the confirmed step links to every rejected one,
    also when the queue is left empty."""
    chosen = world["pending"], world["second"], world["third"]
    landed = decide_selection(
        moderator, "reject", *chosen, **{"bulk-reason": "spam", "confirmed": "yes"}
    )
    assert {status_of(c.id) for c in chosen} == {"rejected"}
    page = moderator.get(landed).get_data(as_text=True)
    assert "Inget väntar i den här kön." in page
    for comment in chosen:
        assert again_link(comment.id) in page
    assert page.index("Inget väntar i den här kön.") < page.index('class="changed-mind"')
    english = moderator.get(landed + "&lang=en").get_data(as_text=True)
    assert all(f"Open comment {c.id} again</a>" in english for c in chosen)


def test_a_selection_of_one_links_back_as_a_single_decision_does(moderator, world):
    page = moderator.get(decide_selection(moderator, "publish", world["third"]))
    assert f"{LINK.format(world['third'].id)}</a></p>" in page.get_data(as_text=True)


def test_only_comments_decided_here_are_linked_after_a_selection(moderator, world):
    """Crafted `decided` values: the decided Lund comments are linked; not a comment without
    a decision, another municipality's decided comment, a number that is no comment."""
    lomma = world["lomma_comment"]
    services.decide(
        lomma, world["lomma_moderator"], services.Request(Action.HIGHLIGHT, lomma.version)
    )
    db.session.commit()
    first, second = world["pending"], world["second"]
    decide_selection(moderator, "publish", first, second)
    crafted = [first.id, world["third"].id, lomma.id, 999999, "x", second.id, first.id]
    query = "&".join(f"decided={n}" for n in crafted)
    page = moderator.get(f"{DESK}?queue=approval&{query}").get_data(as_text=True)
    links = page.split('class="changed-mind"', 1)[1].split("</ul>", 1)[0]
    assert links.count("<li>") == 2
    assert again_link(first.id) in links and again_link(second.id) in links
    for other in (world["third"].id, lomma.id, 999999):
        assert f"/{other}?" not in links, other


def test_a_moderator_of_another_municipality_gets_no_link_to_them(app, moderator, world):
    """The address after a Lund selection, with Lomma's decided comment added, in Lomma's
    desk: the Lomma moderator is linked to Lomma's comment only (Lund's have no decision in
    Lomma), and Lund's desk is refused; Lund's administrator gets every Lund link, and a Lund
    communicator (no desk) none."""
    lomma_comment = world["lomma_comment"]
    services.decide(
        lomma_comment,
        world["lomma_moderator"],
        services.Request(Action.HIGHLIGHT, lomma_comment.version),
    )
    db.session.commit()
    first, second = world["pending"], world["second"]
    landed = decide_selection(moderator, "publish", first, second)
    query = f"{landed.split('?', 1)[1]}&decided={lomma_comment.id}"
    make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Ad")
    make_official("comm@lund.se", [("lund", Role.COMMUNICATOR)], name="Co")
    lomma, admin, communicator = app.test_client(), app.test_client(), app.test_client()
    sign_in_official(lomma, "mod@lomma.se")
    sign_in_official(admin, "admin@lund.se")
    sign_in_official(communicator, "comm@lund.se")
    page = lomma.get(f"/hantera/lomma/moderering?{query}").get_data(as_text=True)
    links = page.split('class="changed-mind"', 1)[1].split("</p>", 1)[0]
    assert LINK.format(lomma_comment.id) in links
    assert f"/{first.id}?" not in page and f"/{second.id}?" not in page
    assert LINK.format(first.id) not in page and LINK.format(second.id) not in page
    assert lomma.get(f"{DESK}?{query}").status_code == 403
    lund = admin.get(f"{DESK}?{query}").get_data(as_text=True)
    assert again_link(first.id) in lund and again_link(second.id) in lund
    assert f"/{lomma_comment.id}?" not in lund
    assert communicator.get(f"{DESK}?{query}").status_code == 403
