"""A name typed in a content form (a municipality's, its mail sender's, a committee's) is one
line: it goes into a mail's subject and From header, a page's title and lists. A line break,
tab or control character is refused at its field, in Swedish or English, and nothing is saved.
(Titles are stored as one line whatever is typed: tests/catalogue/admin/test_titles.py.)"""

import html
import re

import pytest
from sqlalchemy import select

from dialog.catalogue.models import Committee, Municipality
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf
from tests.officials import make_official, sign_in_official

BASE = "/hantera/lund/innehall"
SV = "Skriv namnet på en rad, utan radbrytningar, tabbar eller osynliga kontrolltecken."
EN = "Write the name on one line, without line breaks, tabs or invisible control characters."
BROKEN = ["Lunds\nkommun", "Lunds\r\nkommun", "Lunds\tkommun", "Lunds\u2028kommun"]


def _error(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error"><span[^>]*>[^<]*</span>\s*([^<]*)</p>', page)
    assert found, f"no error at {field}"
    return html.unescape(found[1]).strip()


def _settings(client, query: str = "", **changes):
    url = f"{BASE}/installningar{query}"
    data = {"csrf_token": csrf(client, url), "name": "Lunds kommun"} | changes
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("name", BROKEN)
def test_a_municipality_name_with_a_line_break_is_refused_at_its_field(app, lund_admin, name):
    response = _settings(lund_admin, name=name)
    assert response.status_code == 200
    assert _error(response.get_data(as_text=True), "name") == SV
    with app.app_context():
        assert db.session.scalar(select(Municipality.name).filter_by(slug="lund")) == "Lunds kommun"
        saved = select(AuditEntry).filter_by(action="catalogue.settings.update")
        assert db.session.scalar(saved) is None


def test_the_mail_sender_and_logo_text_are_one_line_too_in_english(app, lund_admin):
    response = _settings(
        lund_admin,
        "?lang=en",
        mail_sender_name="Lunds kommun\nBcc: x@example.se",
        mail_sender_address="noreply@lund.se",
        logo_alt="Lund\tlogo",
    )
    page = response.get_data(as_text=True)
    assert _error(page, "mail_sender_name") == EN
    assert _error(page, "logo_alt") == EN
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert lund.mail_sender_name is None


def test_a_committee_name_with_a_line_break_is_refused(app, lund_admin):
    url = f"{BASE}/namnder/ny"
    data = {"csrf_token": csrf(lund_admin, url), "kind": "committee"}
    response = lund_admin.post(url, data=data | {"name": "Fritids\r\nnämnden"})
    assert _error(response.get_data(as_text=True), "name") == SV
    response = lund_admin.post(url, data=data | {"name": "Fritid", "full_name": "Fritids\tnämnd"})
    assert _error(response.get_data(as_text=True), "full_name") == SV
    with app.app_context():
        assert db.session.scalar(select(Committee).filter(Committee.name.like("Fritid%"))) is None


def test_a_new_municipality_is_named_on_one_line(app, seeded, client):
    with app.app_context():
        make_official("root@example.se", platform_admin=True)
    sign_in_official(client, "root@example.se")
    url = "/hantera/innehall/kommuner/ny"
    data = {"csrf_token": csrf(client, url), "name": "Staffanstorps\nkommun", "slug": "staffan"}
    response = client.post(url, data=data)
    assert _error(response.get_data(as_text=True), "name") == SV
    with app.app_context():
        assert db.session.scalar(select(Municipality).filter_by(slug="staffan")) is None
