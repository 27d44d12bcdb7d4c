"""Exports, reports and the "what we heard" page of a plan whose dialogue is on focus areas
(fixture.add_focus_plan): focus-area comments and ratings are in every one."""

import io

import pytest
from openpyxl import load_workbook

from dialog.accounts.roles import Role
from tests.exports.test_exports import client, read_csv  # noqa: F401 (downloads read whole)
from tests.exports.test_report import docx_text, pdf_text
from tests.factories import csrf
from tests.insights.fixture import add_focus_plan, build_dialogue
from tests.officials import make_official, sign_in_official

EXPORT = "/hantera/testkommun/export/plan/fokus"


@pytest.fixture
def focus(app_context):
    return add_focus_plan(build_dialogue())


def signed_in(client, role):  # noqa: F811
    make_official("tj@testkommun.se", [("testkommun", role)])
    sign_in_official(client, "tj@testkommun.se")
    return client


def test_comments_say_goal_or_focus_area(client, focus):  # noqa: F811
    rows = read_csv(signed_in(client, Role.COMMUNICATOR).get(f"{EXPORT}/kommentarer?format=csv"))
    # published: n1 and s1 on F, x1's reply on F, n3 on goal H (G's comment is pending)
    found = [(r["subject_type"], r["subject_code"], r["subject"], r["text"]) for r in rows]
    assert found == [
        ("focus_area", "F", "Trygghet", "Mer ljus på gångvägarna"),
        ("focus_area", "F", "Trygghet", "Fler vuxna ute på kvällen"),
        ("focus_area", "F", "Trygghet", "Ja, vid skolan"),
        ("goal", "", "Mål H", "Om mål H"),
    ]
    assert rows[0]["subject_id"] == str(focus.f.id) and rows[3]["subject_id"] == str(focus.h.id)
    assert rows[2]["reply_to"] == str(focus.f1.id)


def test_ratings_per_subject(client, focus):  # noqa: F811
    rows = read_csv(signed_in(client, Role.COMMUNICATOR).get(f"{EXPORT}/betyg?format=csv"))
    # goal H first (no answers), then the rated focus areas F and G, two questions each
    assert [(r["subject_type"], r["subject"]) for r in rows[::2]] == [
        ("goal", "Mål H"),
        ("focus_area", "Trygghet"),
        ("focus_area", "Grönska"),
    ]
    by = {(r["subject"], r["question"]): r for r in rows}
    f = by[("Trygghet", "importance")]
    assert (f["answers"], f["mean"], f["median"]) == ("3", "4.0", "4.0")
    assert [f[f"answered_{v}"] for v in range(1, 6)] == ["0", "0", "1", "1", "1"]
    f = by[("Trygghet", "performance")]
    assert (f["answers"], f["dont_know"], f["mean"]) == ("2", "1", "1.5")
    g = by[("Grönska", "performance")]
    assert (g["answers"], g["mean"], g["median"]) == ("2", "4.5", "4.5")
    assert by[("Mål H", "importance")]["answers"] == "0"


def test_disclosure_has_every_focus_area_comment(client, focus):  # noqa: F811
    admin = signed_in(client, Role.ADMIN)
    book = load_workbook(io.BytesIO(admin.get(f"{EXPORT}/utlamnande?format=xlsx").data))
    comments = list(book["comments"].values)
    assert comments[0][1] == "subject_type"
    # the pending comment on G too
    status = comments[0].index("status")
    assert sorted((row[1], row[status]) for row in comments[1:]) == [
        ("focus_area", "pending"),
        ("focus_area", "published"),
        ("focus_area", "published"),
        ("focus_area", "published"),
        ("goal", "published"),
    ]


def test_reports_place_the_focus_areas(client, focus):  # noqa: F811
    communicator = signed_in(client, Role.COMMUNICATOR)
    url = "/hantera/testkommun/rapport/plan/fokus"
    text = pdf_text(communicator.get(f"{url}?format=pdf&lang=en").data)
    assert "Prioritise here" in text and "Trygghet" in text and "Grönska" in text
    assert "3.20" in text  # mean importance over F and G: 16/5
    assert "Mer ljus på gångvägarna" in text  # the most agreed, quoted
    docx, cells = docx_text(communicator.get(f"{url}?format=docx&lang=sv").data)
    assert any(row[1] == "9" for row in cells)  # participants
    assert any(row[1] == "Trygghet" for row in cells if len(row) == 5)  # the matrix table
    assert "3,20" in docx
    area = f"/hantera/testkommun/rapport/omrade/{focus.f.id}"
    assert "Mer ljus på gångvägarna" in pdf_text(communicator.get(f"{area}?format=pdf").data)


def test_summary_page_and_what_we_heard(client, focus):  # noqa: F811
    communicator = signed_in(client, Role.COMMUNICATOR)
    page = communicator.get("/hantera/testkommun/sammanfattning/plan/fokus")
    assert page.status_code == 200
    assert "Trygghet" in page.get_data(as_text=True)  # in the matrix
    edit = "/hantera/testkommun/sammanfattning/plan/fokus/vad-vi-hort"
    assert "Mer ljus på gångvägarna" in communicator.get(edit).get_data(as_text=True)
    sent = communicator.post(
        edit,
        data={
            "show_figures": "y",
            "show_matrix": "y",
            "quote_ids": [str(focus.f1.id)],
            "csrf_token": csrf(communicator, edit),
        },
    )
    assert sent.status_code == 302
    html = communicator.get("/kommun/testkommun/plan/fokus/vad-vi-hort").get_data(as_text=True)
    assert "Mer ljus på gångvägarna" in html and "Trygghet" in html
