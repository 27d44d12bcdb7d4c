"""Read goal documents from files and collect every problem, one line each, in words."""

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _

from dialog.catalogue.importer.validation import (
    duplicate,
    find_problems,
    municipality_slug,
    plan_slug,
)
from dialog.catalogue.importer.wording import in_words

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
        mark = key_node.start_mark
        if not isinstance(key, Hashable):  # `? [a, b]`: a list or mapping as the key
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", mark
            )
        if key in seen:
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
        too_large = _(
            "%(file)s: file too large (%(size)s bytes, at most %(most)s)",
            file=path,
            size=len(raw),
            most=max_bytes,
        )
        return None, [too_large]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            _("%(file)s: not UTF-8 (invalid byte at position %(n)s)", file=path, n=error.start)
        ]
    suffix = Path(path).suffix.lower()
    try:
        data, problems = _parse(path, suffix, text)
    except RecursionError:
        return None, [_too_deep(path)]
    if not problems and _depth(data) > MAX_DEPTH:
        return None, [_too_deep(path)]
    return data, problems


def _too_deep(path: str) -> str:
    return _(
        "%(file)s: lists or mappings nested too deeply (at most %(most)s)",
        file=path,
        most=MAX_DEPTH,
    )


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
                _(
                    "%(file)s: not valid JSON at line %(line)s, column %(column)s: %(error)s",
                    file=path,
                    line=error.lineno,
                    column=error.colno,
                    error=error.msg,
                )
            ]
    if suffix in YAML_SUFFIXES:
        try:
            return yaml.load(text, Loader=_UniqueKeyLoader), []  # noqa: S506 (a SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            said = error.problem or error.context
            if mark is None:
                return None, [_("%(file)s: not valid YAML: %(error)s", file=path, error=said)]
            return None, [
                _(
                    "%(file)s: not valid YAML at line %(line)s, column %(column)s: %(error)s",
                    file=path,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    error=said,
                )
            ]
        except yaml.YAMLError as error:
            return None, [_("%(file)s: not valid YAML: %(error)s", file=path, error=error)]
    return None, [
        _(
            "%(file)s: unknown file type “%(suffix)s” (use .yaml, .yml or .json)",
            file=path,
            suffix=suffix,
        )
    ]


def load_documents(paths: list[str], max_bytes: int) -> tuple[list[Document], list[str]]:
    """Read, parse and validate all files; return documents only if nothing is wrong."""
    documents, problems = [], []
    for path in paths:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            problems.append(
                _("%(file)s: cannot be read (%(error)s)", file=path, error=error.strerror)
            )
            continue
        data, parse_problems = parse_text(path, raw, max_bytes)
        if parse_problems:
            problems.extend(parse_problems)
            continue
        document_problems = find_problems(data)
        problems.extend(f"{path}: {in_words(found, data)}" for found in document_problems)
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
                found = duplicate(("plans", index, "slug"), "slug", key[1], seen[key])
                problems.append(f"{document.path}: {in_words(found, document.data)}")
            seen[key] = document.path
    return problems
