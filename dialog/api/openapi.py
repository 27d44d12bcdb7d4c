"""The OpenAPI 3.1 document for /api/v1, kept beside the views it describes."""

from flask import url_for

_text = {"type": "string"}
_nullable_text = {"type": ["string", "null"]}
_url = {"type": "string", "format": "uri"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NOT_FOUND = {"$ref": "#/components/responses/NotFound"}

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
                },
            },
        ]
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


def openapi_document() -> dict:
    """Built per request so that `servers` names the host the client used."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dialog API",
            "version": "1.0.0",
            "description": "Read-only access to municipalities, plans, focus areas and goals.",
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
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": _json(_ref("GoalDetail"), "The goal"), "404": NOT_FOUND},
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {"NotFound": _json(_ref("Error"), "No such object")},
        },
    }
