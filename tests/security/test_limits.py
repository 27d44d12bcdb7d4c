"""Oversized requests: a friendly 413 page that changes nothing; uploads answer by their own
limit (the importer's), which is larger than the limit for ordinary forms."""

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from dialog.accounts.roles import Role
from dialog.extensions import db
from tests.factories import csrf, make_user
from tests.officials import make_official, sign_in_official
from tests.security.world import row_counts


def upload(client, url: str, token: str, raw: bytes):
    """Encoded in memory: the test client would spool a large body to a file it never closes."""
    boundary, body = encode_multipart(
        {"csrf_token": token, "document": FileStorage(io.BytesIO(raw), "mal.yaml")}
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_an_oversized_form_gets_a_friendly_413(app, client, app_context):
    make_user("anna@example.se", "Anna")
    before = row_counts()
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/konto/logga-in",
        data={"email": "anna@example.se", "password": big, "csrf_token": csrf(client)},
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "<h1>Det du skickade är för stort</h1>" in page
    assert 'lang="sv"' in page
    db.session.remove()
    assert row_counts() == before


def test_an_oversized_body_to_the_api_gets_json_413(app, client):
    response = client.post(
        "/api/v1/municipalities", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    )
    assert response.status_code in (405, 413)  # refused before or after the body is read
    assert response.is_json


def test_a_document_larger_than_forms_but_within_the_import_limit_is_read(app, client, app_context):
    """1.5 MiB is over MAX_CONTENT_LENGTH but under IMPORT_MAX_BYTES: the importer answers."""
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "admin@lund.se")
    url = "/hantera/lund/innehall/ladda-upp"
    text = "municipality: lund\n# " + "x" * (1536 * 1024) + "\n"
    response = upload(client, url, csrf(client, url), text.encode())
    assert response.status_code == 200
    assert "mal.yaml" in response.get_data(as_text=True)  # the importer's report names the file


def test_a_document_over_the_import_limit_gets_413(app, client, app_context):
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "admin@lund.se")
    url = "/hantera/lund/innehall/ladda-upp"
    token = csrf(client, url)
    before = row_counts()
    raw = b"x" * (app.config["IMPORT_MAX_BYTES"] + 128 * 1024)
    response = upload(client, url, token, raw)
    assert response.status_code == 413
    assert "<h1>Det du skickade är för stort</h1>" in response.get_data(as_text=True)
    db.session.remove()
    assert row_counts() == before
