"""Swedish by default, English complete, and the switch keeps the page."""

import re
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


def test_language_is_chosen_by_the_address_and_links_keep_it(client, seeded):
    page = client.get("/kommun/lund").get_data(as_text=True)
    assert 'href="/kommun/lund?lang=en" lang="en" hreflang="en">In English</a>' in page
    english = client.get("/kommun/lund?lang=en")
    later = english.get_data(as_text=True)
    assert '<html lang="en">' in later and "Skip to content" in later and "Proposals" in later
    assert "Set-Cookie" not in english.headers
    assert 'href="/kommun/lund/plan/vara-fokusomraden?lang=en"' in later
    # Back to Swedish: the plain address, links without the parameter.
    assert 'href="/kommun/lund" lang="sv" hreflang="sv">På svenska</a>' in later
    assert "?lang=" not in page.split("In English")[1]


def test_unknown_language_is_ignored(client):
    page = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="sv">' in page and "lang=xx" not in page


def test_signed_in_language_is_kept_on_the_account(app, client, app_context):
    from dialog.accounts.models import User
    from dialog.extensions import db
    from tests.factories import csrf, make_user, sign_in

    user = make_user()
    sign_in(client)
    token = csrf(client, "/")
    response = client.post(
        "/sprak", data={"language": "en", "next": "/kommun/x?a=1&lang=sv", "csrf_token": token}
    )
    assert response.headers["Location"] == "/kommun/x?a=1"
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "en"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    # An explicit ?lang= still wins, and links carry it since it differs from the account's.
    page = client.get("/?lang=sv").get_data(as_text=True)
    assert '<html lang="sv">' in page and 'href="/tillganglighet?lang=sv"' in page


def test_language_switch_requires_csrf(client):
    response = client.post("/sprak", data={"language": "en", "next": "/"})
    assert response.status_code == 400


def test_language_switch_refuses_foreign_next(client, app_context):
    from tests.factories import csrf, make_user, sign_in

    make_user()
    sign_in(client)
    token = csrf(client, "/")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/sprak", data={"language": "en", "next": target, "csrf_token": token}
        )
        assert response.headers["Location"] == "/"


def test_swedish_calls_residents_invanare_never_boende():
    """Opinion groups said "boende" where every other page says "invånare" for residents. Only
    the word itself is refused: a compound such as "äldreboende" (a care home) is another
    thing and may be written."""
    said = re.compile(r"(?<![\wåäö])boende(?![\wåäö])", re.IGNORECASE)
    found = []
    for message in _catalogue("sv").values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [string for string in strings if said.search(string)]
    assert found == []
