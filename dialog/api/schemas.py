"""JSON Schemas of the API's objects, for the OpenAPI document and the API tests."""

import enum
from collections.abc import Iterable

from dialog.catalogue.kinds import CommitteeKind, DialogueLevel, GroupKind, PlanKind, PlanStatus
from dialog.catalogue.models import LadderStep
from dialog.participation.models import CommentCategory, CommentChannel, CommentStatus
from dialog.participation.queries import SORTS
from dialog.responses.models import DefaultStatus

_text = {"type": "string"}
_nullable_text = {"type": ["string", "null"]}
_url = {"type": "string", "format": "uri"}
_nullable_url = {"type": ["string", "null"], "format": "uri"}
_integer = {"type": "integer"}
_count = {"type": "integer", "minimum": 0}
_time = {"type": "string", "format": "date-time"}
_nullable_date = {"type": ["string", "null"], "format": "date"}


def _values(choices: Iterable[enum.Enum]) -> list[str]:
    return [choice.value for choice in choices]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict, description: str) -> dict:
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
        "description": (
            "The display name; null for a deleted account and for a comment from another "
            "channel (see channel)."
        ),
    },
    "channel": {
        "enum": _values(CommentChannel),
        "description": (
            "Where the comment came in: web (written here), or paper, meeting, email, phone, "
            "survey or other for a comment the municipality imported and published."
        ),
    },
    "former_participant": {
        "type": "boolean",
        "description": "True when the writer has deleted the account.",
    },
    "is_official": {
        "type": "boolean",
        "description": "A reply from the municipality; author is then the municipality's name.",
    },
    "text": {**_nullable_text, "description": "Plain text; null unless published."},
    "category": {"enum": [*_values(CommentCategory), None]},
    "created_at": _time,
    "edited_at": {"type": ["string", "null"], "format": "date-time"},
    "agree_count": _count,
    "disagree_count": _count,
    "reply_count": _count,
}

#: What residents said on a goal or a focus area: the same for both.
_PARTICIPATION_PROPERTIES = {
    "dialogue": ref("Dialogue"),
    "ratings": {
        "type": "object",
        "required": ["importance", "performance"],
        "properties": {
            "importance": ref("RatingSummary"),
            "performance": ref("RatingSummary"),
        },
    },
    "comment_count": {
        **_count,
        "description": (
            "Comments and replies residents can read: published ones, and comments from "
            "other channels once published on the page; as the site's pages count them. "
            "(The comments list's `total` counts its top-level items, those shown as "
            "withdrawn, awaiting moderation or removed included.)"
        ),
    },
    "comments_url": _url,
}

