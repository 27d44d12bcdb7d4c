"""Every action the code can record in the audit log has words, in Swedish and English.

The actions are read from the source: each `audit.record(...)` call, and each call of a function
that passes one of its parameters on as the action or kind of target (the catalogue's `_log`,
the guards' `refuse_elsewhere`). An action built from a variable or an f-string is expanded
here from the values the code gives it; an f-string with a new placeholder fails until this
file says what values it takes.
"""

import ast
import importlib
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_babel import force_locale

from dialog.catalogue.admin import archiving
from dialog.core import audit_words
from dialog.db import Base
from dialog.exports import services as exports
from dialog.moderation.models import Action

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "dialog"


def _item_kinds(module: str, function: str, name: str) -> list[str]:
    """`_kind(item)`: the kinds of the types the function's parameter is annotated with."""
    hints = typing.get_type_hints(getattr(importlib.import_module(module), function))
    return [archiving.KINDS[kind] for kind in typing.get_args(hints[name])]


#: What each f-string placeholder can be, by its source text: (module, function) -> values.
PLACEHOLDERS: dict[str, Callable[[str, str], list[str]]] = {
    "asked.action.value": lambda module, function: [action.value for action in Action],
    "kind": lambda module, function: list(exports.KINDS),
    "_kind(item)": lambda module, function: _item_kinds(module, function, "item"),
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.FunctionDef | None]]:
    """Every call, with the innermost function it is made in (None: at module level)."""

    def visit(node: ast.AST, function: ast.FunctionDef | None) -> Iterator:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                yield child, function
            yield from visit(child, child if isinstance(child, ast.FunctionDef) else function)

    yield from visit(tree, None)


def _parameters(function: ast.FunctionDef | None) -> list[str]:
    return [] if function is None else [a.arg for a in function.args.args]


def _argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _is_record(call: ast.Call) -> bool:
    return ast.unparse(call.func) == "audit.record"


def _passed_on(call: ast.Call, function: ast.FunctionDef | None, keyword: str) -> str | None:
    """The parameter of `function` that this `audit.record` call gets as `keyword`, if any."""
    given = _argument(call, 0 if keyword == "action" else None, keyword)
    if _is_record(call) and isinstance(given, ast.Name) and given.id in _parameters(function):
        return given.id
    return None


def _passers(trees: list[tuple[str, ast.Module]], keyword: str) -> dict[str, tuple[int, str]]:
    """Functions that hand a parameter of theirs to `audit.record` as `keyword`: name ->
    the parameter's position and name, so that their callers' arguments are read instead."""
    found = {}
    for _module, tree in trees:
        for call, function in _calls(tree):
            parameter = _passed_on(call, function, keyword)
            if parameter is not None and function is not None:
                found[function.name] = (_parameters(function).index(parameter), parameter)
    return found


def _values(node: ast.expr, function: ast.FunctionDef | None, module: str, where: str) -> list[str]:
    """Every string `node` can be: a literal, a conditional, a local name or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, module, where) + _values(
            node.orelse, function, module, where
        )
    if isinstance(node, ast.Name) and function is not None:
        assigned = [
            statement.value
            for statement in ast.walk(function)
            if isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
        ]
        if assigned:
            return [v for value in assigned for v in _values(value, function, module, where)]
    if isinstance(node, ast.JoinedStr) and function is not None:
        texts = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                texts = [text + str(part.value) for text in texts]
                continue
            assert isinstance(part, ast.FormattedValue)
            placeholder = ast.unparse(part.value)
            if placeholder not in PLACEHOLDERS:
                pytest.fail(f"{where}: say in PLACEHOLDERS what {{{placeholder}}} can be")
            options = PLACEHOLDERS[placeholder](module, function.name)
            texts = [text + option for text in texts for option in options]
        return texts
    pytest.fail(f"{where}: cannot read {ast.unparse(node)!r}; use a literal or extend this test")


def recorded(keyword: str) -> set[str]:
    """Every value the code can give `audit.record`'s `keyword` ("action" or "target_type")."""
    trees = list(_modules())
    passers = _passers(trees, keyword)
    found: set[str] = set()
    for module, tree in trees:
        for call, function in _calls(tree):
            name = ast.unparse(call.func)
            if _is_record(call):
                if _passed_on(call, function, keyword) is not None:
                    continue  # a passer's own call: its callers are read
                given = _argument(call, 0 if keyword == "action" else None, keyword)
            elif name in passers:
                given = _argument(call, *passers[name])
            else:
                continue
            if given is not None:
                found.update(_values(given, function, module, f"{module}:{call.lineno}"))
    return found


def test_the_collector_finds_actions_of_every_kind():
    """Literal, chosen by a condition, and built by f-strings through `_log`."""
    actions = recorded("action")
    assert {
        "access.denied",
        "catalogue.goal.update",
        "catalogue.committee.archive",
        "catalogue.plan.move",
        "moderation.unhighlight",
        "export.ratings",
    } <= actions
    assert "catalogue.plan.archive" not in actions  # plans are archived by their status


def test_every_action_the_code_records_has_words():
    missing = recorded("action") - set(audit_words.ACTIONS)
    assert not missing, f"add words to dialog/core/audit_words.py ACTIONS for {sorted(missing)}"


def test_every_action_with_words_is_one_the_code_records():
    """No words for actions that no longer exist (a renamed action keeps none)."""
    assert set(audit_words.ACTIONS) - recorded("action") == set()


def test_every_named_kind_of_target_has_words_and_each_is_a_table(app_context):
    named = recorded("target_type")
    assert {"comments", "goals", "users", "municipalities"} <= named
    assert named - set(audit_words.TARGETS) == set()
    assert set(audit_words.TARGETS) <= set(Base.metadata.tables)


@pytest.mark.parametrize("words", [audit_words.ACTIONS, audit_words.TARGETS, audit_words.FIELDS])
def test_words_are_translated(app_context, words):
    """The Swedish is a translation: the English msgid back means the catalogue lacks it."""
    for code in words:
        with force_locale("en"):
            english = str(words[code])
        with force_locale("sv"):
            swedish = str(words[code])
        assert english and swedish, code
        if words is audit_words.ACTIONS:
            assert swedish != english, code


def test_unknown_codes_are_themselves_and_marked_as_codes():
    assert audit_words.action("no.such.thing") == audit_words.Said("no.such.thing", True)
    assert audit_words.target("gadgets").is_code and audit_words.field("zzz").is_code
    assert not audit_words.field("held_for").is_code


def test_an_f_string_with_an_unknown_placeholder_fails_the_collector():
    call = ast.parse('def f(x):\n    audit.record(f"thing.{x.colour}")').body[0]
    assert isinstance(call, ast.FunctionDef)
    given = _argument(next(c for c, _f in _calls(call)), 0, "action")
    assert given is not None
    with pytest.raises(pytest.fail.Exception, match="PLACEHOLDERS"):
        _values(given, call, "dialog.nowhere", "here")


def test_no_module_calls_record_by_another_name():
    """The collector reads `audit.record(...)`: an imported `record` would hide its calls."""
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dialog.core.audit":
                assert "record" not in {alias.name for alias in node.names}, module
            if isinstance(node, ast.ImportFrom) and node.module == "dialog.core":
                for alias in node.names:
                    assert alias.name != "audit" or alias.asname is None, module
