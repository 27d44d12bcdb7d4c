"""Every action, changed field, kind of target, enumerated value and reason code the code can
record in the audit log has words, in Swedish and English.

The actions are read from the source: each `audit.record(...)` call, and each call of a function
that passes one of its parameters on as the action or kind of target (the catalogue's `_log`,
the guards' `refuse_elsewhere`). An action built from a variable or an f-string is expanded
here from the values the code gives it; an f-string with a new placeholder fails until this
file says what values it takes.

Fields are read the same way from each `before=`/`after=`: dict literals, `|`, `**`, locals,
the functions that build them (snapshots, `as_dict`) and the catalogue's diffs of changed
columns. Targets given as model instances are read from annotations, from the model a local
is made or fetched as, or from TARGET_NAMES; their table names need words. Enumerated values
are the enum columns of those tables under a recorded field's name, and the few listed here.
"""

import ast
import functools
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


@functools.cache
def _modules() -> tuple[tuple[str, ast.Module], ...]:
    """Every module of the program, parsed once for all the collectors."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return tuple(found)


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.FunctionDef | None]]:
    """Every call, with the innermost function it is made in (None: at module level)."""

    def visit(node: ast.AST, function: ast.FunctionDef | None) -> Iterator:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                yield child, function
            yield from visit(child, child if isinstance(child, ast.FunctionDef) else function)

    yield from visit(tree, None)


def _parameters(function: ast.FunctionDef | None) -> list[str]:
    if function is None:
        return []
    return [a.arg for a in function.args.args + function.args.kwonlyargs]


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


@functools.cache
def recorded(keyword: str) -> frozenset:
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
    return frozenset(found)


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


# Fields, kinds of target and values: what an entry's before, after and target can hold.


@functools.cache
def _definitions(
    trees: tuple[tuple[str, ast.Module], ...],
) -> dict[str, list[tuple[str, ast.FunctionDef]]]:
    """Every function and method by its name, with its module."""
    found: dict[str, list[tuple[str, ast.FunctionDef]]] = {}
    for module, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append((module, node))
    return found


def _site_columns() -> list[str]:
    from dialog.catalogue.importer.municipality import SITE_KEYS

    return [column for columns in SITE_KEYS.values() for column in columns.values()]


#: Keys the collector cannot read from the source, by the store's source text: what they are.
KEYS: dict[str, Callable[[], list[str]]] = {"values[column]": _site_columns}


class _Fields:
    """The names an expression given to `audit.record` as before or after can hold."""

    def __init__(self, trees: tuple[tuple[str, ast.Module], ...]) -> None:
        self.definitions = _definitions(trees)
        self.seen: set[int] = set()

    def of(self, node: ast.expr, function: ast.FunctionDef | None, where: str) -> set[str]:
        if isinstance(node, ast.Constant) and node.value is None:
            return set()
        if isinstance(node, ast.Dict):
            found: set[str] = set()
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:  # **something
                    found |= self.of(value, function, where)
                elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.add(key.value)
                else:
                    pytest.fail(f"{where}: cannot read the key {ast.unparse(key)!r}")
            return found
        if isinstance(node, ast.DictComp):  # {key: value for key, value in chosen.items() if …}
            iterated = node.generators[0].iter
            if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute):
                return self.of(iterated.func.value, function, where)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.of(node.left, function, where) | self.of(node.right, function, where)
        if isinstance(node, ast.IfExp):
            return self.of(node.body, function, where) | self.of(node.orelse, function, where)
        if isinstance(node, ast.Tuple):  # (before, after) handed on with *
            return {key for item in node.elts for key in self.of(item, function, where)}
        if isinstance(node, ast.Starred):
            return self.of(node.value, function, where)
        if isinstance(node, ast.Name) and function is not None:
            return self._name(node.id, function, where)
        if isinstance(node, ast.Call):
            return self._call(node, function, where)
        pytest.fail(f"{where}: cannot read {ast.unparse(node)!r}; use a dict or extend this test")

    def _name(self, name: str, function: ast.FunctionDef, where: str) -> set[str]:
        """A local dict: what it is assigned, and the keys stored into it (`d["k"] = …`)."""
        found: set[str] = set()
        assigned = False
        for statement in ast.walk(function):
            if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        assigned = True
                        found |= self.of(statement.value, function, where)
                    if isinstance(target, ast.Subscript) and _stored_in(target) == name:
                        found |= self._stored(target, where)
        if not assigned:
            pytest.fail(f"{where}: cannot read {name!r}; use a dict or extend this test")
        return found

    def _stored(self, target: ast.Subscript, where: str) -> set[str]:
        key = target.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return {key.value}
        if isinstance(key, ast.Constant) and isinstance(key.value, int):
            return set()  # changed[0] = …: one of a pair
        text = ast.unparse(target)
        if text not in KEYS:
            pytest.fail(f"{where}: say in KEYS what {text!r} can be")
        return set(KEYS[text]())

    def _call(self, call: ast.Call, function: ast.FunctionDef | None, where: str) -> set[str]:
        """A function building the dict (a snapshot, as_dict), read where it is defined."""
        name = call.func.attr if isinstance(call.func, ast.Attribute) else ast.unparse(call.func)
        if name == "_write":  # a model diff: those of the columns in `values` that changed
            return self.of(call.args[1], function, where)
        found: set[str] = set()
        definitions = self.definitions.get(name, [])
        if not definitions:
            pytest.fail(f"{where}: cannot find {name!r}, which builds a before or after")
        for module, definition in definitions:
            if id(definition) in self.seen:
                continue
            self.seen.add(id(definition))
            for node in ast.walk(definition):
                if isinstance(node, ast.Return) and node.value is not None:
                    found |= self.of(node.value, definition, f"{module}:{node.lineno}")
            self.seen.discard(id(definition))
        return found


def _stored_in(target: ast.Subscript) -> str | None:
    """`d["k"]` and `d[0]["k"]` store into d."""
    base = target.value
    while isinstance(base, ast.Subscript):
        base = base.value
    return base.id if isinstance(base, ast.Name) else None


@functools.cache
def recorded_fields() -> frozenset:
    """Every name the code can put in an entry's before and after."""
    trees = _modules()
    fields = _Fields(trees)
    found: set[str] = set()
    for keyword in ("before", "after"):
        passers = _passers(trees, keyword)
        for module, tree in trees:
            for call, function in _calls(tree):
                if _is_record(call):
                    if _passed_on(call, function, keyword) is not None:
                        continue
                    given = _argument(call, None, keyword)
                elif ast.unparse(call.func) in passers:
                    position, name = passers[ast.unparse(call.func)]
                    given = _argument(call, position, name)
                    starred = [a for a in call.args[: position + 1] if isinstance(a, ast.Starred)]
                    given = starred[0] if starred else given
                else:
                    continue
                if given is not None:
                    found |= fields.of(given, function, f"{module}:{call.lineno}")
    return frozenset(found)


