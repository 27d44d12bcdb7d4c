"""Administrators invite officials, grant and revoke roles; every change is audited."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Invitation, Membership, Role
from dialog.core.audit import AuditEntry
from dialog.db import utcnow
from dialog.extensions import db
from tests.factories import csrf, form_fields, make_user, sign_in
from tests.insights.captions import repeated_captions
from tests.officials import make_official, municipality, sign_in_official

OFFICIALS = "/hantera/lund/tjanstepersoner"


@pytest.fixture
def admin(app_context):
    municipality("lund", "Lunds kommun")
    municipality("lomma", "Lomma kommun")
    return make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva Admin")


def token(client, url=OFFICIALS):
    return form_fields(client.get(url).get_data(as_text=True))["csrf_token"]


def invite(client, email="Mod@Lund.se", role="moderator"):
    return client.post(
        OFFICIALS + "/bjud-in",
        data={"invite-email": email, "invite-role": role, "invite-csrf_token": token(client)},
    )


def still_there(membership_id: int) -> bool:
    found = db.session.scalar(select(Membership.id).filter_by(id=membership_id))
    return found is not None


def actions() -> list[str]:
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_invite_accept_and_enrol(client, app, admin, outbox):
    sign_in_official(client, "admin@lund.se")
    response = invite(client)
    assert response.headers["Location"] == OFFICIALS
    message = outbox.last()
    assert message["To"] == "mod@lund.se"
    assert "moderator i Lunds kommun" in message["Subject"]
    link = outbox.local_link()
    invitation = db.session.scalar(select(Invitation))
    assert link.split("/")[-1] not in (invitation.token_hash, "")
    assert invitation.token_hash != link.split("/")[-1]
    assert "mod@lund.se" in client.get(OFFICIALS).get_data(as_text=True)

    invitee = app.test_client()
    page = invitee.get(link).get_data(as_text=True)
    assert "Logga in" in page and "Anta rollen" not in page
    make_user("mod@lund.se", "Mo Moderator", verified=False)
    sign_in(invitee, "mod@lund.se")
    accepted = invitee.post(link, data={"csrf_token": csrf(invitee, link)})
    assert accepted.headers["Location"] == "/hantera"
    assert invitee.get("/hantera").headers["Location"].startswith("/konto/tvastegsverifiering")
    membership = db.session.scalar(select(Membership).filter_by(role="moderator"))
    assert membership.user.email == "mod@lund.se" and membership.granted_by_id == admin.id
    assert membership.user.is_verified  # the link proved the address
    assert invitee.get(link).status_code == 400  # single use
    assert actions() == ["invitation.create", "invitation.accept"]
    entry = db.session.scalar(select(AuditEntry).filter_by(action="invitation.accept"))
    assert entry.municipality_id == membership.municipality_id
    assert entry.after["role"] == "moderator" and entry.after["invitation_id"] == invitation.id


def test_only_the_invited_address_may_accept(client, app, admin, outbox):
    sign_in_official(client, "admin@lund.se")
    invite(client)
    link = outbox.local_link()
    other = app.test_client()
    make_user("someone@example.se", "Someone")
    sign_in(other, "someone@example.se")
    page = other.get(link).get_data(as_text=True)
    assert "en annan e-postadress" in page
    assert other.post(link, data={"csrf_token": csrf(other, link)}).status_code == 200
    assert db.session.scalar(select(Membership).filter_by(role="moderator")) is None


@pytest.mark.parametrize("change", ["expired", "withdrawn", "forged"])
def test_old_withdrawn_or_forged_invitations_do_not_work(client, app, admin, outbox, change):
    sign_in_official(client, "admin@lund.se")
    invite(client)
    link = outbox.local_link()
    invitation = db.session.scalar(select(Invitation))
    if change == "expired":
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    elif change == "withdrawn":
        url = f"/hantera/lund/inbjudningar/{invitation.id}/dra-tillbaka"
        assert client.post(url, data={"csrf_token": token(client)}).status_code == 302
        assert actions()[-1] == "invitation.withdraw"
    else:
        link = link[:-3] + "abc"
    make_user("mod@lund.se", "Mo")
    invitee = app.test_client()
    sign_in(invitee, "mod@lund.se")
    assert invitee.get(link).status_code == 400


def test_a_new_invitation_replaces_the_open_one(client, admin, outbox):
    sign_in_official(client, "admin@lund.se")
    invite(client)
    invite(client)
    rows = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
    assert rows[0].withdrawn_at is not None and rows[1].withdrawn_at is None


def test_bad_invitations_show_field_errors_and_change_nothing(client, admin, outbox):
    sign_in_official(client, "admin@lund.se")
    bad_email = invite(client, email="not-an-address")
    assert bad_email.status_code == 200
    assert 'aria-invalid="true"' in bad_email.get_data(as_text=True)
    bad_role = invite(client, role="mayor")
    assert bad_role.status_code == 200
    already = invite(client, email="admin@lund.se", role="admin")
    assert "Personen har redan rollen här." in already.get_data(as_text=True)
    assert db.session.scalar(select(Invitation)) is None and outbox.messages() == []


def test_grant_and_revoke_a_role(client, admin):
    moderator = make_official("mod@lund.se", [("lund", Role.MODERATOR)], name="Mo")
    sign_in_official(client, "admin@lund.se")
    response = client.post(
        OFFICIALS + "/tilldela",
        data={
            "grant-user": str(moderator.id),
            "grant-role": "communicator",
            "grant-csrf_token": token(client),
        },
    )
    assert response.status_code == 302
    granted = db.session.scalar(select(Membership).filter_by(role="communicator"))
    assert granted.user_id == moderator.id and granted.granted_by_id == admin.id
    page = client.get(OFFICIALS).get_data(as_text=True)
    assert "Kommunikatör" in page
    url = f"{OFFICIALS}/{granted.id}/aterkalla"
    asked = client.post(url, data={"csrf_token": token(client)})
    assert asked.status_code == 200 and "<h1>Ta bort rollen?</h1>" in asked.get_data(as_text=True)
    assert still_there(granted.id) is True and actions() == ["membership.grant"]
    confirmed = {"csrf_token": token(client), "bekraftat": "ja"}
    assert client.post(url, data=confirmed).status_code == 302
    assert still_there(granted.id) is False
    assert actions() == ["membership.grant", "membership.revoke"]
    revoked = db.session.scalar(select(AuditEntry).filter_by(action="membership.revoke"))
    assert revoked.before["role"] == "communicator" and revoked.before["user_id"] == moderator.id
    assert revoked.target_id == granted.id and revoked.actor_id == admin.id


def test_grant_only_to_people_with_a_role_here(client, admin):
    stranger = make_official("mod@lomma.se", [("lomma", Role.MODERATOR)])
    sign_in_official(client, "admin@lund.se")
    response = client.post(
        OFFICIALS + "/tilldela",
        data={
            "grant-user": str(stranger.id),
            "grant-role": "admin",
            "grant-csrf_token": token(client),
        },
    )
    assert response.status_code == 200
    assert (
        db.session.scalar(select(Membership).filter_by(role="admin", user_id=stranger.id)) is None
    )


def test_the_last_administrator_cannot_be_revoked(client, admin):
    own = db.session.scalar(select(Membership).filter_by(user_id=admin.id))
    sign_in_official(client, "admin@lund.se")
    assert f"{own.id}/aterkalla" not in client.get(OFFICIALS).get_data(as_text=True)
    response = client.post(f"{OFFICIALS}/{own.id}/aterkalla", data={"csrf_token": token(client)})
    assert response.status_code == 302
    assert still_there(own.id)
    assert "minst en administratör" in client.get(OFFICIALS).get_data(as_text=True)
    assert actions() == []


def test_a_membership_of_another_municipality_is_refused_here(client, admin):
    other = make_official("mod@lomma.se", [("lomma", Role.MODERATOR)])
    membership = db.session.scalar(select(Membership).filter_by(user_id=other.id))
    sign_in_official(client, "admin@lund.se")
    url = f"{OFFICIALS}/{membership.id}/aterkalla"
    assert client.post(url, data={"csrf_token": token(client)}).status_code == 403  # logged
    lomma_url = f"/hantera/lomma/tjanstepersoner/{membership.id}/aterkalla"
    assert client.post(lomma_url, data={"csrf_token": token(client)}).status_code == 403
    assert still_there(membership.id)


def test_a_lomma_moderator_on_a_lund_page_is_refused_and_logged(client, admin):
    intruder = make_official("mod@lomma.se", [("lomma", Role.MODERATOR)])
    sign_in_official(client, "mod@lomma.se")
    assert client.get(OFFICIALS).status_code == 403
    assert client.get("/hantera/lund/logg").status_code == 403
    entries = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).all()
    assert [e.after["path"] for e in entries] == [OFFICIALS, "/hantera/lund/logg"]
    lund = municipality("lund")
    assert {(e.actor_id, e.municipality_id, e.reason) for e in entries} == {
        (intruder.id, lund.id, "no_role")
    }


def test_the_start_page_lists_roles_and_what_they_allow(client, admin):
    make_official(
        "many@roles.se",
        [("lund", Role.MODERATOR), ("lomma", Role.ADMIN), ("lomma", Role.COMMUNICATOR)],
    )
    sign_in_official(client, "many@roles.se")
    page = client.get("/hantera").get_data(as_text=True)
    assert 'href="/hantera"' in page  # the header link, for officials only
    assert "Lunds kommun" in page and "Lomma kommun" in page
    assert "/hantera/lomma/tjanstepersoner" in page and "/hantera/lomma/logg" in page
    assert "/hantera/lund/tjanstepersoner" not in page and "/hantera/lund/logg" not in page
    assert "/hantera/lund/moderering" in page  # the desk, for the Lund moderator
    assert "/hantera/lund/moderering/installningar" not in page
    assert "/hantera/lomma/moderering/installningar" in page
    assert "Sammanfattningar av dialogen" in page  # every role reads the summaries


def test_residents_see_no_manage_link(client, app_context):
    make_user()
    sign_in(client)
    assert 'href="/hantera"' not in client.get("/").get_data(as_text=True)
    assert client.get("/hantera").status_code == 403


def test_a_platform_admin_may_act_everywhere(client, admin):
    make_official("root@dialog.se", platform_admin=True)
    sign_in_official(client, "root@dialog.se")
    page = client.get("/hantera").get_data(as_text=True)
    assert "/hantera/lund/tjanstepersoner" in page and "/hantera/lomma/tjanstepersoner" in page
    assert client.get("/hantera/lomma/tjanstepersoner").status_code == 200
    assert client.get("/hantera/logg").status_code == 200
    assert client.get("/hantera/okand/tjanstepersoner").status_code == 404


def test_the_table_of_people_is_named_by_its_heading_not_a_caption_saying_it_again(client, admin):
    """A screen reader read 'People with a role' twice: the heading, then the hidden caption."""
    sign_in_official(client, "admin@lund.se")
    html = client.get(OFFICIALS).get_data(as_text=True)
    assert '<table class="officials" aria-labelledby="people-heading">' in html
    assert repeated_captions(html) == []


def test_the_people_with_a_role_are_one_landmark_not_two_of_one_name(client, admin):
    """Found on the administrators' walk: axe's landmark-unique rule. The section and the
    table's scroll box were both regions named "People with a role"."""
    sign_in_official(client, "admin@lund.se")
    html = client.get(OFFICIALS).get_data(as_text=True)
    assert html.count('aria-labelledby="people-heading"') == 2  # the scroll box and the table
    assert (
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="people-heading">'
        in (html)
    )
