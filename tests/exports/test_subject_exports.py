"""Exports of one goal, or one focus area and its goals, from their summary pages: the plan's
rows, writers, filters, roles and audit entry, narrowed to the subject (build_dialogue: goal A
has n1's, n2's and x1's reply published, s1's pending; goal B gets one comment here; goal C is
of another plan)."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment
from tests.exports.test_exports import client, communicator, dialogue, read_csv  # noqa: F401
from tests.insights.fixture import add_focus_plan, at
from tests.officials import make_official, sign_in_official

BASE = "/hantera/testkommun/export"


@pytest.fixture
def on_b(dialogue):  # noqa: F811
    made = Comment(
        goal_id=dialogue.b.id,
        author_id=dialogue.people["n1"].id,
        body="Om mål B",
        status="published",
        submission_token="n1-b",
        created_at=at(6),
    )
    db.session.add(made)
    db.session.commit()
    return made


def _ids(rows):
    return [int(row["comment_id"]) for row in rows]


def _goal_a_ids(dialogue):  # noqa: F811
    """Goal A's published comments and the reply to n1's, in id order."""
    found = db.session.scalars(
        select(Comment.id).where(Comment.goal_id == dialogue.a.id, Comment.status == "published")
    )
    return sorted(found)


def test_a_goals_comments_are_its_own_and_no_other_goals(communicator, dialogue, on_b):  # noqa: F811
    response = communicator.get(f"{BASE}/mal/{dialogue.a.id}/kommentarer?format=csv")
    assert response.status_code == 200
    rows = read_csv(response)
    assert _ids(rows) == _goal_a_ids(dialogue) and len(rows) == 3
    assert {row["subject_id"] for row in rows} == {str(dialogue.a.id)}
    assert rows[1]["text"] == "'=SUMMA(A1:A9) mer belysning"  # neutralised
    assert all(row["author"].startswith("R-") for row in rows)
    assert "theme" in rows[0] and "ref" in rows[0]
    name = f"comments-testkommun-planen-mal-a-{date.today().isoformat()}.csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "no-store" in response.headers["Cache-Control"]
    other = read_csv(communicator.get(f"{BASE}/mal/{dialogue.b.id}/kommentarer?format=csv"))
    assert _ids(other) == [on_b.id]


def test_each_format_of_a_goals_comments(communicator, dialogue, on_b):  # noqa: F811
    url = f"{BASE}/mal/{dialogue.a.id}/kommentarer"
    wanted = _goal_a_ids(dialogue)
    semicolons = communicator.get(f"{url}?format=csv&separator=semicolon")
    assert _ids(read_csv(semicolons, delimiter=";")) == wanted
    book = load_workbook(io.BytesIO(communicator.get(f"{url}?format=xlsx").data))
    sheet = list(book.active.values)
    assert [row[0] for row in sheet[1:]] == wanted
    assert sheet[2][sheet[0].index("Text")] == "'=SUMMA(A1:A9) mer belysning"
    items = json.loads(communicator.get(f"{url}?format=json").data)
    assert [item["comment_id"] for item in items] == wanted
    assert items[1]["text"] == "=SUMMA(A1:A9) mer belysning"  # JSON carries the text as written
    assert communicator.get(f"{url}?format=pdf").status_code == 400


def test_a_goals_ratings_in_each_format(communicator, dialogue):  # noqa: F811
    url = f"{BASE}/mal/{dialogue.a.id}/betyg"
    rows = read_csv(communicator.get(f"{url}?format=csv"))
    assert [(r["subject_id"], r["question"]) for r in rows] == [
        (str(dialogue.a.id), "importance"),
        (str(dialogue.a.id), "performance"),
    ]
    assert (rows[0]["answers"], rows[0]["dont_know"], rows[1]["answers"]) == ("5", "1", "4")
    book = load_workbook(io.BytesIO(communicator.get(f"{url}?format=xlsx").data))
    assert len(list(book.active.values)) == 3
    items = json.loads(communicator.get(f"{url}?format=json").data)
    assert [item["subject"] for item in items] == ["Mål A", "Mål A"]


def test_the_summary_pages_filters_apply(communicator, dialogue, on_b):  # noqa: F811
    url = f"{BASE}/mal/{dialogue.a.id}/kommentarer?format=csv"
    norr = read_csv(communicator.get(f"{url}&district={dialogue.norr.id}"))
    assert _ids(norr) == [dialogue.c_n1.id, dialogue.c_n2.id]  # x1 lives in no district
    assert _ids(read_csv(communicator.get(f"{url}&since=2026-11-03"))) == _goal_a_ids(dialogue)[1:]
    assert read_csv(communicator.get(f"{url}&age_band=18-29")) == []  # s1's is pending
    ratings = read_csv(
        communicator.get(f"{BASE}/mal/{dialogue.a.id}/betyg?format=csv&age_band=18-29")
    )
    assert [r["answers"] for r in ratings] == ["1", "1"]  # s1's importance, s2's performance
    assert communicator.get(f"{url}&since=2026-13-01").status_code == 400


def test_the_export_is_audited_with_the_goal_as_target(communicator, dialogue):  # noqa: F811
    communicator.get(f"{BASE}/mal/{dialogue.a.id}/kommentarer?format=csv&separator=semicolon")
    communicator.get(f"{BASE}/mal/{dialogue.a.id}/betyg?format=json&district={dialogue.norr.id}")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("export.%")))
    found = {(e.action, e.target_type, e.target_id): e.after for e in entries}
    assert found == {
        ("export.comments", "goals", dialogue.a.id): {
            "format": "csv",
            "separator": ";",
            "display_names": False,
        },
        ("export.ratings", "goals", dialogue.a.id): {
            "format": "json",
            "separator": None,
            "display_names": None,
            "district_id": dialogue.norr.id,
        },
    }


def test_a_moderator_is_refused(client, dialogue):  # noqa: F811
    make_official("mod@testkommun.se", [("testkommun", Role.MODERATOR)])
    sign_in_official(client, "mod@testkommun.se")
    for kind in ("kommentarer", "betyg"):
        assert client.get(f"{BASE}/mal/{dialogue.a.id}/{kind}?format=csv").status_code == 403
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("export.%"))) is None


def test_unknown_and_hostile_goal_ids_are_not_found(communicator, dialogue):  # noqa: F811
    """404, never 500: the same addresses with a real id reach the export."""
    assert communicator.get(f"{BASE}/mal/{dialogue.a.id}/betyg").status_code == 200
    for goal_id in ("999999", "²", "\u0661", str(2**31)):
        for kind in ("kommentarer", "betyg"):
            assert communicator.get(f"{BASE}/mal/{goal_id}/{kind}").status_code == 404
            assert communicator.get(f"{BASE}/omrade/{goal_id}/{kind}").status_code == 404


def test_another_municipalitys_goal_is_refused_and_logged(communicator, dialogue):  # noqa: F811
    """403 and an access.denied entry, as every official route answers an id of another
    municipality (docs/security.md): never its comments."""
    town = Municipality(slug="annan", name="Annan kommun")
    plan = Plan(municipality=town, slug="deras", title="Deras", kind="governing")
    theirs = Goal(plan=plan, title="Deras mål", kind="goal", position=1)
    db.session.add_all([town, plan, theirs])
    db.session.commit()
    response = communicator.get(f"{BASE}/mal/{theirs.id}/kommentarer?format=csv")
    assert response.status_code == 403
    denied = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "access.denied"))
    assert (denied.target_type, denied.target_id) == ("goals", theirs.id)


def test_a_focus_areas_export_has_its_own_and_its_goals_comments(communicator, dialogue):  # noqa: F811
    focus = add_focus_plan(dialogue)
    url = f"{BASE}/omrade/{focus.f.id}"
    rows = read_csv(communicator.get(f"{url}/kommentarer?format=csv"))
    assert [(r["subject_code"], r["subject"], r["text"]) for r in rows] == [
        ("F", "Trygghet", "Mer ljus på gångvägarna"),
        ("F", "Trygghet", "Fler vuxna ute på kvällen"),
        ("F", "Trygghet", "Ja, vid skolan"),
        ("", "Mål H", "Om mål H"),
    ]
    assert read_csv(communicator.get(f"{BASE}/omrade/{focus.g.id}/kommentarer?format=csv")) == []
    ratings = read_csv(communicator.get(f"{url}/betyg?format=csv"))
    assert [(r["subject"], r["question"]) for r in ratings] == [
        ("Mål H", "importance"),
        ("Mål H", "performance"),
        ("Trygghet", "importance"),
        ("Trygghet", "performance"),
    ]
    response = communicator.get(f"{url}/kommentarer?format=xlsx")
    assert "-fokus-f-trygghet-" in response.headers["Content-Disposition"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.comments"))
    assert (entry.target_type, entry.target_id) == ("focus_areas", focus.f.id)


def test_the_goal_and_area_summaries_link_their_exports(communicator, dialogue):  # noqa: F811
    focus = add_focus_plan(dialogue)
    goal = dialogue.a.id
    page = communicator.get(
        f"/hantera/testkommun/sammanfattning/mal/{goal}?district={dialogue.norr.id}"
    ).get_data(as_text=True)
    district = f"district={dialogue.norr.id}"
    for kind, query in [
        ("kommentarer", "format=csv"),
        ("kommentarer", "format=csv&amp;separator=semicolon"),
        ("kommentarer", "format=xlsx"),
        ("kommentarer", "format=json"),
        ("betyg", "format=csv"),
        ("betyg", "format=xlsx"),
        ("betyg", "format=json"),
    ]:
        assert f"{BASE}/mal/{goal}/{kind}?{query}&amp;{district}" in page
    assert "/export/plan/" not in page and "utlamnande" not in page
    area = communicator.get(f"/hantera/testkommun/sammanfattning/omrade/{focus.f.id}")
    assert f"{BASE}/omrade/{focus.f.id}/kommentarer?format=csv" in area.get_data(as_text=True)