def test_the_field_collector_reads_dicts_snapshots_diffs_and_filters():
    """Literal dicts, model snapshots, the catalogue's diffs of changed columns (through
    `_log`), the settings' columns, and the filters an export keeps."""
    fields = recorded_fields()
    assert {
        "endpoint",
        "role",
        "granted_at",
        "status",
        "held_for",
        "policy",
        "retention_days",
    } <= fields
    assert {"title_en", "committees", "ladder_step", "brand_colour", "position"} <= fields
    assert {"since", "age_band", "target_type", "is_archived", "until"} <= fields


def test_every_field_the_code_records_has_words():
    missing = recorded_fields() - set(audit_words.FIELDS)
    assert not missing, f"add words to dialog/core/audit_words.py FIELDS for {sorted(missing)}"


def test_the_field_collector_fails_on_a_dict_it_cannot_read():
    tree = ast.parse('def f(x):\n    audit.record("a", after=x.build_somehow)')
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    given = _argument(next(c for c, _f in _calls(function)), None, "after")
    assert given is not None
    with pytest.raises(pytest.fail.Exception, match="cannot read"):
        _Fields(()).of(given, function, "here")


def test_every_field_with_words_is_one_the_code_records():
    assert set(audit_words.FIELDS) - recorded_fields() == set()