SCHEMAS = {
    "Municipality": {
        "type": "object",
        "required": ["slug", "name", "html_url"],
        "properties": {"slug": _text, "name": _text, "html_url": _url},
    },
    "MunicipalityDetail": {
        "allOf": [
            ref("Municipality"),
            {
                "type": "object",
                "properties": {
                    "vision": _nullable_text,
                    "plans": {"type": "array", "items": ref("Plan")},
                },
            },
        ]
    },
    "Plan": {
        "type": "object",
        "required": ["slug", "title", "kind", "status", "html_url"],
        "properties": {
            "slug": _text,
            "title": _text,
            "kind": {
                "enum": _values(PlanKind),
                "description": "governing (styrdokument), proposal (förslag) or background "
                "(underlag).",
            },
            "status": {
                "enum": _values(PlanStatus),
                "description": "proposed, returned (återremitterad), adopted, current (a "
                "background document in use) or archived (no longer current).",
            },
            "period": _nullable_text,
            "dialogue_level": {
                "enum": _values(DialogueLevel),
                "description": "What residents comment on and rate while the plan is open: "
                "its goals, its focus_areas, or both.",
            },
            "html_url": _url,
        },
    },
    "PlanDetail": {
        "allOf": [
            ref("Plan"),
            {
                "type": "object",
                "properties": {
                    "intro": _nullable_text,
                    "source": _nullable_text,
                    "focus_areas": {"type": "array", "items": ref("FocusArea")},
                    "goals": {"type": "array", "items": ref("Goal")},
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
            "kind": {
                "enum": _values(GroupKind),
                "description": "focus_area, or section / change_pressure (förändringstryck) "
                "for groups that are not focus areas.",
            },
            "title": _text,
            "description": _nullable_text,
            "html_url": _url,
            "goals": {"type": "array", "items": ref("Goal")},
        },
    },
    "FocusAreaDetail": {
        "allOf": [
            ref("FocusArea"),
            {
                "type": "object",
                "required": list(_PARTICIPATION_PROPERTIES),
                "properties": {
                    "municipality": ref("Municipality"),
                    "plan": ref("Plan"),
                    **_PARTICIPATION_PROPERTIES,
                },
            },
        ]
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
            ref("Goal"),
            {
                "type": "object",
                "properties": {
                    "description": _nullable_text,
                    "municipality": ref("Municipality"),
                    "plan": ref("Plan"),
                    "focus_area": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "code": _nullable_text,
                                    "kind": {"enum": _values(GroupKind)},
                                    "title": _text,
                                },
                            },
                        ]
                    },
                    "committees": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "name": _text,
                                "slug": _text,
                                "kind": {
                                    "enum": _values(CommitteeKind),
                                    "description": "committee (nämnd), board (styrelse) or "
                                    "company (bolag).",
                                },
                                "full_name": _nullable_text,
                            },
                        },
                    },
                    "official_response": {"oneOf": [{"type": "null"}, ref("OfficialResponse")]},
                    "status": {"oneOf": [{"type": "null"}, ref("GoalStatus")]},
                    **_PARTICIPATION_PROPERTIES,
                },
            },
        ]
    },
    "OfficialResponse": {
        "type": "object",
        "description": "What the municipality does with the input on the goal (återkoppling).",
        "required": ["text", "published_at", "edited_at"],
        "properties": {
            "text": {**_text, "description": "Plain text; paragraphs separated by blank lines."},
            "published_at": _time,
            "edited_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "StatusUpdate": {
        "type": "object",
        "required": ["status", "label", "progress", "date", "note"],
        "properties": {
            "status": {
                "enum": [*_values(DefaultStatus), None],
                "description": "One of the standard statuses, or null for a status the "
                "municipality added (see label).",
            },
            "label": {**_text, "description": "The status as the municipality names it."},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "date": {"type": "string", "format": "date"},
            "note": _nullable_text,
        },
    },
    "GoalStatus": {
        "allOf": [
            ref("StatusUpdate"),
            {
                "type": "object",
                "description": "The newest update is the goal's status.",
                "required": ["updates"],
                "properties": {
                    "updates": {
                        "type": "array",
                        "description": "The latest updates, newest first (at most 20).",
                        "items": ref("StatusUpdate"),
                    }
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
            ref("Comment"),
            {
                "type": "object",
                "required": ["replies"],
                "properties": {
                    "replies": {
                        "type": "array",
                        "description": "Every reply, oldest first.",
                        "items": ref("Comment"),
                    }
                },
            },
        ]
    },
    "CommentPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "sort", "next", "prev"],
        "properties": {
            "items": {"type": "array", "items": ref("CommentThread")},
            "page": {
                "type": ["integer", "null"],
                "description": "The page's number when asked for by `page` (1 without any); "
                "null for a page asked for by cursor.",
            },
            "per_page": _integer,
            "total": {**_count, "description": "Top-level comments in any status."},
            "pages": _integer,
            "sort": {"enum": list(SORTS)},
            "next": {
                **_nullable_url,
                "description": "The next page (`after=` a cursor), or null on the last.",
            },
            "prev": {
                **_nullable_url,
                "description": "The page before (`before=` a cursor), or null on the first.",
            },
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
