"""The documented example is the shipped example, and it imports without code changes."""

import re
from pathlib import Path

from sqlalchemy import func, select

from dialog import ROOT
from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan
from dialog.extensions import db

DOC = ROOT / "docs" / "import-format.md"
EXAMPLE = ROOT / "docs" / "examples" / "exempelstad.yaml"


def count(model, **filters):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def test_the_markdown_shows_the_example_file_verbatim():
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks == [EXAMPLE.read_text(encoding="utf-8")]


def test_the_example_imports_reimports_and_round_trips(runner, tmp_path, app_context):
    result = runner.invoke(args=["dialog", "import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert count(Municipality, slug="exempelstad") == 1
    assert count(Plan) == 1 and count(FocusArea) == 2 and count(Goal) == 5
    assert count(Goal, kind="assignment") == 1 and count(Goal, kind="aspect") == 1
    assert count(Committee) == 2
    assert runner.invoke(args=["dialog", "import", str(EXAMPLE)]).output.strip() == "No changes."
    exported = Path(tmp_path, "export.yaml")
    runner.invoke(args=["dialog", "export-catalogue", "exempelstad", "-o", str(exported)])
    again = runner.invoke(args=["dialog", "import", str(exported)])
    assert again.exit_code == 0 and again.output.strip() == "No changes."