def _models() -> dict[str, type]:
    return {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}


def _classes(annotation: object) -> list[type] | None:
    """The mapped classes a type names (`Goal | None`, an alias of a union); None if it names
    anything else (Any, object), which says nothing of the table."""
    if annotation is type(None):
        return []
    if isinstance(annotation, type) and hasattr(annotation, "__tablename__"):
        return [annotation]
    members = typing.get_args(annotation)
    if not members:
        return None
    found = [_classes(member) for member in members]
    return None if any(f is None for f in found) else [c for f in found if f for c in f]


def _annotated(text: str, module: str) -> list[type] | None:
    try:
        return _classes(eval(text, vars(importlib.import_module(module))))  # noqa: S307
    except NameError:
        return None


def _returns(module: str, called: str) -> list[type] | None:
    """What a function of the same module is annotated to return, if it names models."""
    for where, definition in _definitions(_modules()).get(called, []):
        if where == module and definition.returns is not None:
            return _annotated(ast.unparse(definition.returns), module)
    return None


#: A target that is neither an annotated parameter nor a local made as or fetched as a model,
#: by the name it goes by: what it is.
TARGET_NAMES: dict[str, str] = {
    "comment": "Comment",  # posted.comment, a comment fetched by a query
    "found": "OfficialResponse",
    "plan": "Plan",
    "user": "User",
}


def _target_classes(node: ast.expr, function: ast.FunctionDef | None, module: str, where: str):
    if isinstance(node, ast.BoolOp):  # subject or plan
        return [c for value in node.values for c in _target_classes(value, function, module, where)]
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    if isinstance(node, ast.Name) and function is not None:
        found = _parameter_classes(function, node.id, module)
        if found is not None:
            return found
        for statement in ast.walk(function):
            if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in statement.targets
            ):
                made = statement.value
                if isinstance(made, ast.Call):
                    called = ast.unparse(made.func)
                    if called in _models():  # Model(...)
                        return [_models()[called]]
                    if called.endswith(("session.get", "get_or_404")) and made.args:
                        return [_models()[ast.unparse(made.args[0])]]
                    returned = _returns(module, called)
                    if returned is not None:
                        return returned
    if name in TARGET_NAMES:
        return [_models()[TARGET_NAMES[name]]]
    pytest.fail(f"{where}: what is the target {ast.unparse(node)!r}? say in TARGET_NAMES")


def _parameter_classes(function: ast.FunctionDef, name: str, module: str) -> list[type] | None:
    for argument in function.args.args + function.args.kwonlyargs:
        if argument.arg == name and argument.annotation is not None:
            return _annotated(ast.unparse(argument.annotation), module)
    return None


@functools.cache
def recorded_target_classes() -> frozenset:
    """The models whose instances the code gives `audit.record` as its target. A parameter
    annotated as models is read as them; one annotated otherwise (`item: object`, `Any`) is
    read at the function's callers."""
    trees = list(_modules())
    passers: dict[str, tuple[int, str]] = {}
    for module, tree in trees:
        for call, function in _calls(tree):
            parameter = _passed_on(call, function, "target")
            if parameter is None or function is None:
                continue
            if _parameter_classes(function, parameter, module) is None:
                passers[function.name] = (_parameters(function).index(parameter), parameter)
    found: set[type] = set()
    for module, tree in trees:
        for call, function in _calls(tree):
            if _is_record(call):
                if function is not None and function.name in passers:
                    if _passed_on(call, function, "target") is not None:
                        continue
                given = _argument(call, None, "target")
            elif ast.unparse(call.func) in passers:
                given = _argument(call, *passers[ast.unparse(call.func)])
            else:
                continue
            if given is not None and not (isinstance(given, ast.Constant) and given.value is None):
                found.update(_target_classes(given, function, module, f"{module}:{call.lineno}"))
    return frozenset(found)


