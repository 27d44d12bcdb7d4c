"""`flask dialog report --goal ID | --area ID`: the report of one goal or one focus area, as the
web's goal and area reports, with the same choice of subject and refusals as `dialog export`."""

from sqlalchemy import select

from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.exports.test_exports import dialogue  # noqa: F401
from tests.exports.test_report import docx_text, pdf_text
from tests.insights.fixture import add_focus_plan


def write_report(runner, tmp_path, *args, fmt="docx"):
    target = tmp_path / f"report.{fmt}"
    result = runner.invoke(args=["dialog", "report", *args, "--format", fmt, "-o", str(target)])
    return result, (target.read_bytes() if result.exit_code == 0 else None)


def test_one_goals_report(runner, tmp_path, dialogue):  # noqa: F811
    result, data = write_report(runner, tmp_path, "--goal", str(dialogue.b.id))
    assert result.exit_code == 0, result.output
    text, cells = docx_text(data)
    assert "Mål B" in text
    assert "Mål A" not in text + str(cells)  # neither in the text nor in a matrix of goals
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.report"))
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("goals", dialogue.b.id, None)


def test_a_focus_areas_report(runner, tmp_path, dialogue):  # noqa: F811
    focus = add_focus_plan(dialogue)
    db.session.commit()
    result, data = write_report(
        runner, tmp_path, "--area", str(focus.f.id), "--municipality", "testkommun", fmt="pdf"
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(data)
    assert "Trygghet" in text and "Mer ljus på gångvägarna" in text
    assert "Fler bänkar i parken" not in text  # the other plan's comment
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.report"))
    assert (entry.target_type, entry.target_id) == ("focus_areas", focus.f.id)


def test_unknown_ids_and_two_subjects_are_refused_plainly(runner, tmp_path, dialogue):  # noqa: F811
    goal = str(dialogue.a.id)
    cases = {
        ("--goal", "999999"): "No goal with the id 999999.",
        ("--area", "999999"): "No focus area with the id 999999.",
        ("--goal", goal, "--municipality", "annan"): "No goal with the id",
        ("--goal", goal, "--plan", "planen"): "not --plan and --goal",
        ("--goal", goal, "--area", "1"): "not --goal and --area",
        (): "exactly one of --plan, --goal or --area",
        ("--goal", "0"): "--goal",
        ("--area", "x"): "--area",
    }
    for args, message in cases.items():
        result, _data = write_report(runner, tmp_path, *args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.report")) is None
