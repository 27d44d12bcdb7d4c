"""The OpenAPI 3.1 document for /api/v1, kept beside the views it describes."""

from flask import url_for

from dialog.catalogue.models import LadderStep
from dialog.participation.models import CommentCategory, CommentStatus
from dialog.participation.queries import SORTS

_text = {"type": "string"}
_nullable_text = {"type": ["string", "null"]}
_url = {"type": "string", "format": "uri"}
_nullable_url = {"type": ["string", "null"], "format": "uri"}
_integer = {"type": "integer"}
_count = {"type": "integer", "minimum": 0}
_time = {"type": "string", "format": "date-time"}
_nullable_date = {"type": ["string", "null"], "format": "date"}


def _values(choices) -> list[str]:
    return [choice.value for choice in choices]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NOT_FOUND = {"$ref": "#/components/responses/NotFound"}
BAD_REQUEST = {"$ref": "#/components/responses/BadRequest"}
ANSWERS = ["1", "2", "3", "4", "5", "dont_know"]

_COMMENT_PROPERTIES = {
    "id": _integer,
    "html_url": _url,
    "status": {"enum": _values(CommentStatus)},
    "author": {
        **_nullable_text,
        "description": "The display name; null for a deleted account.",
    },
    "former_participant": {
        "type": "boolean",
        "description": "True when the writer has deleted the account.",
    },
    "text": {**_nullable_text, "description": "Plain text; null unless published."},
    "category": {"enum": [*_values(CommentCategory), None]},
    "created_at": _time,
    "edited_at": {"type": ["string", "null"], "format": "date-time"},
    "agree_count": _count,
    "disagree_count": _count,
    "reply_count": _count,
}

SCHEMAS = {
    "Municipality": {
        "type": "object",
        "required": ["slug", "name", "html_url"],
        "properties": {"slug": _text, "name": _text, "html_url": _url},
    },
    "MunicipalityDetail": {
        "allOf": [
            _ref("Municipality"),
            {
                "type": "object",
                "properties": {
                    "vision": _nullable_text,
                    "plans": {"type": "array", "items": _ref("Plan")},
                },
            },
        ]
    },
    "Plan": {
        "type": "object",
        "required": ["slug", "title", "status", "html_url"],
        "properties": {
            "slug": _text,
            "title": _text,
            "status": {"enum": ["adopted", "proposed", "archived"]},
            "period": _nullable_text,
            "html_url": _url,
        },
    },
    "PlanDetail": {
        "allOf": [
            _ref("Plan"),
            {
                "type": "object",
                "properties": {
                    "intro": _nullable_text,
                    "source": _nullable_text,
                    "focus_areas": {"type": "array", "items": _ref("FocusArea")},
                    "goals": {"type": "array", "items": _ref("Goal")},
                },
            },
        ]
    },
    "FocusArea": {
        "type": "object",
        "required": ["id", "title", "html_url", "goals"],
        "properties": {
            "id": {"type": "integer"},
            "code": _nullable_text,
            "title": _text,
            "description": _nullable_text,
            "html_url": _url,
            "goals": {"type": "array", "items": _ref("Goal")},
        },
    },
    "Goal": {
        "type": "object",
        "required": ["id", "title", "kind", "is_archived", "html_url"],
        "properties": {
            "id": {"type": "integer"},
            "code": _nullable_text,
            "title": _text,
            "kind": {"enum": ["goal", "assignment", "aspect"]},
            "is_archived": {"type": "boolean"},
            "html_url": _url,
        },
    },
    "GoalDetail": {
        "allOf": [
            _ref("Goal"),
            {
                "type": "object",
                "properties": {
                    "description": _nullable_text,
                    "municipality": _ref("Municipality"),
                    "plan": _ref("Plan"),
                    "focus_area": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "code": _nullable_text,
                                    "title": _text,
                                },
                            },
                        ]
                    },
                    "committees": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": _text, "slug": _text},
                        },
                    },
                    "dialogue": _ref("Dialogue"),
                    "ratings": {
                        "type": "object",
                        "required": ["importance", "performance"],
                        "properties": {
                            "importance": _ref("RatingSummary"),
                            "performance": _ref("RatingSummary"),
                        },
                    },
                    "comment_count": {
                        **_count,
                        "description": "Top-level comments in any status (one slot each).",
                    },
                    "comments_url": _url,
                },
            },
        ]
    },
    "Dialogue": {
        "type": "object",
        "description": "The goal's dialogue window, or else its plan's; all but phase are null "
        'when the phase is "none".',
        "required": ["phase", "opens_on", "closes_on", "ladder_step", "influence", "readers"],
        "properties": {
            "phase": {"enum": ["open", "upcoming", "closed", "none"]},
            "opens_on": _nullable_date,
            "closes_on": _nullable_date,
            "ladder_step": {"enum": [*_values(LadderStep), None]},
            "influence": {**_nullable_text, "description": "What residents can influence."},
            "readers": {**_nullable_text, "description": "Who reads the input, and when."},
        },
    },
    "RatingSummary": {
        "type": "object",
        "description": "Answers to one rating question. The distribution is null while fewer "
        "residents than the threshold (5) have answered, so that no answer can be singled out.",
        "required": ["respondents", "distribution"],
        "properties": {
            "respondents": _count,
            "distribution": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "required": ANSWERS,
                        "properties": {answer: _count for answer in ANSWERS},
                        "additionalProperties": False,
                    },
                ]
            },
        },
    },
    "Comment": {
        "type": "object",
        "description": "A comment or reply. One that is not published (pending, rejected or "
        "withdrawn) keeps its place, so that pages match the goal page, but its text and "
        "category are null.",
        "required": list(_COMMENT_PROPERTIES),
        "properties": _COMMENT_PROPERTIES,
    },
    "CommentThread": {
        "allOf": [
            _ref("Comment"),
            {
                "type": "object",
                "required": ["replies"],
                "properties": {
                    "replies": {
                        "type": "array",
                        "description": "Every reply, oldest first.",
                        "items": _ref("Comment"),
                    }
                },
            },
        ]
    },
    "CommentPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "sort", "next", "prev"],
        "properties": {
            "items": {"type": "array", "items": _ref("CommentThread")},
            "page": _integer,
            "per_page": _integer,
            "total": {**_count, "description": "Top-level comments in any status."},
            "pages": _integer,
            "sort": {"enum": list(SORTS)},
            "next": _nullable_url,
            "prev": _nullable_url,
        },
    },
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {"status": {"type": "integer"}, "message": _text},
            }
        },
    },
}


