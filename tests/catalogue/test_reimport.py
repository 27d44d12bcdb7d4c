"""Re-import updates in place, archives what left, deletes nothing; export → import is a no-op."""

from sqlalchemy import func, select

from dialog.catalogue.models import Committee, FocusArea, Goal, Plan
from dialog.extensions import db

DOCUMENT = """\
municipality: {name: Testby kommun, slug: testby, vision: Ett Testby för alla.}
plans:
  - title: Mål 2025
    status: adopted
    period: "2025"
    focus_areas:
      - code: "1"
        title: Trygghet
        description: Alla ska känna sig trygga.
        goals:
          - {code: "1:1", title: Trygga gator, kind: goal}
          - code: "1:2"
            title: Belysning i parker
            kind: assignment
            committees: [Tekniska nämnden, Kommunstyrelsen]
      - title: Miljö
        goals:
          - {title: Ren luft, kind: aspect}
    goals:
      - {title: Ett mål utan fokusområde, committees: [tekniska  NÄMNDEN]}
"""


def run_import(runner, tmp_path, text, name="doc.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["dialog", "import", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def goal_by_title(title):
    return db.session.scalar(select(Goal).filter_by(title=title))


def test_first_import_creates_everything(runner, tmp_path, app_context):
    output = run_import(runner, tmp_path, DOCUMENT)
    assert "added goal plan testby/mal-2025 «Trygga gator»" in output
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 4
    assert db.session.scalar(select(func.count()).select_from(FocusArea)) == 2
    committees = db.session.scalars(select(Committee.name).order_by(Committee.name)).all()
    assert committees == ["Kommunstyrelsen", "Tekniska nämnden"]  # one committee, two spellings
    loose = goal_by_title("Ett mål utan fokusområde")
    assert loose.focus_area_id is None
    assert [c.name for c in loose.committees] == ["Tekniska nämnden"]


def test_importing_the_same_file_again_changes_nothing(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    stamps = db.session.scalars(select(Goal.updated_at).order_by(Goal.id)).all()
    assert run_import(runner, tmp_path, DOCUMENT).strip() == "No changes."
    db.session.expire_all()
    assert db.session.scalars(select(Goal.updated_at).order_by(Goal.id)).all() == stamps


def test_changed_file_updates_in_place_and_archives_what_left(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    original = goal_by_title("Trygga gator")
    original_id, aspect_id = original.id, goal_by_title("Ren luft").id
    changed = (
        DOCUMENT.replace("title: Trygga gator", "title: Trygga gator och torg")
        .replace(
            "      - title: Miljö\n        goals:\n          - {title: Ren luft, kind: aspect}\n",
            "",
        )
        .replace("status: adopted", "status: archived")
    )
    output = run_import(runner, tmp_path, changed)
    assert "changed plan testby/mal-2025 (status)" in output
    assert "changed goal plan testby/mal-2025 «Trygga gator och torg» (title)" in output
    assert "archived focus area plan testby/mal-2025 «Miljö»" in output
    assert "archived goal plan testby/mal-2025 «Ren luft»" in output
    db.session.expire_all()
    assert (
        db.session.get(Goal, original_id).title == "Trygga gator och torg"
    )  # same row, matched by code
    aspect = db.session.get(Goal, aspect_id)
    assert aspect is not None and aspect.is_archived  # kept, not deleted
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 4
    assert db.session.scalar(select(Plan.status)) == "archived"


def test_an_archived_goal_returns_when_it_is_back_in_the_file(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    aspect_id = goal_by_title("Ren luft").id
    without = DOCUMENT.replace("        goals:\n          - {title: Ren luft, kind: aspect}\n", "")
    run_import(runner, tmp_path, without)
    output = run_import(runner, tmp_path, DOCUMENT)
    assert "changed goal plan testby/mal-2025 «Ren luft» (is_archived)" in output
    db.session.expire_all()
    assert db.session.get(Goal, aspect_id).is_archived is False


def test_goals_are_matched_by_title_when_they_have_no_code(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    aspect_id = goal_by_title("Ren luft").id
    output = run_import(runner, tmp_path, DOCUMENT.replace("kind: aspect", "kind: goal"))
    assert "changed goal plan testby/mal-2025 «Ren luft» (kind)" in output
    db.session.expire_all()
    assert db.session.get(Goal, aspect_id).kind == "goal"


def test_committee_changes_are_reported(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    output = run_import(
        runner,
        tmp_path,
        DOCUMENT.replace("[Tekniska nämnden, Kommunstyrelsen]", "[Kommunstyrelsen]"),
    )
    assert "changed goal plan testby/mal-2025 «Belysning i parker» (committees)" in output
    db.session.expire_all()
    assert [c.name for c in goal_by_title("Belysning i parker").committees] == ["Kommunstyrelsen"]


def test_export_then_import_is_a_no_op(runner, tmp_path, app_context):
    run_import(runner, tmp_path, DOCUMENT)
    exported = tmp_path / "exported.yaml"
    result = runner.invoke(args=["dialog", "export-catalogue", "testby", "-o", str(exported)])
    assert result.exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert "Tekniska nämnden" in text and "vision: Ett Testby för alla." in text
    assert run_import(runner, tmp_path, text, "again.yaml").strip() == "No changes."


def test_export_of_an_unknown_municipality_fails(runner, app_context):
    result = runner.invoke(args=["dialog", "export-catalogue", "nowhere"])
    assert result.exit_code == 1
    assert "No municipality with slug 'nowhere'." in result.output


SPREAD_OUT = """\
municipality: {name: Testby kommun, slug: testby}
plans:
  - title: "Mål\\n  2025 "
    slug: mal-2025
    status: adopted
    en: {title: "Goals\\r\\n2025"}
    focus_areas:
      - code: "1"
        title: |
          Trygghet   och
          gemenskap
        goals:
          - code: "1:1"
            title: "Trygga\\tgator  och\\n\\n torg"
            en: {title: " Safe streets\\nand squares "}
"""


def test_titles_from_a_file_are_stored_on_one_line_as_the_forms_store_them(
    runner, tmp_path, app_context
):
    """Line breaks and runs of white space in a file's titles were stored as they were (the
    forms made them one space); titles are one line whichever way they come in."""
    output = run_import(runner, tmp_path, SPREAD_OUT)
    assert "added goal plan testby/mal-2025 «Trygga gator och torg»" in output
    plan = db.session.scalar(select(Plan).filter_by(slug="mal-2025"))
    assert (plan.title, plan.title_en) == ("Mål 2025", "Goals 2025")
    assert plan.focus_areas[0].title == "Trygghet och gemenskap"
    goal = goal_by_title("Trygga gator och torg")
    assert goal.title_en == "Safe streets and squares"
    assert run_import(runner, tmp_path, SPREAD_OUT).strip() == "No changes."
