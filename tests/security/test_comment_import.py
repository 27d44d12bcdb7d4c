"""Hypothesis on the importer of comments from other channels (dialog/channels): CSV, JSON and
XLSX files with generated columns and cells, and arbitrary bytes, uploaded by an administrator.
Every upload is answered with the list or its problems, never a 5xx; a file with problems
changes nothing."""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from dialog.accounts.roles import Role
from dialog.channels.reading import COLUMNS
from dialog.extensions import db
from tests.factories import csrf, make_goal
from tests.officials import make_official, sign_in_official
from tests.security import payloads
from tests.security.world import snapshot

FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(payloads.ALL),
    st.sampled_from(["2026-11-30", "1899-01-01", "31/12/2026", "9999-99-99", "mail", "paper"]),
    st.integers().map(str),
    st.just(""),
)
columns = st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), min_size=1, max_size=5)

NASTY = [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ("bom.csv", "\ufefftext\nhej\n".encode()),
    ("latin1.csv", "text\nhälsning\n".encode("latin-1")),
    ("nul.csv", b"text\nhej\x00san\n"),
    ("formula.csv", b'text\n"=HYPERLINK(""https://evil.example"")"\n'),
    ("huge-field.csv", b"text\n" + b"x" * 200_000 + b"\n"),
]


def as_file(kind: str, header: list[str], rows: list[list[str]]) -> tuple[str, bytes]:
    if kind == "json":
        items = [dict(zip(header, row, strict=False)) for row in rows]
        return "kommentarer.json", json.dumps(items).encode()
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        out = io.BytesIO()
        book.save(out)
        return "kommentarer.xlsx", out.getvalue()
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return "kommentarer.csv", out.getvalue().encode("utf-8", "surrogatepass")


@pytest.fixture
def importer(app, app_context):
    goal = make_goal(slug="lund")
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    client = app.test_client()
    sign_in_official(client, "admin@lund.se")
    page = f"/hantera/lund/mal/{goal.id}/andra-kanaler"
    db.session.remove()
    return client, page, csrf(client, page)


def send_and_check(app, importer, name: str, raw: bytes, channel: str) -> None:
    client, page, token = importer
    boundary, body = encode_multipart(
        {"csrf_token": token, "channel": channel, "document": FileStorage(io.BytesIO(raw), name)}
    )
    with app.app_context():
        before = snapshot()
    response = client.post(
        page + "/importera", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code in (200, 302, 413), response.status_code
    if response.status_code != 302:  # problems listed: nothing was written
        with app.app_context():
            assert snapshot() == before, f"{name} was refused but the database changed"


def test_generated_files(app, importer):
    @FUZZ
    @given(
        kind=st.sampled_from(["csv", "json", "xlsx", "bytes"]),
        header=columns,
        rows=st.lists(st.lists(cells, max_size=6), max_size=5),
        channel=st.one_of(st.sampled_from(["", "paper", "meeting", "email"]), st.text(max_size=5)),
        raw=st.binary(max_size=200),
        suffix=st.sampled_from([".csv", ".json", ".xlsx", ".txt", ""]),
    )
    def send(kind, header, rows, channel, raw, suffix):
        if kind == "bytes":
            name = "fil" + suffix
        else:
            name, raw = as_file(kind, header, rows)
        send_and_check(app, importer, name, raw, channel)

    send()


@pytest.mark.parametrize("name,raw", NASTY, ids=[name for name, _ in NASTY])
def test_nasty_files_are_refused_with_a_message(app, importer, name, raw):
    send_and_check(app, importer, name, raw, "")
