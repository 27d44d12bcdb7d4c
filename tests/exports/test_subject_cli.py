"""`flask dialog export … --goal ID | --area ID`: the rows of the web exports of one goal or one
focus area, through the same service, and a plain refusal of an unknown id or of two subjects."""

import csv
import io

from sqlalchemy import select

from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment
from tests.exports.test_exports import dialogue  # noqa: F401
from tests.insights.fixture import add_focus_plan


def export(runner, tmp_path, *args):
    target = tmp_path / "out.csv"
    result = runner.invoke(args=["dialog", "export", *args, "-o", str(target)])
    rows = None
    if result.exit_code == 0:
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    return result, rows


def test_one_goals_comments(runner, tmp_path, dialogue):  # noqa: F811
    result, rows = export(runner, tmp_path, "comments", "--goal", str(dialogue.a.id))
    assert result.exit_code == 0, result.output
    published = db.session.scalars(
        select(Comment.id).where(Comment.goal_id == dialogue.a.id, Comment.status == "published")
    )
    assert [int(row["comment_id"]) for row in rows] == sorted(published)
    assert {row["subject_id"] for row in rows} == {str(dialogue.a.id)}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.comments"))
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("goals", dialogue.a.id, None)


def test_a_focus_areas_comments_and_ratings(runner, tmp_path, dialogue):  # noqa: F811
    focus = add_focus_plan(dialogue)
    db.session.commit()
    result, rows = export(runner, tmp_path, "comments", "--area", str(focus.f.id))
    assert result.exit_code == 0, result.output
    assert [(r["subject_code"], r["text"]) for r in rows] == [
        ("F", "Mer ljus på gångvägarna"),
        ("F", "Fler vuxna ute på kvällen"),
        ("F", "Ja, vid skolan"),
        ("", "Om mål H"),
    ]
    result, rows = export(
        runner, tmp_path, "ratings", "--area", str(focus.f.id), "--municipality", "testkommun"
    )
    assert result.exit_code == 0, result.output
    assert {r["subject"] for r in rows} == {"Mål H", "Trygghet"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.ratings"))
    assert (entry.target_type, entry.target_id) == ("focus_areas", focus.f.id)


def test_unknown_ids_and_two_subjects_are_refused_plainly(runner, tmp_path, dialogue):  # noqa: F811
    goal = str(dialogue.a.id)
    cases = {
        ("comments", "--goal", "999999"): "No goal with the id 999999.",
        ("ratings", "--area", "999999"): "No focus area with the id 999999.",
        ("comments", "--goal", goal, "--municipality", "annan"): "No goal with the id",
        ("comments", "--goal", goal, "--plan", "planen"): "not --plan and --goal",
        ("comments", "--goal", goal, "--area", "1"): "not --goal and --area",
        ("comments",): "exactly one of --plan, --goal or --area",
        ("comments", "--goal", str(2**31)): "--goal",
    }
    for args, message in cases.items():
        result, _rows = export(runner, tmp_path, *args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("export.%"))) is None
