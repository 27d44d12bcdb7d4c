"""The officials' pages for responses, statuses and official replies, and the goal page."""

from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation import services as participation
from dialog.participation.models import Comment
from dialog.responses import queries
from tests.factories import csrf, form_fields, make_goal, make_user
from tests.officials import make_official, sign_in_official


def lund_goal_with_comment():
    goal = make_goal(slug="lund", title="Trygga parker")
    anna = make_user("anna@example.se", "Anna", notify_response=True)
    comment = participation.post_comment(goal, anna, "Fler lampor i parken.", None, "a" * 32)
    db.session.commit()
    return goal, comment.comment


def signed_in(client, email, roles):
    make_official(email, roles)
    sign_in_official(client, email)


def test_a_communicator_publishes_a_response_that_shows_on_the_goal_page(
    client, app_context, outbox
):
    goal, _comment = lund_goal_with_comment()
    signed_in(client, "c@lund.se", [("lund", Role.COMMUNICATOR)])
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    assert client.get(f"/mal/{goal.id}").get_data(as_text=True).count(page) == 1
    form = client.get(page)
    assert form.status_code == 200
    response = client.post(
        page + "/publicera",
        data={
            "csrf_token": form_fields(form.get_data(as_text=True))["csrf_token"],
            "body": "Vi sätter upp lampor i höst.",
            "revision": "0",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == page
    shown = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Så här tar vi hand om synpunkterna" in shown
    assert "Vi sätter upp lampor i höst." in shown
    assert [m["To"] for m in outbox.messages()] == ["anna@example.se"]
    entry = db.session.scalar(select(AuditEntry).filter_by(action="response.publish"))
    assert entry is not None and entry.after["body"] == "Vi sätter upp lampor i höst."


def test_residents_see_no_response_section_before_there_is_one(client, app_context):
    goal, _comment = lund_goal_with_comment()
    html = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Så här tar vi hand om synpunkterna" not in html
    assert "/hantera/" not in html


def test_forms_re_render_with_field_errors_and_change_nothing(client, app_context):
    goal, _comment = lund_goal_with_comment()
    signed_in(client, "a@lund.se", [("lund", Role.ADMIN)])
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    token = csrf(client, page)
    empty = client.post(
        page + "/publicera", data={"csrf_token": token, "body": "  ", "revision": "0"}
    )
    assert empty.status_code == 200 and "Skriv återkopplingen." in empty.get_data(as_text=True)
    bad = client.post(
        f"/hantera/lund/mal/{goal.id}/status",
        data={"csrf_token": token, "option": "999999", "progress": "150", "happened_on": "igår"},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in html and "0 till 100" in html
    option = queries.options_of(goal.plan.municipality_id)[0]
    huge = client.post(  # more digits than a float holds: WTForms' own range check gave a 500
        f"/hantera/lund/mal/{goal.id}/status",
        data={
            "csrf_token": token,
            "option": str(option.id),
            "progress": "9" * 1500,
            "happened_on": "2026-06-01",
        },
    )
    assert huge.status_code == 200 and "0 till 100" in huge.get_data(as_text=True)
    assert queries.feedback(goal.id).is_empty
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action != "access.denied")) is None


def test_a_status_update_shows_with_its_progress(client, app_context):
    goal, _comment = lund_goal_with_comment()
    signed_in(client, "a@lund.se", [("lund", Role.ADMIN)])
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    token = csrf(client, page)
    option = queries.options_of(goal.plan.municipality_id)[2]
    response = client.post(
        f"/hantera/lund/mal/{goal.id}/status",
        data={
            "csrf_token": token,
            "option": str(option.id),
            "progress": "40",
            "happened_on": "2026-06-01",
            "note": "Upphandlat.",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Pågår" in html and 'value="40"' in html and "Upphandlat." in html
    data = client.get(f"/api/v1/goals/{goal.id}").get_json()
    assert data["status"]["status"] == "in_progress" and data["status"]["progress"] == 40


def test_an_official_reply_is_shown_as_the_municipality(client, app_context):
    goal, comment = lund_goal_with_comment()
    signed_in(client, "c@lund.se", [("lund", Role.COMMUNICATOR)])
    page = f"/hantera/lund/kommentarer/{comment.id}/svara"
    fields = form_fields(client.get(page).get_data(as_text=True))
    sent = {**fields, "body": "Tack! Vi tar med det."}
    first = client.post(page, data=sent)
    second = client.post(page, data=sent)  # the same form twice: one reply
    assert first.status_code == 302 and second.status_code == 302
    replies = db.session.scalars(select(Comment).filter_by(parent_id=comment.id)).all()
    assert len(replies) == 1 and replies[0].is_official
    html = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Officiellt svar" in html and "Testkommun" in html
    api = client.get(f"/api/v1/goals/{goal.id}/comments").get_json()
    reply = api["items"][0]["replies"][0]
    assert reply["is_official"] is True and reply["author"] == "Testkommun"


def test_lomma_cannot_act_on_lund_and_the_attempt_is_logged(client, app_context):
    goal, comment = lund_goal_with_comment()
    make_goal(slug="lomma")
    signed_in(client, "a@lomma.se", [("lomma", Role.ADMIN)])
    token = csrf(client, "/hantera")
    attempts = [
        ("post", f"/hantera/lund/mal/{goal.id}/aterkoppling/publicera", {"body": "Nej"}),
        ("get", "/hantera/lund/aterkoppling", None),
        ("post", f"/hantera/lomma/mal/{goal.id}/aterkoppling/publicera", {"body": "Nej"}),
        ("post", f"/hantera/lomma/kommentarer/{comment.id}/svara", {"body": "Nej"}),
    ]
    for method, url, data in attempts:
        sent = {**data, "csrf_token": token} if data else None
        response = getattr(client, method)(url, data=sent)
        assert response.status_code == 403, url
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).all()
    assert len(denied) == 4
    assert {e.after["path"] for e in denied} == {url for _m, url, _d in attempts}
    assert queries.response_of(goal.id) is None
    assert db.session.scalars(select(Comment).filter_by(parent_id=comment.id)).all() == []


def test_the_waiting_list_shows_goals_with_comments_but_no_response(client, app_context):
    goal, _comment = lund_goal_with_comment()
    quiet = make_goal(slug="lund", title="Tyst mål")
    signed_in(client, "c@lund.se", [("lund", Role.COMMUNICATOR)])
    html = client.get("/hantera/lund/aterkoppling").get_data(as_text=True)
    assert "Trygga parker" in html and "Tyst mål" not in html
    assert "/hantera/lund/aterkoppling" in client.get("/hantera").get_data(as_text=True)
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    client.post(
        page + "/publicera",
        data={"csrf_token": csrf(client, page), "body": "Svar.", "revision": "0"},
    )
    html = client.get("/hantera/lund/aterkoppling").get_data(as_text=True)
    assert "Trygga parker" not in html
    assert client.get("/hantera/lund/aterkoppling?page=x").status_code == 400
    assert quiet.id


def test_administrators_edit_the_status_list(client, app_context):
    make_goal(slug="lund")
    signed_in(client, "a@lund.se", [("lund", Role.ADMIN)])
    page = "/hantera/lund/statusar"
    token = csrf(client, page)
    empty = client.post(page, data={"csrf_token": token, "add-label": ""})
    assert empty.status_code == 200 and "Skriv statusens namn." in empty.get_data(as_text=True)
    client.post(page, data={"csrf_token": token, "add-label": "Utreds vidare"})
    options = queries.options_of(db.session.scalar(select(Comment.id).limit(1)) or 0)
    place_id = db.session.scalar(select(AuditEntry.municipality_id).limit(1))
    options = queries.options_of(place_id)
    first = options[0]
    client.post(
        f"{page}/{first.id}",
        data={"csrf_token": token, f"o{first.id}-label": "Bereds", f"o{first.id}-is_archived": "y"},
    )
    html = client.get(page).get_data(as_text=True)
    assert "Utreds vidare" in html and "Bereds" in html
    assert [o.name for o in queries.options_of(place_id)][-1] == "Utreds vidare"
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["goal_status_option.add", "goal_status_option.edit"]


def test_an_edit_made_meanwhile_is_not_overwritten_unseen(app, client, app_context):
    goal, _comment = lund_goal_with_comment()
    signed_in(client, "a@lund.se", [("lund", Role.ADMIN)])
    other = app.test_client()
    make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    sign_in_official(other, "c@lund.se")
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    mine, theirs = csrf(client, page), csrf(other, page)
    assert (
        client.post(
            page + "/publicera", data={"csrf_token": mine, "body": "Först.", "revision": "0"}
        ).status_code
        == 302
    )
    late = other.post(
        page + "/publicera", data={"csrf_token": theirs, "body": "Också först.", "revision": "0"}
    )
    assert late.status_code == 200 and "Någon annan har ändrat" in late.get_data(as_text=True)
    assert 'name="revision" type="hidden" value="1"' in late.get_data(as_text=True)
    assert "Den publicerade lydelsen just nu" in late.get_data(as_text=True)
    assert queries.response_of(goal.id).body == "Först."
    again = other.post(
        page + "/publicera", data={"csrf_token": theirs, "body": "Också först.", "revision": "1"}
    )
    assert again.status_code == 302
    assert queries.response_of(goal.id).body == "Också först."
    for revision in ("x", "\u0662", "²"):  # "٢": 2 to int() and a \d to re
        crafted = other.post(
            page + "/publicera", data={"csrf_token": theirs, "body": "X", "revision": revision}
        )
        assert "Formuläret var ofullständigt" in crafted.get_data(as_text=True), revision
    assert queries.response_of(goal.id).body == "Också först."
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["response.publish", "response.edit"]


def test_the_officials_comment_list_is_paged(app, client, app_context, monkeypatch):
    goal, first = lund_goal_with_comment()
    bo = make_user("bo@example.se", "Bo")
    later = participation.post_comment(goal, bo, "Och bänkar.", None, "b" * 32).comment
    db.session.commit()
    monkeypatch.setitem(app.config, "COMMENTS_PER_PAGE", 1)
    signed_in(client, "c@lund.se", [("lund", Role.COMMUNICATOR)])
    page = f"/hantera/lund/mal/{goal.id}/aterkoppling"
    one = client.get(page).get_data(as_text=True)
    two = client.get(page + "?page=2").get_data(as_text=True)
    assert f"kommentarer/{later.id}/svara" in one and f"kommentarer/{first.id}/svara" not in one
    assert f"kommentarer/{first.id}/svara" in two and 'rel="prev"' in two


def test_a_status_name_is_one_line(client, app_context):
    """A status's name is shown on goal pages and in lists: a line break or tab is refused."""
    make_goal(slug="lund")
    signed_in(client, "a@lund.se", [("lund", Role.ADMIN)])
    page = "/hantera/lund/statusar"
    token = csrf(client, page)
    refused = client.post(page, data={"csrf_token": token, "add-label": "Utreds\r\nvidare"})
    assert refused.status_code == 200
    assert "Skriv namnet på en rad, utan radbrytningar" in refused.get_data(as_text=True)
    place_id = db.session.scalar(select(Municipality.id).filter_by(slug="lund"))
    first = queries.options_of(place_id)[0]
    edit = client.post(
        f"{page}/{first.id}", data={"csrf_token": token, f"o{first.id}-label": "Bereds\tnu"}
    )
    assert edit.status_code == 200
    assert f'id="o{first.id}-label-error"' in edit.get_data(as_text=True)
    assert not any("\t" in o.name or "\n" in o.name for o in queries.options_of(place_id))
    assert db.session.scalar(select(AuditEntry.id).limit(1)) is None
