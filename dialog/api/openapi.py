"""The OpenAPI 3.1 document for /api/v1, kept beside the views it describes."""

from flask import url_for

from dialog.api.schemas import BAD_REQUEST, NOT_FOUND, SCHEMAS, json_content, ref
from dialog.participation.queries import SORTS


def _slug_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
PAGE_PARAM = {
    "name": "page",
    "in": "query",
    "description": "A page by its number (by offset: slower the deeper it is). Kept for older "
    "clients; follow the `next` and `prev` links instead. Ignored with `after` or `before`.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1},
}
#: `after=345`, or `after=12.345` for the sorts by a count (the count, then the comment's id).
CURSOR_PATTERN = r"^[0-9]{1,9}(\.[0-9]{1,9})?$"
CURSOR_PARAMS = [
    {
        "name": direction,
        "in": "query",
        "description": f"The page {where} the comment this cursor names, in the chosen sort; "
        "taken from a `next` or `prev` link (a cursor made for another sort is a 400). "
        "At most one of `after` and `before`.",
        "schema": {"type": "string", "pattern": CURSOR_PATTERN},
    }
    for direction, where in (("after", "after"), ("before", "before"))
]
SORT_PARAM = {
    "name": "sort",
    "in": "query",
    "description": "newest or oldest first, most agreed with, or most replies.",
    "schema": {"enum": list(SORTS), "default": "newest"},
}


def openapi_document() -> dict:
    """Built per request so that `servers` names the host the client used."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dialog API",
            "version": "1.0.0",
            "description": "Read-only access to municipalities, plans, focus areas and goals, "
            "to residents' comments and ratings on the goals and focus areas, and to the "
            "municipalities' "
            "responses and the goals' status.",
        },
        "servers": [{"url": url_for("api.municipalities", _external=True).rsplit("/", 1)[0]}],
        "paths": {
            "/municipalities": {
                "get": {
                    "summary": "List municipalities",
                    "operationId": "listMunicipalities",
                    "responses": {
                        "200": json_content(
                            {
                                "type": "object",
                                "properties": {
                                    "items": {"type": "array", "items": ref("Municipality")}
                                },
                            },
                            "Every municipality",
                        )
                    },
                }
            },
            "/municipalities/{slug}": {
                "get": {
                    "summary": "A municipality with its plans",
                    "operationId": "getMunicipality",
                    "parameters": [_slug_param("slug")],
                    "responses": {
                        "200": json_content(ref("MunicipalityDetail"), "The municipality"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/municipalities/{slug}/plans/{plan_slug}": {
                "get": {
                    "summary": "A plan with its focus areas and goals",
                    "operationId": "getPlan",
                    "parameters": [_slug_param("slug"), _slug_param("plan_slug")],
                    "responses": {
                        "200": json_content(ref("PlanDetail"), "The plan"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/goals/{id}": {
                "get": {
                    "summary": "A goal, assignment or aspect",
                    "operationId": "getGoal",
                    "parameters": [ID_PARAM],
                    "responses": {
                        "200": json_content(ref("GoalDetail"), "The goal"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/goals/{id}/comments": {
                "get": {
                    "summary": "One page of a goal's comments with their replies",
                    "description": "Top-level comments in the same pages and order as the goal "
                    "page. Comments that are not published keep their slot with their status "
                    "and null text. Pages go by cursor: follow `next` and `prev`.",
                    "operationId": "listGoalComments",
                    "parameters": [ID_PARAM, SORT_PARAM, *CURSOR_PARAMS, PAGE_PARAM],
                    "responses": {
                        "200": json_content(ref("CommentPage"), "The page of comments"),
                        "400": BAD_REQUEST,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/focus-areas/{id}": {
                "get": {
                    "summary": "A focus area with its goals and the dialogue on it",
                    "description": "A focus area is open for dialogue when its plan's "
                    "dialogue_level is focus_areas or both; otherwise its dialogue phase is none.",
                    "operationId": "getFocusArea",
                    "parameters": [ID_PARAM],
                    "responses": {
                        "200": json_content(ref("FocusAreaDetail"), "The focus area"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/focus-areas/{id}/comments": {
                "get": {
                    "summary": "One page of a focus area's comments with their replies",
                    "description": "As for a goal's comments.",
                    "operationId": "listFocusAreaComments",
                    "parameters": [ID_PARAM, SORT_PARAM, *CURSOR_PARAMS, PAGE_PARAM],
                    "responses": {
                        "200": json_content(ref("CommentPage"), "The page of comments"),
                        "400": BAD_REQUEST,
                        "404": NOT_FOUND,
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {
                "NotFound": json_content(ref("Error"), "No such object"),
                "BadRequest": json_content(
                    ref("Error"), "A page, cursor or sort that is not allowed"
                ),
            },
        },
    }
