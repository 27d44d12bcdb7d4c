"""The read-only JSON API and its OpenAPI document."""

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.extensions import db


def test_municipalities(seeded, client):
    data = client.get("/api/v1/municipalities").get_json()
    slugs = [m["slug"] for m in data["items"]]
    assert slugs == ["lomma", "lund"]
    assert data["items"][1]["html_url"] == "http://localhost/kommun/lund"


def test_municipality_with_plans(seeded, client):
    data = client.get("/api/v1/municipalities/lomma").get_json()
    assert data["vision"].startswith("Lomma kommun ska erbjuda")
    [plan] = data["plans"]
    assert (plan["kind"], plan["status"]) == ("proposal", "archived")
    assert plan["html_url"].endswith(f"/kommun/lomma/plan/{plan['slug']}")


def test_plan_with_focus_areas_and_goals(seeded, client):
    data = client.get(
        "/api/v1/municipalities/lund/plans/lundakvintettens-fokusomraden-och-mal"
    ).get_json()
    assert len(data["focus_areas"]) == 4
    goals = [g for area in data["focus_areas"] for g in area["goals"]]
    assert len(goals) == 9
    assert all(g["html_url"].startswith("http://localhost/mal/") for g in goals)
    assert all(
        a["html_url"].startswith("http://localhost/fokusomrade/") for a in data["focus_areas"]
    )


def test_goal(seeded, client, app):
    with app.app_context():
        goal = db.session.scalar(select(Goal).filter_by(kind="assignment").order_by(Goal.id))
        goal_id = goal.id
    data = client.get(f"/api/v1/goals/{goal_id}").get_json()
    assert data["id"] == goal_id
    assert data["kind"] == "assignment"
    assert data["committees"] and data["municipality"]["slug"] == "lund"
    assert data["html_url"] == f"http://localhost/mal/{goal_id}"
    assert data["plan"]["html_url"].startswith("http://localhost/kommun/lund/plan/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/municipalities/nowhere",
        "/api/v1/municipalities/lund/plans/nothing",
        "/api/v1/goals/999999",
        "/api/v1/goals/abc",
        "/api/v1/nothing",
    ],
)
def test_unknown_ids_give_a_json_404(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json() == {"error": {"status": 404, "message": "Not Found"}}


def test_openapi_document_is_valid_and_lists_every_route(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    api_rules = {
        rule.rule.removeprefix("/api/v1")
        .replace("<slug>", "{slug}")
        .replace("<plan_slug>", "{plan_slug}")
        .replace("<int:goal_id>", "{id}")
        .replace("<int:area_id>", "{id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and not rule.rule.endswith("openapi.json")
    }
    assert api_rules == set(document["paths"])