def test_the_target_collector_reads_annotations_made_and_fetched_models():
    from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan

    names = {model.__name__ for model in recorded_target_classes()}
    # archive(item: Archivable), save_area's local, a ThemeRun made, a StatusOption fetched
    assert {Goal.__name__, FocusArea.__name__, Committee.__name__, Plan.__name__} <= names
    assert {Municipality.__name__, "ThemeRun", "StatusOption", "DialogueWindow"} <= names


def test_every_kind_of_target_has_words(app_context):
    """Targets named by kind, and targets given as model instances (their table's name)."""
    tables = {model.__tablename__ for model in recorded_target_classes()}  # type: ignore[attr-defined]
    missing = (tables | recorded("target_type")) - set(audit_words.TARGETS)
    assert not missing, f"add words to dialog/core/audit_words.py TARGETS for {sorted(missing)}"


#: Enum columns of targets whose values no entry holds: (table, column) -> why.
UNRECORDED_COLUMNS = {
    ("theme_runs", "status"): "themes.compute records the run, none of its columns",
}


def _enumerated_columns() -> dict[str, set[str]]:
    """Field -> the values an enum column of that name can hold, in the tables of the models
    the code records as targets (a decision's `action` column is no target's)."""
    found: dict[str, set[str]] = {}
    for model in recorded_target_classes():
        table = model.__table__  # type: ignore[attr-defined]
        for column in table.columns:
            enum_class = getattr(column.type, "enum_class", None)
            if enum_class is not None and (table.name, column.name) not in UNRECORDED_COLUMNS:
                found.setdefault(column.name, set()).update(m.value for m in enum_class)
    return found


def _values_without_a_column() -> dict[str, set[str]]:
    """Enumerated values the code records that are no target's column."""
    from dialog.accounts.roles import Role
    from dialog.exports import report
    from dialog.moderation.forms import PolicyForm
    from dialog.responses.models import DefaultStatus

    return {
        "status": {status.value for status in DefaultStatus},  # a goal's status, by its code
        "policy": {choice.value for choice in PolicyForm.policy.kwargs["choices"]},
        "until": {"permanent"},  # a block without an end
        "language": set(report.LANGUAGES),
        "required": {role.value for role in Role},  # roles a refused page needs
    }


def test_every_enumerated_value_has_words(app_context):
    """A role, status, kind, channel or mode added to its enum without words here fails."""
    fields = recorded_fields()
    wanted = {f: v for f, v in _enumerated_columns().items() if f in fields}
    for field, values in _values_without_a_column().items():
        wanted.setdefault(field, set()).update(values)
    assert {"role", "status", "kind", "held_for", "channel", "ladder_step"} <= set(wanted)
    assert set(wanted) <= fields
    for field, values in wanted.items():
        words = audit_words.VALUES.get(audit_words.LISTS.get(field, field), {})
        missing = values - set(words)
        assert not missing, f"add words for {field} {sorted(missing)} to audit_words.VALUES"
        for value in values:
            assert not audit_words.value(field, value).is_code, (field, value)


def test_a_field_named_alike_in_several_tables_has_one_word_per_code():
    """A comment's, a plan's and a goal's status share the field: no code is in two enums."""
    from dialog.catalogue import kinds
    from dialog.participation.models import STATUS_LABELS
    from dialog.responses.models import DEFAULT_LABELS

    for field, sources in {
        "status": [STATUS_LABELS, kinds.PLAN_STATUS_LABELS, DEFAULT_LABELS],
        "kind": [
            kinds.GOAL_KIND_LABELS,
            kinds.GROUP_KIND_LABELS,
            kinds.COMMITTEE_KIND_LABELS,
            kinds.PLAN_KIND_LABELS,
        ],
    }.items():
        assert len(audit_words.VALUES[field]) == sum(len(labels) for labels in sources), field


