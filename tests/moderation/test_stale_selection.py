"""A bulk decision sent from a list that has gone stale: a ticked comment deleted, another
municipality's, handled by someone else meanwhile. The list comes back, nothing changed, each
problem named, and the boxes no problem names still ticked."""

from sqlalchemy import func, select

from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.moderation.manage import BULK_MAX
from dialog.moderation.models import Decision
from dialog.moderation.retention import _dispose
from dialog.participation.models import Comment, CommentStatus
from tests.factories import csrf
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"
GONE = "Kommentar {}: Kommentaren finns inte kvar, den kan ha tagits bort. Titta på listan igen."


def selection(client, action: str, *comments: Comment, **extra: str) -> dict:
    """The bulk form as the approval list sends it, these comments ticked at version 1."""
    data = {
        "bulk-csrf_token": csrf(client, DESK),
        "bulk-action": action,
        "bulk-queue": "approval",
        "page": "1",
        "selected": [str(c.id) for c in comments],
    }
    data.update({f"version-{c.id}": "1" for c in comments})
    return data | extra


def decisions() -> int:
    return db.session.scalar(select(func.count(Decision.id))) or 0


def ticked(page: str, comment: Comment) -> bool:
    return f'id="select-{comment.id}" checked' in page


def test_a_deleted_comment_in_the_selection_is_named_and_nothing_changes(client, world):
    sign_in_official(client, "mod@lund.se")
    pending, second, third = world["pending"], world["second"], world["third"]
    data = selection(client, "publish", pending, second, third)
    deleted = second.id
    _dispose([deleted], dry_run=False)
    db.session.commit()
    response = client.post(DESK + "/urval", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ingenting ändrades." in page
    assert GONE.format(deleted) in page
    assert ticked(page, pending) and ticked(page, third)  # the rest, as the moderator left them
    assert decisions() == 0
    db.session.expire_all()
    assert {db.session.get(Comment, c.id).status for c in (pending, third)} == {"pending"}


def test_a_selection_confirmed_after_a_comment_was_deleted_changes_nothing(client, world):
    """Between the confirmation page and "Reject 2 comments", one of them is deleted."""
    sign_in_official(client, "mod@lund.se")
    pending, second = world["pending"], world["second"]
    data = selection(client, "reject", pending, second, **{"bulk-reason": "spam"})
    assert "<h1>Avvisa 2 kommentarer?</h1>" in client.post(DESK + "/urval", data=data).text
    _dispose([second.id], dry_run=False)
    db.session.commit()
    response = client.post(DESK + "/urval", data=data | {"confirmed": "yes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and GONE.format(second.id) in page
    assert ticked(page, pending) and '<option selected value="reject">' in page
    assert decisions() == 0


def test_another_municipalitys_comment_is_named_like_a_deleted_one_and_logged(client, world):
    sign_in_official(client, "mod@lund.se")
    lomma = world["lomma_comment"]
    response = client.post(
        DESK + "/urval", data=selection(client, "publish", world["pending"], lomma)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert GONE.format(lomma.id) in page and ticked(page, world["pending"])
    assert decisions() == 0
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).all()
    assert [(e.target_type, e.target_id) for e in denied] == [("comments", lomma.id)]


def test_a_comment_handled_meanwhile_is_named_and_unticked(client, world):
    """Someone else published one; the writer edited another (still waiting, a new version):
    both are named, the edited one comes back unticked to be read again, the third ticked."""
    sign_in_official(client, "mod@lund.se")
    pending, second, third = world["pending"], world["second"], world["third"]
    data = selection(client, "publish", pending, second, third)
    pending.status = CommentStatus.PUBLISHED.value
    pending.version = 2
    second.body, second.version = "Den andra i kön, ändrad.", 2
    db.session.commit()
    page = client.post(DESK + "/urval", data=data).get_data(as_text=True)
    assert "Ingenting ändrades." in page
    for comment in (pending, second):
        assert f"Kommentar {comment.id}: Någon annan har redan hanterat kommentaren" in page
    assert not ticked(page, second) and ticked(page, third)
    assert decisions() == 0


def test_more_than_a_bulk_at_once_is_refused_whole(client, world):
    """Never the first hundred decided and the rest left out unsaid."""
    sign_in_official(client, "mod@lund.se")
    data = selection(client, "publish", world["pending"])
    data["selected"] = [str(world["pending"].id)] * (BULK_MAX + 1)
    response = client.post(DESK + "/urval", data=data)
    assert response.status_code == 200
    assert f"Välj högst {BULK_MAX} kommentarer åt gången." in response.get_data(as_text=True)
    assert decisions() == 0


def test_a_refused_selection_from_a_page_gone_comes_back_on_the_last_page(
    app, client, world, monkeypatch
):
    """Sent from page 2 of a queue that someone else has since decided down to one page, a
    refused selection came back saying "Nothing waits in this queue"; it comes back on the
    last page, with the comments ticked that are still there."""
    monkeypatch.setitem(app.config, "MODERATION_PER_PAGE", 2)
    sign_in_official(client, "mod@lund.se")
    pending, second, third = world["pending"], world["second"], world["third"]
    data = selection(client, "reject", third, page="2")  # no reason: refused
    pending.status = CommentStatus.PUBLISHED.value  # decided meanwhile: one page is left
    db.session.commit()
    response = client.post(DESK + "/urval", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Inget väntar i den här kön." not in page
    assert ticked(page, third) and not ticked(page, second)
    assert '<input type="hidden" name="page" value="1">' in page
    assert decisions() == 0
