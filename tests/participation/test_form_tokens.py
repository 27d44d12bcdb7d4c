"""Form tokens belong to one account and one target; moved, they are a 400 with a message."""

import pytest
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment
from tests.factories import form_fields, make_goal, make_user, sign_in

FOREIGN = "Formuläret skapades för ett annat konto eller en annan sida"
INCOMPLETE = "Formuläret var ofullständigt"


def count_comments() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


def fields_of(client, path: str) -> dict[str, str]:
    return form_fields(client.get(path).get_data(as_text=True))


@pytest.fixture
def anna_and_bo(app, client, app_context):
    """Anna on `client`, Bo on a second client; one open goal."""
    goal = make_goal()
    make_user()
    make_user("bo@example.se", "Bo")
    sign_in(client)
    bo = app.test_client()
    sign_in(bo, "bo@example.se")
    return goal, client, bo


def test_a_used_token_sent_by_another_account_is_a_400_not_a_500(anna_and_bo):
    goal, anna, bo = anna_and_bo
    token = fields_of(anna, f"/mal/{goal.id}")["submission_token"]
    data = {"body": "Annas text", "submission_token": token}
    csrf = fields_of(anna, f"/mal/{goal.id}")["csrf_token"]
    assert (
        anna.post(f"/mal/{goal.id}/kommentera", data={**data, "csrf_token": csrf}).status_code
        == 302
    )
    csrf = fields_of(bo, f"/mal/{goal.id}")["csrf_token"]
    response = bo.post(
        f"/mal/{goal.id}/kommentera", data={**data, "body": "Bos text", "csrf_token": csrf}
    )
    assert response.status_code == 400
    assert FOREIGN in response.get_data(as_text=True)
    assert count_comments() == 1


def test_an_unused_token_of_another_account_stores_nothing(anna_and_bo):
    goal, anna, bo = anna_and_bo
    token = fields_of(anna, f"/mal/{goal.id}")["submission_token"]
    fields = fields_of(bo, f"/mal/{goal.id}")
    response = bo.post(
        f"/mal/{goal.id}/kommentera", data={**fields, "body": "Bos text", "submission_token": token}
    )
    assert response.status_code == 400 and FOREIGN in response.get_data(as_text=True)
    assert count_comments() == 0


def test_a_token_used_again_on_another_goal_is_refused_not_redirected(anna_and_bo):
    goal, anna, _bo = anna_and_bo
    other = make_goal(title="Rena stränder")
    fields = fields_of(anna, f"/mal/{goal.id}")
    assert (
        anna.post(f"/mal/{goal.id}/kommentera", data={**fields, "body": "Ett"}).status_code == 302
    )
    response = anna.post(f"/mal/{other.id}/kommentera", data={**fields, "body": "Två"})
    assert response.status_code == 400 and FOREIGN in response.get_data(as_text=True)
    assert count_comments() == 1


def test_a_comment_token_used_as_a_reply_token_is_refused_not_dropped(anna_and_bo):
    goal, anna, _bo = anna_and_bo
    top = services.post_comment(goal, make_user("cy@example.se", "Cy"), "Cys", None, "c" * 32)
    db.session.commit()
    fields = fields_of(anna, f"/mal/{goal.id}")
    assert (
        anna.post(f"/mal/{goal.id}/kommentera", data={**fields, "body": "Ett"}).status_code == 302
    )
    response = anna.post(f"/kommentar/{top.comment.id}/svara", data={**fields, "body": "Mitt svar"})
    assert response.status_code == 400 and FOREIGN in response.get_data(as_text=True)
    assert count_comments() == 2


def test_a_reply_token_for_another_comment_is_refused(anna_and_bo):
    goal, anna, _bo = anna_and_bo
    cy = make_user("cy@example.se", "Cy")
    first = services.post_comment(goal, cy, "Första", None, "c" * 32).comment
    second = services.post_comment(goal, cy, "Andra", None, "d" * 32).comment
    db.session.commit()
    fields = fields_of(anna, f"/kommentar/{first.id}")
    response = anna.post(f"/kommentar/{second.id}/svara", data={**fields, "body": "Svar"})
    assert response.status_code == 400 and FOREIGN in response.get_data(as_text=True)
    assert count_comments() == 2


def test_a_refused_form_keeps_the_text_and_a_new_token_that_works(anna_and_bo):
    goal, anna, bo = anna_and_bo
    token = fields_of(anna, f"/mal/{goal.id}")["submission_token"]
    fields = fields_of(bo, f"/mal/{goal.id}")
    refused = bo.post(
        f"/mal/{goal.id}/kommentera", data={**fields, "body": "Bos text", "submission_token": token}
    ).get_data(as_text=True)
    assert "Bos text" in refused
    again = form_fields(refused)
    assert again["submission_token"] != token
    response = bo.post(f"/mal/{goal.id}/kommentera", data={**again, "body": "Bos text"})
    assert response.status_code == 302
    assert count_comments() == 1


@pytest.mark.parametrize("token", ["", "a" * 32, "nonsense.signature", "x" * 5000])
def test_a_missing_or_forged_token_is_a_400(anna_and_bo, token):
    goal, anna, _bo = anna_and_bo
    fields = fields_of(anna, f"/mal/{goal.id}")
    response = anna.post(
        f"/mal/{goal.id}/kommentera", data={**fields, "body": "Hej", "submission_token": token}
    )
    assert response.status_code == 400 and INCOMPLETE in response.get_data(as_text=True)
    assert count_comments() == 0


def test_the_service_never_hands_back_a_row_stored_for_another_place(app, app_context):
    """Below the form: a nonce already stored for another goal or author is refused."""
    with app.test_request_context():
        _refuses_a_nonce_stored_elsewhere()


def _refuses_a_nonce_stored_elsewhere():
    goal, other = make_goal(), make_goal(title="Rena stränder")
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    services.post_comment(goal, anna, "Ett", None, "e" * 32)
    for where, who in ((other, anna), (goal, bo)):
        with pytest.raises(services.NotAllowed):
            services.post_comment(where, who, "Två", None, "e" * 32)
    assert services.post_comment(goal, anna, "Ett", None, "e" * 32).created is False