def _recorded_reasons() -> set[str]:
    """Codes given as a reason: literals, the report reasons, the guards' refusals."""
    from dialog.participation.models import ReportReason

    found = {reason.value for reason in ReportReason}
    for module, tree in _modules():
        for call, _function in _calls(tree):
            given = _argument(call, None, "reason") if _is_record(call) else None
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                found.add(given.value)
            is_refusal = ast.unparse(call.func) == "Refusal" and call.args
            if is_refusal and module == "dialog.accounts.permissions":
                code = call.args[0]
                assert isinstance(code, ast.Constant), module
                found.add(code.value)
    return found


def test_every_reason_code_has_words():
    reasons = _recorded_reasons()
    assert {"other_municipality", "sign_in", "no_role", "personal_attack"} <= reasons
    missing = reasons - set(audit_words.REASONS)
    assert not missing, f"add words to dialog/core/audit_words.py REASONS for {sorted(missing)}"


@pytest.mark.parametrize("field", sorted(audit_words.VALUES))
def test_values_are_translated(app_context, field):
    words = audit_words.VALUES[field]
    for code in words:
        with force_locale("en"):
            english = str(words[code])
        with force_locale("sv"):
            swedish = str(words[code])
        assert english and swedish, code
        if field in ("role", "policy", "language", "until"):
            assert swedish != english or english == "Moderator", code


def test_reasons_are_translated(app_context):
    for code, words in audit_words.REASONS.items():
        with force_locale("en"):
            english = str(words)
        with force_locale("sv"):
            swedish = str(words)
        assert english and swedish and swedish != english, code


@pytest.mark.parametrize(
    ("field", "value", "swedish", "english"),
    [
        ("granted_at", "2026-06-01T10:00:00+00:00", "1 juni 2026 kl. 12.00", "1 June 2026, 12:00"),
        (
            "cutoff",
            "2026-01-05T23:30:00+00:00",
            "6 januari 2026 kl. 00.30",
            "6 January 2026, 00:30",
        ),
        ("opens_on", "2026-03-09", "9 mars 2026", "9 March 2026"),
        ("is_archived", True, "Ja", "Yes"),
        ("is_archived", False, "Nej", "No"),
        ("note", None, "(tomt)", "(empty)"),
        ("note", "", "(tomt)", "(empty)"),
        ("role", "admin", "Administratör", "Administrator"),
        ("required", "moderator,admin", "Moderator, Administratör", "Moderator, Administrator"),
        ("position", 3, "3", "3"),
    ],
)
def test_values_in_words(app_context, field, value, swedish, english):
    """Times in Stockholm's time (summer and winter), days, yes and no, nothing, codes."""
    for lang, expected in (("sv", swedish), ("en", english)):
        with force_locale(lang):
            assert audit_words.value(field, value) == audit_words.Said(expected, False)


def test_values_without_words_are_themselves():
    assert audit_words.value("role", "janitor") == audit_words.Said("janitor", True)
    assert audit_words.value("title", "Grönare Lund") == audit_words.Said("Grönare Lund", False)
    assert audit_words.value("required", "admin,janitor").is_code  # not half in words
    assert audit_words.value("title", "2026").text == "2026"  # a year is no day
    assert audit_words.reason("Skrev hot") == audit_words.Said("Skrev hot", False)
    assert audit_words.reason("zzz=30") == audit_words.Said("zzz=30", False)


def test_a_setting_as_reason_says_its_field(app_context):
    """The retention command's entries give "retention_days=30" as their reason."""
    with force_locale("sv"):
        assert audit_words.reason("retention_days=30").text == "Kommentarer sparas (dagar): 30"
