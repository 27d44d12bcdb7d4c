"""Profile for statistics, notification choices, unsubscribe links and reply notifications."""

from dialog.accounts.models import User
from dialog.catalogue.models import District
from dialog.extensions import db
from dialog.participation import services
from tests.factories import form_fields, make_goal, make_user, sign_in


def test_profile_needs_consent_and_can_be_removed(client, app_context):
    goal = make_goal()
    district = District(municipality_id=goal.plan.municipality_id, name="Dalby")
    db.session.add(district)
    db.session.commit()
    user = make_user()
    sign_in(client)
    page = client.get("/mina-sidor/profil").get_data(as_text=True)
    assert "Testkommun – Dalby" in page
    token = form_fields(page)["csrf_token"]
    data = {"district": str(district.id), "age_band": "30-44", "csrf_token": token}
    response = client.post("/mina-sidor/profil", data=data)
    assert response.status_code == 200 and "Kryssa i rutan" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.district_id is None
    assert client.post("/mina-sidor/profil", data={**data, "consent": "y"}).status_code == 302
    db.session.refresh(user)
    assert user.district_id == district.id and user.age_band == "30-44"
    assert user.profile_consent_at is not None
    for bad in ({"district": "999999"}, {"age_band": "12-13"}):
        assert (
            client.post("/mina-sidor/profil", data={**data, "consent": "y", **bad}).status_code
            == 200
        )
    client.post("/mina-sidor/profil/radera", data={"csrf_token": token})
    db.session.refresh(user)
    assert (user.district_id, user.age_band, user.profile_consent_at) == (None, None, None)


def test_reply_notification_is_opt_in_and_unsubscribe_works_without_sign_in(
    app, client, app_context, outbox
):
    goal = make_goal()
    anna = make_user()
    bo = make_user("bo@example.se", "Bo")
    top = services.post_comment(goal, anna, "Annas kommentar", None, "a" * 32).comment
    db.session.commit()

    def reply_as_bo(text):
        bo_client = app.test_client()
        sign_in(bo_client, "bo@example.se")
        fields = form_fields(bo_client.get(f"/kommentar/{top.id}").get_data(as_text=True))
        bo_client.post(f"/kommentar/{top.id}/svara", data={"body": text, **fields})

    reply_as_bo("Första svaret")
    assert outbox.messages() == []  # not opted in
    sign_in(client)
    token = form_fields(client.get("/mina-sidor/aviseringar").get_data(as_text=True))["csrf_token"]
    client.post("/mina-sidor/aviseringar", data={"reply": "y", "csrf_token": token})
    db.session.refresh(anna)
    assert anna.notify_reply and not anna.notify_response
    reply_as_bo("Andra svaret")
    message = outbox.last()
    assert message["To"] == "anna@example.se" and "List-Unsubscribe" in message
    links = outbox.links()
    assert any("/kommentar/" in link for link in links)
    unsubscribe = next(link for link in links if "/avregistrera/" in link)
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    visitor = app.test_client()
    page = visitor.get("/" + path).get_data(as_text=True)
    visitor.post("/" + path, data={"csrf_token": form_fields(page)["csrf_token"]})
    db.session.refresh(anna)
    assert not anna.notify_reply
    assert bo.id != anna.id


def test_no_notification_for_replying_to_yourself(app, client, app_context, outbox):
    goal = make_goal()
    anna = make_user(notify_reply=True)
    top = services.post_comment(goal, anna, "Min", None, "a" * 32).comment
    db.session.commit()
    sign_in(client)
    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    client.post(f"/kommentar/{top.id}/svara", data={"body": "Mitt eget svar", **fields})
    assert outbox.messages() == []


def test_resend_verification(client, app_context, outbox):
    make_user(verified=False)
    sign_in(client)
    token = form_fields(client.get("/mina-sidor").get_data(as_text=True))["csrf_token"]
    client.post("/konto/skicka-bekraftelse", data={"csrf_token": token})
    link = outbox.local_link()
    assert client.get(link).status_code == 302
    assert db.session.query(User).one().is_verified


def test_one_password_check_refuses_wrong_empty_and_erased_passwords(app_context):
    from dialog.accounts.services import check_password
    from tests.factories import PASSWORD

    user = make_user("pw@example.se", "Pw")
    assert check_password(user, PASSWORD)
    assert not check_password(user, PASSWORD + "x")
    assert not check_password(user, "")
    user.password_hash = None
    assert not check_password(user, PASSWORD)


def test_a_district_of_only_whitespace_means_none(client, app_context):
    """Found by tests/security/test_forms.py: a vertical tab slipped past the choice check
    (Optional() stops the validation) and int() answered 500."""
    make_goal()
    user = make_user()
    sign_in(client)
    token = form_fields(client.get("/mina-sidor/profil").get_data(as_text=True))["csrf_token"]
    data = {"district": "\x0b\x0b", "age_band": "30-44", "consent": "y", "csrf_token": token}
    response = client.post("/mina-sidor/profil", data=data)
    assert response.status_code == 302
    assert db.session.get(type(user), user.id).district_id is None