def _slug_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
PAGE_PARAM = {
    "name": "page",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1},
}
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
            "and to residents' comments and ratings on the goals.",
        },
        "servers": [{"url": url_for("api.municipalities", _external=True).rsplit("/", 1)[0]}],
        "paths": {
            "/municipalities": {
                "get": {
                    "summary": "List municipalities",
                    "operationId": "listMunicipalities",
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "items": {"type": "array", "items": _ref("Municipality")}
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
                        "200": _json(_ref("MunicipalityDetail"), "The municipality"),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/municipalities/{slug}/plans/{plan_slug}": {
                "get": {
                    "summary": "A plan with its focus areas and goals",
                    "operationId": "getPlan",
                    "parameters": [_slug_param("slug"), _slug_param("plan_slug")],
                    "responses": {"200": _json(_ref("PlanDetail"), "The plan"), "404": NOT_FOUND},
                }
            },
            "/goals/{id}": {
                "get": {
                    "summary": "A goal, assignment or aspect",
                    "operationId": "getGoal",
                    "parameters": [ID_PARAM],
                    "responses": {"200": _json(_ref("GoalDetail"), "The goal"), "404": NOT_FOUND},
                }
            },
            "/goals/{id}/comments": {
                "get": {
                    "summary": "One page of a goal's comments with their replies",
                    "description": "Top-level comments in the same pages and order as the goal "
                    "page. Comments that are not published keep their slot with their status "
                    "and null text.",
                    "operationId": "listGoalComments",
                    "parameters": [ID_PARAM, PAGE_PARAM, SORT_PARAM],
                    "responses": {
                        "200": _json(_ref("CommentPage"), "The page of comments"),
                        "400": BAD_REQUEST,
                        "404": NOT_FOUND,
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {
                "NotFound": _json(_ref("Error"), "No such object"),
                "BadRequest": _json(_ref("Error"), "A page or sort that is not allowed"),
            },
        },
    }
