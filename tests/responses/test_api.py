"""The response, the status and official replies in the JSON API, checked against OpenAPI."""

from datetime import date

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.participation import services as participation
from dialog.responses import queries, services
from tests.api.test_api_participation import matches_schema
from tests.factories import make_goal, make_user
from tests.officials import make_official


def test_a_goal_without_answers_has_null_response_and_status(client, app_context):
    goal = make_goal(slug="lund")
    data = client.get(f"/api/v1/goals/{goal.id}").get_json()
    assert data["official_response"] is None and data["status"] is None
    matches_schema(client, "GoalDetail", data)


def test_response_status_and_official_reply_match_the_document(app, client, app_context):
    goal = make_goal(slug="lund")
    anna = make_user()
    comment = participation.post_comment(goal, anna, "Fler lampor.", None, "a" * 32).comment
    official = make_official("a@lund.se", [("lund", Role.ADMIN)])
    place = goal.plan.municipality
    with app.test_request_context():
        services.publish_response(goal, official, "Vi sätter upp lampor.\n\nI höst.")
        services.ensure_default_options(place.id)
        first = queries.options_of(place.id)[0]
        own = services.add_option(place, official, "Utreds vidare")
        services.set_status(goal, official, first.id, 10, date(2026, 3, 1), None)
        services.set_status(goal, official, own.id, 25, date(2026, 4, 1), "Utredning pågår.")
        services.reply_officially(comment, official, "Tack!", "r" * 32)
        db.session.commit()
    data = client.get(f"/api/v1/goals/{goal.id}").get_json()
    matches_schema(client, "GoalDetail", data)
    assert data["official_response"]["text"] == "Vi sätter upp lampor.\n\nI höst."
    assert data["official_response"]["edited_at"] is None
    status = data["status"]
    assert (status["status"], status["label"], status["progress"]) == (None, "Utreds vidare", 25)
    assert [u["status"] for u in status["updates"]] == [None, "under_consideration"]
    assert status["updates"][1]["label"] == "Under beredning"
    page = client.get(f"/api/v1/goals/{goal.id}/comments").get_json()
    matches_schema(client, "CommentPage", page)
    assert page["items"][0]["is_official"] is False
    reply = page["items"][0]["replies"][0]
    assert reply["is_official"] is True and reply["author"] == "Testkommun"
