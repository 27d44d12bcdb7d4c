"""Display names: one line, nothing invisible, nothing that passes for the municipality."""

import pytest

from dialog.accounts.models import User
from dialog.catalogue.models import Municipality
from dialog.extensions import db
from tests.factories import PASSWORD, csrf

ROLES = ["kommun", "moderator", "administratör", "handläggare", "official", "admin"]


def register(client, name, query=""):
    return client.post(
        f"/konto/registrera{query}",
        data={
            "email": "ny@example.se",
            "display_name": name,
            "password": PASSWORD,
            "accept_rules": "y",
            "accept_privacy": "y",
            "csrf_token": csrf(client, "/konto/registrera"),
        },
    )


@pytest.fixture
def municipalities(app_context):
    db.session.add_all(
        [
            Municipality(slug="lund", name="Lunds kommun"),
            Municipality(slug="gotland", name="Region Gotland"),
        ]
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Anna\nÄmne: falskt", "på en rad"),
        ("Anna\u2028Berg", "på en rad"),
        ("Anna \u202egreB", "osynliga tecknen"),  # right-to-left override
        ("An\u200bna", "osynliga tecknen"),  # zero-width space
        ("Anna\u00ad", "osynliga tecknen"),  # soft hyphen
        ("Anna\tBerg", "osynliga tecknen"),
        ("Lunds kommun \u2705", "bock"),
        ("Lunds kommun", "”kommun”"),
        ("LUNDAKOMMUN", "”kommun”"),
        ("Kommunen informerar", "”kommun”"),
        ("Moderatorn", "”moderator”"),
        ("Ádmïn", "”admin”"),
        ("Handläggare Eva", "”handläggare”"),
        ("Handlaggare Eva", "”handläggare”"),
        ("Dialog Official", "”official”"),
        ("region  GOTLAND", "”Region Gotland”"),
    ],
)
def test_names_that_break_lines_hide_text_or_impersonate_are_refused(
    client, municipalities, name, message
):
    response = register(client, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page, name
    assert db.session.query(User).count() == 0


@pytest.mark.parametrize(
    "name", ["Lisa i Lund", "Bo i Dalby", "Lundabo", "Anna-Karin Öberg", "Gotlänning", "Zoë 🙂"]
)
def test_ordinary_names_and_places_are_fine(client, municipalities, name):
    register(client, name)
    assert db.session.query(User).one().display_name == name


def test_names_are_stored_composed(client, municipalities):
    register(client, "Zoe\u0308")  # e + combining diaeresis
    assert db.session.query(User).one().display_name == "Zoë"


def test_name_errors_in_english(client, municipalities):
    page = register(client, "Lunds kommun", "?lang=en").get_data(as_text=True)
    assert "Choose a name without \u201ckommun\u201d" in page
    page = register(client, "An\u200bna", "?lang=en").get_data(as_text=True)
    assert "Remove the invisible characters" in page


def test_reserved_words_come_from_config(app, client, municipalities, monkeypatch):
    monkeypatch.setitem(app.config, "RESERVED_NAME_WORDS", ("stadsdirektör",))
    assert "”stadsdirektör”" in register(client, "Stadsdirektören").get_data(as_text=True)
    register(client, "Moderator Eva")  # no longer reserved
    assert db.session.query(User).count() == 1


def test_folding_ignores_case_and_accents():
    from dialog.accounts.names import fold, reserved_word

    assert fold("ÅDMÏNISTRATÖR") == "administrator"
    assert reserved_word("Bästa Admin", [], ROLES) == "admin"
    assert reserved_word("Lisa i Lund", ["Lunds kommun"], ROLES) is None
