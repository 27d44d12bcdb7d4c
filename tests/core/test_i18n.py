"""Swedish by default, English complete, and the switch keeps the page."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dialog import ROOT

METHODS = [("dialog/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(language: str) -> dict:
    path = Path(ROOT, "dialog/translations", language, "LC_MESSAGES/messages.po")
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalogue if m.id}


def test_every_ui_string_is_translated_in_both_catalogues():
    messages = _source_messages()
    assert len(messages) > 50
    for language in ("sv", "en"):
        catalogue = _catalogue(language)
        missing = sorted(m for m in messages if m not in catalogue)
        assert missing == [], f"{language}: not in catalogue"
        empty = sorted(
            m
            for m in messages
            if "fuzzy" in catalogue[m].flags
            or not all(
                catalogue[m].string
                if isinstance(catalogue[m].string, tuple)
                else [catalogue[m].string]
            )
        )
        assert empty == [], f"{language}: untranslated or fuzzy"


def test_swedish_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Hoppa till innehållet" in page


def _csrf_token(page: str) -> str:
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_language_switch_keeps_the_page_and_is_remembered(client, seeded):
    page = client.get("/kommun/lund").get_data(as_text=True)
    response = client.post(
        "/sprak",
        data={"language": "en", "next": "/kommun/lund", "csrf_token": _csrf_token(page)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/kommun/lund"
    later = client.get("/kommun/lund").get_data(as_text=True)
    assert '<html lang="en">' in later
    assert "Skip to content" in later
    assert "Proposals" in later


def test_language_switch_requires_csrf(client):
    response = client.post("/sprak", data={"language": "en", "next": "/"})
    assert response.status_code == 400
    assert "dialog_lang" not in response.headers.get("Set-Cookie", "")


def test_language_switch_refuses_foreign_next(client):
    page = client.get("/").get_data(as_text=True)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/sprak", data={"language": "en", "next": target, "csrf_token": _csrf_token(page)}
        )
        assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    page = client.get("/").get_data(as_text=True)
    client.post("/sprak", data={"language": "xx", "next": "/", "csrf_token": _csrf_token(page)})
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)
