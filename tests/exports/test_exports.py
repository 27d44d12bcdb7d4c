"""Exports read back: CSV, XLSX and JSON with the expected rows, safe cells, and audit entries."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official

BASE = "/hantera/testkommun/export/plan/planen"


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def client(app):
    """Downloads stream; the test client reads them whole within the request's context."""

    class Buffered(app.test_client_class):
        def open(self, *args, **kwargs):
            kwargs.setdefault("buffered", True)
            return super().open(*args, **kwargs)

    return Buffered(app, app.response_class, use_cookies=True)


@pytest.fixture
def communicator(client, dialogue):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def read_csv(response, delimiter=","):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_comments_as_csv(communicator, dialogue):
    response = communicator.get(f"{BASE}/kommentarer?format=csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    # published comments and replies of the plan: n1's, n2's and x1's reply
    assert [int(r["comment_id"]) for r in rows] == sorted(
        [dialogue.c_n1.id, dialogue.c_n2.id, rows[2] and int(rows[2]["comment_id"])]
    )
    assert rows[1]["text"] == "'=SUMMA(A1:A9) mer belysning"  # neutralised
    assert rows[0]["agree"] == "3" and rows[0]["disagree"] == "1"
    assert rows[2]["reply_to"] == str(dialogue.c_n1.id)
    assert all(r["author"].startswith("R-") and len(r["author"]) == 12 for r in rows)
    text = response.get_data(as_text=True)
    assert "@example.se" not in text and "Norr 1" not in text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.comments"))
    assert entry.after["format"] == "csv" and entry.target_id == dialogue.plan.id


@pytest.mark.parametrize(
    ("query", "content_type"),
    [
        ("kommentarer?format=csv", "text/csv; charset=utf-8"),
        ("betyg?format=csv", "text/csv; charset=utf-8"),
        ("kommentarer?format=json", "application/json"),
    ],
)
def test_a_download_names_its_character_set_once(communicator, dialogue, query, content_type):
    """The header said "text/csv; charset=utf-8; charset=utf-8", which strict clients refuse."""
    assert communicator.get(f"{BASE}/{query}").headers["Content-Type"] == content_type


def test_semicolons_and_filters(communicator, dialogue):
    response = communicator.get(
        f"{BASE}/kommentarer?format=csv&separator=semicolon&since=2026-11-03"
    )
    rows = read_csv(response, ";")
    assert [r["text"] for r in rows] == ["'=SUMMA(A1:A9) mer belysning", "Håller med"]


def test_an_empty_selection_is_a_file_with_headers(communicator, dialogue):
    rows = communicator.get(f"{BASE}/kommentarer?format=csv&since=2030-01-01").get_data()
    assert rows.decode("utf-8-sig").splitlines() == [
        "comment_id,subject_type,subject_id,subject_code,subject,reply_to,author,channel,ref,"
        "received_on,category,status,created_at,edited_at,agree,disagree,replies,reports,text,theme,tags"
    ]
    assert (
        json.loads(communicator.get(f"{BASE}/kommentarer?format=json&since=2030-01-01").data) == []
    )


def test_comments_as_xlsx_and_json(communicator, dialogue):
    book = load_workbook(io.BytesIO(communicator.get(f"{BASE}/kommentarer?format=xlsx").data))
    sheet = list(book.active.values)
    assert sheet[0][0] == "Kommentar nr"  # a communicator's file: see test_sheet.py
    assert len(sheet) == 4
    assert sheet[2][sheet[0].index("Text")] == "'=SUMMA(A1:A9) mer belysning"
    assert sheet[1][sheet[0].index("Håller med")] == 3  # numbers stay numbers
    items = json.loads(communicator.get(f"{BASE}/kommentarer?format=json").data)
    assert [i["text"] for i in items][1] == "=SUMMA(A1:A9) mer belysning"  # JSON keeps the text
    assert items[0]["subject"] == "Mål A"
    assert items[0]["subject_type"] == "goal"


def test_ratings_per_goal(communicator, dialogue):
    rows = read_csv(communicator.get(f"{BASE}/betyg?format=csv"))
    by = {(r["subject"], r["question"]): r for r in rows}
    assert len(rows) == 4
    a = by[("Mål A", "importance")]
    assert (a["answers"], a["dont_know"], a["mean"], a["median"]) == ("5", "1", "3.2", "4.0")
    assert [a[f"answered_{v}"] for v in range(1, 6)] == ["1", "1", "0", "2", "1"]
    b = by[("Mål B", "performance")]
    assert (b["mean"], b["ci95_low"], b["ci95_high"]) == ("4.0", "4.0", "4.0")


def test_display_names_when_the_administrator_chooses(client, dialogue):
    make_official("admin@testkommun.se", [("testkommun", Role.ADMIN)])
    sign_in_official(client, "admin@testkommun.se")
    page = client.get("/hantera/testkommun/sammanfattning").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/hantera/testkommun/export/visningsnamn", data={"show": "y", "csrf_token": token})
    rows = read_csv(client.get(f"{BASE}/kommentarer?format=csv"))
    assert rows[0]["author"] == "Norr 1"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"exports.display_names", "export.comments"} <= actions


@pytest.mark.parametrize("query", ["format=pdf", "format=csv&since=2026-13-01"])
def test_bad_requests_are_refused_plainly(communicator, dialogue, query):
    assert communicator.get(f"{BASE}/kommentarer?{query}").status_code == 400


def test_the_command_line_export(app, dialogue, runner, tmp_path):
    target = tmp_path / "out.xlsx"
    result = runner.invoke(
        args=[
            "dialog",
            "export",
            "comments",
            "--plan",
            "planen",
            "--format",
            "xlsx",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert len(list(load_workbook(target).active.values)) == 4
    target = tmp_path / "out.csv"
    result = runner.invoke(
        args=["dialog", "export", "ratings", "--plan", "planen", "--semicolon", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8-sig").startswith("subject_type;subject_id;subject_code")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.ratings"))
    assert entry.actor_id is None
    bad = runner.invoke(args=["dialog", "export", "comments", "--plan", "nope", "-o", str(target)])
    assert bad.exit_code != 0 and "No plan" in bad.output
