"""The disclosure export: every record, hidden ones too, with versions, reports and history."""

import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from dialog.accounts.roles import Role
from dialog.core import audit
from dialog.extensions import db
from dialog.participation.models import CommentVersion
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official

URL = "/hantera/testkommun/export/plan/planen/utlamnande"


@pytest.fixture
def dialogue(app_context):
    found = build_dialogue()
    db.session.add(
        CommentVersion(
            comment_id=found.c_n1.id,
            body="Första versionen",
            written_at=datetime(2026, 11, 2, tzinfo=UTC),
            replaced_at=datetime(2026, 11, 3, tzinfo=UTC),
        )
    )
    audit.record(
        "comment.reject",
        municipality_id=found.town.id,
        target_type="comments",
        target_id=found.c_n2.id,
        before={"status": "published"},
        after={"status": "rejected"},
        reason="Personuppgifter",
    )
    db.session.commit()
    return found


def test_administrators_get_every_record(client, dialogue):  # noqa: F811
    make_official("admin@testkommun.se", [("testkommun", Role.ADMIN)])
    sign_in_official(client, "admin@testkommun.se")
    response = client.get(f"{URL}?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["comments", "versions", "reports", "moderation_history"]
    comments = list(book["comments"].values)
    status = comments[0].index("status")
    statuses = sorted(row[status] for row in comments[1:])
    assert statuses == ["pending", "published", "published", "published"]  # hidden one too
    assert list(book["versions"].values)[1][-1] == "Första versionen"
    report = list(book["reports"].values)[1]
    assert report[4] == "spam" and report[3].startswith("R-")
    history = list(book["moderation_history"].values)[1]
    assert history[3] == "comment.reject" and history[5] == "Personuppgifter"
    cells = [str(v) for sheet in book for row in sheet.values for v in row]
    assert not any("@example.se" in cell for cell in cells)
    data = json.loads(client.get(f"{URL}?format=json").data)
    assert len(data["comments"]) == 4 and len(data["moderation_history"]) == 1


def test_communicators_may_not(client, dialogue):  # noqa: F811
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    assert client.get(URL).status_code == 403
