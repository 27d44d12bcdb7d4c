"""Read goal documents from files and collect every problem, one line each."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dialog.catalogue.importer.validation import municipality_slug, plan_slug, validate_document

YAML_SUFFIXES = {".yaml", ".yml"}
#: Lists and mappings inside each other, at most; a goal document needs about ten.
MAX_DEPTH = 32


@dataclass
class Document:
    path: str
    data: dict = field(default_factory=dict)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice instead of silently keeping the last, and
    aliases (`*name`): a few lines of them expand to billions of nodes (a "YAML bomb")."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in goal documents", mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


# Dates stay text, so that the schema checks them and the importer parses them itself.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_text(path: str, raw: bytes, max_bytes: int) -> tuple[object, list[str]]:
    """Decode and parse one file; problems name the file and, where known, line and column."""
    if len(raw) > max_bytes:
        return None, [f"{path}: file too large ({len(raw)} bytes, at most {max_bytes})"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [f"{path}: not UTF-8 (invalid byte at position {error.start})"]
    suffix = Path(path).suffix.lower()
    try:
        data, problems = _parse(path, suffix, text)
    except RecursionError:
        return None, [f"{path}: lists or mappings nested too deeply (at most {MAX_DEPTH})"]
    if not problems and _depth(data) > MAX_DEPTH:
        return None, [f"{path}: lists or mappings nested too deeply (at most {MAX_DEPTH})"]
    return data, problems


def _depth(data: object) -> int:
    """How deeply lists and mappings are nested (without recursion: any depth is safe)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse(path: str, suffix: str, text: str) -> tuple[object, list[str]]:
    if suffix == ".json":
        try:
            return json.loads(text), []
        except json.JSONDecodeError as error:
            return None, [
                f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ]
    if suffix in YAML_SUFFIXES:
        try:
            return yaml.load(text, Loader=_UniqueKeyLoader), []  # noqa: S506 (a SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            return None, [f"{path}: not valid YAML{where}: {error.problem or error.context}"]
        except yaml.YAMLError as error:
            return None, [f"{path}: not valid YAML: {error}"]
    return None, [f"{path}: unknown file type '{suffix}' (use .yaml, .yml or .json)"]


def load_documents(paths: list[str], max_bytes: int) -> tuple[list[Document], list[str]]:
    """Read, parse and validate all files; return documents only if nothing is wrong."""
    documents, problems = [], []
    for path in paths:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            problems.append(f"{path}: cannot be read ({error.strerror})")
            continue
        data, parse_problems = parse_text(path, raw, max_bytes)
        if parse_problems:
            problems.extend(parse_problems)
            continue
        document_problems = validate_document(data)
        problems.extend(f"{path}: {line}" for line in document_problems)
        if not document_problems and isinstance(data, dict):  # the schema asks for a mapping
            documents.append(Document(path, data))
    problems.extend(_cross_file_problems(documents))
    return (documents if not problems else []), problems


def _cross_file_problems(documents: list[Document]) -> list[str]:
    """Two valid files may share a municipality but must not both define the same plan."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for document in documents:
        municipality = municipality_slug(document.data["municipality"])
        for index, plan in enumerate(document.data["plans"]):
            key = (municipality, plan_slug(plan))
            if key in seen:
                problems.append(
                    f"{document.path}: plans[{index}].slug: duplicate slug '{key[1]}' "
                    f"(also in {seen[key]})"
                )
            seen[key] = document.path
    return problems
