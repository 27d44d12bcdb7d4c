"""No page, export, API answer or log line carries another person's e-mail address.

A resident and an official (Lund's administrator) walk every page type (tests/pages.py), the
official downloads every export and report in every format, the resident their own data, and
everyone reads the API; every log record written meanwhile is captured. Each text is searched
for every account's address: a person may see only their own.
"""

import io
import json
import logging
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.exports import disclosure, report, writers
from dialog.extensions import db
from tests.factories import PASSWORD, csrf
from tests.pages import EMAILS, LANGUAGES, make_site, sign_in_actor, walk

OWN = {"resident": "resident@example.se", "official": "official@lund.se"}
RESIDENTS = {"resident@example.se", "neighbour@example.se", "newcomer@example.se"}
#: Where an administrator sees the work addresses of the officials and invitations they manage
#: (an account's address is what identifies it; the invitation is sent to it). Never a
#: resident's. docs/security.md lists these.
ROLE_ADMINISTRATION = (
    "manage.officials_page",
    "manage.audit_log",
    "manage.platform_audit_log",
    "/hantera/lund/logg.csv",
    "/hantera/logg.csv",
)


def managed(actor: str, where: str, address: str) -> bool:
    return (
        actor == "official"
        and address not in RESIDENTS
        and any(place in where.split() or place == where for place in ROLE_ADMINISTRATION)
    )


def text_of(data: bytes, mimetype: str) -> str:
    """What a person could read in a download, whatever its format."""
    if mimetype == "application/pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if data[:2] == b"PK":  # xlsx, docx: XML parts in a zip
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return data.decode("utf-8", "replace")


def downloads(site) -> list[str]:
    base = "/hantera/lund"
    plan = site.plan_slug
    urls = [f"{base}/logg.csv", "/hantera/logg.csv"]
    for fmt in writers.FORMATS:
        urls += [f"{base}/export/plan/{plan}/kommentarer?format={fmt}"]
        urls += [f"{base}/export/plan/{plan}/betyg?format={fmt}"]
    urls += [f"{base}/export/plan/{plan}/utlamnande?format={fmt}" for fmt in disclosure.FORMATS]
    for fmt in report.FORMATS:
        urls += [
            f"{base}/rapport/plan/{plan}?format={fmt}",
            f"{base}/rapport/omrade/{site.area_id}?format={fmt}",
            f"{base}/rapport/mal/{site.goal_id}?format={fmt}",
        ]
    return urls


def api_urls(site) -> list[str]:
    return [
        "/api/v1/municipalities",
        "/api/v1/municipalities/lund",
        f"/api/v1/municipalities/lund/plans/{site.plan_slug}",
        f"/api/v1/goals/{site.goal_id}",
        f"/api/v1/goals/{site.goal_id}/comments",
        f"/api/v1/focus-areas/{site.area_id}",
        f"/api/v1/focus-areas/{site.area_id}/comments",
        "/api/v1/openapi.json",
    ]


@pytest.mark.parametrize("actor", ["resident", "official"])
def test_nobody_sees_another_persons_address(app, actor, caplog):
    # fontTools' subsetting for the PDFs is quiet; everything else is kept (the handler takes
    # the level of the last call, so DEBUG comes last).
    caplog.set_level(logging.WARNING, logger="fontTools")
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        site = make_site()
    client = app.test_client()
    sign_in_actor(client, actor)
    texts: dict[str, str] = {}
    for language in LANGUAGES:
        for page in walk(app, client, site, actor, language):
            texts[f"{language} {page.name} {page.url}"] = page.html
    for url in api_urls(site) + (
        downloads(site) if actor == "official" else ["/mina-sidor/mina-data"]
    ):
        with client.get(url, buffered=True) as response:
            assert response.status_code == 200, url
            texts[url] = text_of(response.data, response.mimetype)
    with app.app_context():
        addresses = (set(db.session.scalars(select(User.email))) | set(EMAILS)) - {OWN[actor]}
    assert len(addresses) >= 4
    found = {
        where: sorted(a for a in addresses if a in text and not managed(actor, where, a))
        for where, text in texts.items()
    }
    found = {where: seen for where, seen in found.items() if seen}
    assert found == {}
    assert (
        OWN[actor]
        in texts[
            "/mina-sidor/mina-data"
            if actor == "resident"
            else "sv settings.account /mina-sidor/konto?lang=sv"
        ]
    )


def test_no_log_line_carries_an_address(app, caplog):
    """Signing up, in and out, mail, invitations, exports: nothing logged names an address."""
    # fontTools' subsetting for the PDFs is quiet; everything else is kept (the handler takes
    # the level of the last call, so DEBUG comes last).
    caplog.set_level(logging.WARNING, logger="fontTools")
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        site = make_site()
    newcomer = app.test_client()  # mail: a confirmation link, then a password reset
    signed_up = newcomer.post(
        "/konto/registrera",
        data={
            "email": "newcomer@example.se",
            "display_name": "Nykomling",
            "password": PASSWORD,
            "accept_rules": "y",
            "accept_privacy": "y",
            "csrf_token": csrf(newcomer, "/konto/registrera"),
        },
    )
    assert "newcomer@example.se" in signed_up.get_data(as_text=True)  # "check your mail"
    url = "/konto/glomt-losenord"
    asked = newcomer.post(url, data={"email": EMAILS[0], "csrf_token": csrf(newcomer, url)})
    assert asked.status_code in (200, 302)
    for actor in ("resident", "official"):
        client = app.test_client()
        sign_in_actor(client, actor)
        for _page in walk(app, client, site, actor, "sv"):
            pass
        if actor == "official":
            for url in downloads(site):
                client.get(url, buffered=True).close()
    with app.app_context():
        addresses = set(db.session.scalars(select(User.email)))
    lines = [
        f"{r.name} {r.getMessage()} {json.dumps(r.__dict__, default=str)}" for r in caplog.records
    ]
    assert any("dialog.mail" in line for line in lines)  # the mail was logged
    assert [line for line in lines if any(a in line for a in addresses)] == []
