"""Whole numbers of any length get the range's message, not a 500 (WTForms' own check turns
them into floats)."""

import ast
from pathlib import Path

from werkzeug.datastructures import MultiDict
from wtforms import Form, IntegerField

from dialog.core.forms import NumberRange


class Bounded(Form):
    number = IntegerField(validators=[NumberRange(0, 100, "From 0 to 100.")])


class FromOne(Form):
    number = IntegerField(validators=[NumberRange(min=1)])


def test_a_number_of_any_length_outside_the_range_gets_its_message():
    for sent in ("9" * 1500, "-" + "9" * 400, "101"):
        form = Bounded(MultiDict({"number": sent}))
        assert not form.validate() and form.number.errors == ["From 0 to 100."]
        assert form.number.data == int(sent)  # the field keeps what was sent


def test_numbers_in_the_range_pass_and_a_range_without_a_top_takes_long_ones():
    assert Bounded(MultiDict({"number": "40"})).validate()
    assert FromOne(MultiDict({"number": "9" * 1500})).validate()
    assert not FromOne(MultiDict({"number": "-" + "9" * 1500})).validate()


def test_no_module_uses_wtforms_own_number_range():
    dialog = Path(__file__).resolve().parents[2] / "dialog"
    offenders = []
    for path in dialog.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                offenders += [f"{path}: {a.name}" for a in node.names if a.name == "NumberRange"]
            if isinstance(node, ast.Attribute) and node.attr == "NumberRange":
                offenders.append(f"{path}: {ast.unparse(node)}")
    assert offenders == [f"{dialog / 'core' / 'forms.py'}: validators.NumberRange"]
