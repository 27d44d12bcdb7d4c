"""The API documented as a web page, generated from the OpenAPI document (no JavaScript)."""

from dataclasses import dataclass, field

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from dialog.api.openapi import openapi_document
from dialog.core.cache import cached_page

bp = Blueprint("api_docs", __name__)


@dataclass
class Property:
    name: str
    type: str
    required: bool
    description: str = ""


@dataclass
class Schema:
    name: str
    description: str = ""
    #: Names of the schemas this one extends (allOf).
    extends: list[str] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe_type(schema: dict) -> str:
    """A short, readable type: "text", "list of Goal", "one of: adopted, proposed"."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "enum" in schema:
        return "one of: " + ", ".join("null" if v is None else str(v) for v in schema["enum"])
    if "oneOf" in schema:
        return " or ".join(describe_type(option) for option in schema["oneOf"])
    kind = schema.get("type", "object")
    kinds = kind if isinstance(kind, list) else [kind]
    if "array" in kinds:
        return "list of " + describe_type(schema.get("items", {}))
    text = " or ".join(kinds)
    return f"{text} ({schema['format']})" if "format" in schema else text


def _schema(name: str, schema: dict) -> Schema:
    found = Schema(name, schema.get("description", ""))
    parts = schema.get("allOf", [schema])
    for part in parts:
        if "$ref" in part:
            found.extends.append(_ref_name(part["$ref"]))
            continue
        required = set(part.get("required", []))
        for key, value in part.get("properties", {}).items():
            found.properties.append(
                Property(key, describe_type(value), key in required, value.get("description", ""))
            )
    return found


def endpoints(document: dict) -> list[dict]:
    """Each operation with its parameters and responses, in the document's order."""
    found = []
    responses = document["components"]["responses"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            answers = []
            for code, response in operation["responses"].items():
                if "$ref" in response:
                    response = responses[_ref_name(response["$ref"])]
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                answers.append((code, response["description"], describe_type(schema)))
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation["operationId"],
                    "summary": operation["summary"],
                    "description": operation.get("description", ""),
                    "parameters": [
                        (p["name"], p["in"], p.get("required", False), describe_type(p["schema"]))
                        for p in operation.get("parameters", [])
                    ],
                    "responses": answers,
                }
            )
    return found


@bp.get("/oppna-data")
@cached_page
def page() -> ResponseReturnValue:
    """How to read the open data: every endpoint and object of the read-only JSON API."""
    document = openapi_document()
    schemas = [_schema(name, s) for name, s in document["components"]["schemas"].items()]
    return render_template(
        "api/docs.html",
        document=document,
        server=document["servers"][0]["url"],
        endpoints=endpoints(document),
        schemas=schemas,
    )
