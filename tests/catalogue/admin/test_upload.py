"""Uploading a goal document: the command line's checks and report, a preview, one import."""

import html
import io
import re

from sqlalchemy import select

from dialog.catalogue.cli import dump_document
from dialog.catalogue.importer import export_municipality
from dialog.catalogue.models import Goal, Municipality
from dialog.catalogue.search.models import SearchEntry
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf, form_fields

URL = "/hantera/lund/innehall/ladda-upp"


def _lund_document(app, new_title: str) -> tuple[bytes, int]:
    """Lund's catalogue in the import format with the first goal's title changed."""
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        data = export_municipality(lund)
        goal = next(
            g
            for plan in data["plans"]
            for g in [g for a in plan.get("focus_areas", []) for g in a.get("goals", [])]
            + plan.get("goals", [])
        )
        stored = db.session.scalar(select(Goal).filter_by(title=goal["title"]))
        goal["title"] = new_title
        if "code" not in goal:
            goal["code"] = "X1"  # so that the changed title still matches the stored goal
            stored.code = "X1"
            db.session.commit()
        return dump_document(data).encode("utf-8"), stored.id


def _send(client, raw: bytes, name: str = "lund.yaml", lang: str | None = None):
    data = {"csrf_token": csrf(client, URL), "document": (io.BytesIO(raw), name)}
    address = f"{URL}?lang={lang}" if lang else URL
    return client.post(address, data=data, content_type="multipart/form-data")


def _printed(runner, folder, raw: bytes) -> list[str]:
    """The problem lines `dialog import --lang en` prints for the file (without its last line,
    the count), as the page names the file."""
    path = folder / "lund.yaml"
    path.write_bytes(raw)
    result = runner.invoke(args=["dialog", "import", "--lang", "en", str(path)])
    return [line.replace(str(path), "lund.yaml") for line in result.output.splitlines()][:-1]


def _lines(page: str) -> list[str]:
    """The preview's change lines as written in the page (names marked, escaped)."""
    listed = re.search(r'<ul class="import-report">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", listed[1]) if listed else []


def _problems(page: str) -> list[str]:
    """The problem lines as read: without the marks of Swedish names, unescaped."""
    listed = re.search(r'<ul class="import-problems">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", listed[1]) if listed else []
    return [html.unescape(re.sub(r"</?span[^>]*>", "", item)) for item in items]


#: The preview's note when a title change of an item without a code adds one and archives one.
BY_TITLE = "Ett mål eller fokusområde utan kod känns igen på sin titel"


def test_a_changed_title_without_a_code_is_explained(app, lund_admin):
    """The administrator changed one goal's title; the preview says one goal is added and one
    archived: a note says why, and where to change only the title."""
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        data = export_municipality(lund)
        goal = next(
            g
            for plan in data["plans"]
            for a in plan.get("focus_areas", [])
            for g in a.get("goals", [])
            if "code" not in g
        )
        goal["title"] = "En ny titel på ett mål utan kod"
        raw = dump_document(data).encode("utf-8")
    page = _send(lund_admin, raw).get_data(as_text=True)
    assert "<p>Läggs till: 1, ändras: 0, arkiveras: 1.</p>" in page
    assert BY_TITLE in page
    english = lund_admin.post(
        f"{URL}?lang=en",
        data={"csrf_token": csrf(lund_admin, URL), "document": (io.BytesIO(raw), "lund.yaml")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "A goal or focus area without a code is recognised by its title" in english


def test_preview_writes_nothing_and_confirm_imports_once(app, lund_admin):
    raw, goal_id = _lund_document(app, "Ett uppladdat mål")
    preview = _send(lund_admin, raw)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    lines = [html.unescape(line) for line in _lines(page)]
    assert len(lines) == 1 and lines[0].startswith("Ändras: målet ”Ett uppladdat mål” i ")
    assert lines[0].endswith(" (titel)")
    # Counted as the lines begin, not "1 tillagda, 0 ändrade" (Swedish agrees in number).
    assert "<p>Läggs till: 0, ändras: 1, arkiveras: 0.</p>" in page
    assert BY_TITLE not in page  # a changed title matched by its code: no note
    with app.app_context():
        assert db.session.get(Goal, goal_id).title != "Ett uppladdat mål"
    tokens = form_fields(page[page.index('id="preview-heading"') :])
    upload_id = re.search(r'name="upload" type="hidden" value="(\d+)"', page).group(1)
    confirm = {
        "csrf_token": tokens["csrf_token"],
        "upload": upload_id,
        "submission_token": tokens["submission_token"],
    }
    done = lund_admin.post(f"{URL}/bekrafta", data=confirm)
    assert done.status_code == 302
    imported = lund_admin.get(done.location).get_data(as_text=True)
    assert "Importerat – tillagda: 0, ändrade: 1, arkiverade: 0." in imported
    again = lund_admin.post(f"{URL}/bekrafta", data=confirm, follow_redirects=True)
    assert "redan importerat" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Goal, goal_id).title == "Ett uppladdat mål"
        entry = db.session.scalars(select(AuditEntry).filter_by(action="catalogue.import")).one()
        # The record keeps the command line's lines, in English whatever the page's language.
        (change,) = entry.after["changes"].splitlines()
        assert change.startswith("changed goal plan lund/") and change.endswith(" (title)")
        assert "«Ett uppladdat mål»" in change
        indexed = db.session.scalar(select(SearchEntry).filter_by(kind="goal", target_id=goal_id))
        assert indexed.title == "Ett uppladdat mål"


def test_the_preview_speaks_the_pages_language(app, lund_admin):
    """Found on the administrators' walk: the preview listed the command line's English lines
    ("changed goal plan lund/… (title)") on the Swedish page."""
    raw, goal_id = _lund_document(app, "Trygga & gröna gator")
    with app.app_context():
        plan = db.session.get(Goal, goal_id).plan.title
    swedish = _lines(_send(lund_admin, raw).get_data(as_text=True))
    assert swedish == [
        f"Ändras: målet ”Trygga &amp; gröna gator” i styrdokumentet ”{html.escape(plan, False)}” "
        "(titel)"
    ]
    page = _send(lund_admin, raw, lang="en")
    assert _lines(page.get_data(as_text=True)) == [
        'Changed: the goal “<span lang="sv">Trygga &amp; gröna gator</span>” in the plan '
        f'“<span lang="sv">{html.escape(plan, False)}</span>” (title)'
    ]


def test_problems_are_the_lines_the_command_line_prints(app, lund_admin, runner, tmp_path):
    broken = (
        b"municipality:\n  name: Lunds kommun\n  slug: lund\n"
        b"plans:\n  - title: ''\n    status: nope\n"
    )
    page = _send(lund_admin, broken).get_data(as_text=True)
    path = tmp_path / "lund.yaml"
    path.write_bytes(broken)
    result = runner.invoke(args=["dialog", "import", str(path)])
    printed = [line.replace(str(path), "lund.yaml") for line in result.output.splitlines()]
    assert _problems(page) == printed[:-1] and len(printed) > 2
    assert "Inget importerades: 2 problem" in page
    bad_yaml = _send(lund_admin, b"plans: [\n").get_data(as_text=True)
    assert "inte giltig YAML på rad 2" in bad_yaml
    not_text = _send(lund_admin, b"\xff\xfe", name="x.json").get_data(as_text=True)
    assert "inte UTF-8" in not_text


def test_problems_name_the_place_in_words_and_mark_swedish_names(app, lund_admin, runner, tmp_path):
    """Found on the administrators' walk: the lines read like paths into the file."""
    broken = (
        "municipality:\n  name: Lunds kommun\n  slug: lund\n"
        "plans:\n  - title: Mål & medel\n    status: adopted\n"
        "    goals:\n      - {title: Trygga gator, code: 7}\n"
    ).encode()
    page = _send(lund_admin, broken, lang="en").get_data(as_text=True)
    assert (
        '<li>lund.yaml: Plan 1 “<span lang="sv">Mål &amp; medel</span>”, goal 1 '
        '“<span lang="sv">Trygga gator</span>”: the code must be text, not a number.</li>'
    ) in page
    assert _problems(page) == _printed(runner, tmp_path, broken)


def test_another_municipalitys_document_is_refused(app, lomma_admin):
    raw, _goal_id = _lund_document(app, "Något")
    data = {
        "csrf_token": csrf(lomma_admin, "/hantera/lomma/innehall/ladda-upp"),
        "document": (io.BytesIO(raw), "lund.yaml"),
    }
    page = lomma_admin.post(
        "/hantera/lomma/innehall/ladda-upp", data=data, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "dokumentet gäller kommunen" in html.unescape(page)
    data["document"] = (io.BytesIO(raw), "lund.yaml")
    assert lomma_admin.post(URL, data=data, content_type="multipart/form-data").status_code == 403


def test_a_token_for_another_upload_or_none_is_refused(app, lund_admin):
    raw, goal_id = _lund_document(app, "Inte importerad")
    page = _send(lund_admin, raw).get_data(as_text=True)
    upload_id = re.search(r'name="upload" type="hidden" value="(\d+)"', page).group(1)
    token = csrf(lund_admin, URL)
    bad = lund_admin.post(f"{URL}/bekrafta", data={"csrf_token": token, "upload": upload_id})
    assert bad.status_code == 302
    missing = lund_admin.post(f"{URL}/bekrafta", data={"csrf_token": token, "upload": "abc"})
    assert missing.status_code == 302
    # "²" is a digit to str.isdigit but not to int() (it answered 500); twelve digits are no id.
    for value in ("²", "9" * 12):
        refused = lund_admin.post(f"{URL}/bekrafta", data={"csrf_token": token, "upload": value})
        assert refused.status_code == 302, value
    no_file = lund_admin.post(URL, data={"csrf_token": token})
    assert no_file.status_code == 200 and "Välj en fil" in no_file.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Goal, goal_id).title != "Inte importerad"


def test_the_current_content_is_offered_as_the_file_to_change(app, lund_admin):
    """Found on the administrators' walk: the upload page pointed to "the documentation of the
    format", which the site does not have; an administrator of a new municipality had no
    example to write a file from. The current content, downloaded, is one, and uploads again
    as it is."""
    page = lund_admin.get(URL + "?lang=en").get_data(as_text=True)
    link = f'<a href="{URL}/nuvarande.yaml?lang=en" download>'
    assert link + "Download the current content as a goal document (YAML)</a>" in page
    assert "documentation of the format" not in page
    download = lund_admin.get(URL + "/nuvarande.yaml")
    assert download.status_code == 200 and download.mimetype == "application/yaml"
    assert download.headers["Content-Disposition"] == 'attachment; filename="lund.yaml"'
    preview = _send(lund_admin, download.data).get_data(as_text=True)
    assert "Förhandsvisning" in preview and "Inga ändringar." in preview


def test_schema_and_deeper_problems_are_shown_in_one_upload(app, lund_admin, runner, tmp_path):
    """The checks of dates, kinds and contrast ran only on a file the schema accepted: an
    administrator fixed a misspelt status and uploaded again, and only then heard that the
    dialogue window closed before it opened."""
    broken = (
        "municipality:\n  name: Lunds kommun\n  slug: lund\n  brand_colour: '#ffff00'\n"
        "plans:\n  - {title: Mål, status: nope}\n"
        "  - {title: Förslag, kind: proposal, status: adopted}\n"
        "  - title: Plan\n    status: adopted\n"
        "    dialogue: {opens: '2026-09-01', closes: '2026-08-01', ladder: dialogue,\n"
        "               influence: Allt, readers: Nämnden}\n"
    ).encode()
    page = _send(lund_admin, broken, lang="en").get_data(as_text=True)
    assert _problems(page) == [
        "lund.yaml: Plan 1 “Mål”: the status cannot be “nope”. "
        "Use one of: proposed, returned, adopted, current, archived.",
        "lund.yaml: Plan 2 “Förslag”: the status “adopted” does not fit the kind “proposal”. "
        "Use one of: proposed, returned, archived.",
        "lund.yaml: Plan 3 “Plan”, the dialogue window: the closing date is before the opening "
        "date.",
        "lund.yaml: The municipality: the brand colour has too little contrast against white "
        "(#ffffff): 1.07:1, and at least 4.5:1 is needed. Choose a darker colour.",
    ]
    assert "Nothing was imported: 4 problems" in page  # not "4 problem(s)"
    assert 'id="upload-problems" autofocus' in page  # the reader is taken to the problems
    assert 'name="upload"' not in page  # nothing kept to confirm
    assert _problems(page) == _printed(runner, tmp_path, broken)


def test_malformed_structures_are_listed_not_a_server_error(app, lund_admin):
    documents = [
        b"[]\n",
        b"municipality: []\nplans: {}\n",
        b"municipality: {name: Lunds kommun, slug: lund, committees: [[]]}\nplans: [[], 1]\n",
        b"municipality: {name: 1, logo: [], brand_colour: 7}\nplans: [{focus_areas: {}}]\n",
        b"municipality: {name: X}\nplans: [{title: A, status: adopted, goals: [{dialogue: []}]}]\n",
        b"municipality: {name: X}\nplans: [{dialogue: {opens: [], closes: 2026-01-01}}]\n",
        b"municipality: {name: X, districts: {a: b}}\nplans: [{focus_areas: [{goals: [7]}]}]\n",
        b"municipality: {name: X}\nplans: [{? [title] : A}]\n",
    ]
    for raw in documents:
        response = _send(lund_admin, raw)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, raw
        assert _problems(page) and "Inget importerades" in page, raw
