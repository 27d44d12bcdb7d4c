"""Whose site it is: name, logo, colour and contacts in header and footer; the home municipality."""

import re

from sqlalchemy import select

from dialog.catalogue.models import Goal, Municipality
from dialog.extensions import db
from tests.catalogue.test_import_site import DOCUMENT, run_import


def test_pages_within_a_municipality_show_its_name_and_contacts(seeded, client, app):
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id).where(Goal.title == "Förskolelyft"))
    for url in ("/kommun/lund", f"/mal/{goal_id}"):
        page = client.get(url).get_data(as_text=True)
        assert '<span class="site-owner">Lunds kommun</span>' in page
        assert "<title>" in page and "– Lunds kommun</title>" in page
        assert "Kontakta Lunds kommun" in page
        assert "Lunds kommun<br>Box 41<br>221 00 Lund" in page
        assert 'href="mailto:kommunen@lund.se"' in page and 'href="tel:0463595000"' in page
    start = client.get("/").get_data(as_text=True)
    assert ">Dialog</a>" in start and "site-contact" not in start


def test_logo_and_brand_colour_come_through_a_stylesheet(runner, tmp_path, client, app):
    with app.app_context():
        assert run_import(runner, tmp_path, DOCUMENT).exit_code == 0
    page = client.get("/kommun/testby").get_data(as_text=True)
    assert (
        '<img class="site-logo" src="/static/kommuner/exempelstad.svg" alt="Testby kommun">' in page
    )
    assert '<link rel="stylesheet" href="/kommun/testby/stil.css?v=1d5b3a">' in page
    assert "style=" not in page
    css = client.get("/kommun/testby/stil.css?v=1d5b3a")
    assert css.mimetype == "text/css" and "max-age=86400" in css.headers["Cache-Control"]
    assert "--accent: #1d5b3a; --accent-dark: #1d5b3a;" in css.get_data(as_text=True)
    assert client.get("/kommun/nowhere/stil.css").status_code == 404


def test_a_municipality_without_a_colour_has_no_stylesheet(seeded, client):
    assert "stil.css" not in client.get("/kommun/lund").get_data(as_text=True)
    assert client.get("/kommun/lund/stil.css").status_code == 404


def test_the_home_municipality_is_the_start_page(seeded, make_app):
    home = make_app(DIALOG_HOME_MUNICIPALITY="lund").test_client()
    start = home.get("/").get_data(as_text=True)
    assert "<h1>Lunds kommun</h1>" in start and "Antagna styrdokument" in start
    assert 'aria-label="Brödsmulor"' not in start
    assert 'class="site-name" href="/"' in start
    sign_in_page = home.get("/konto/logga-in").get_data(as_text=True)
    assert "Kontakta Lunds kommun" in sign_in_page
    lost = make_app(DIALOG_HOME_MUNICIPALITY="nowhere").test_client()
    assert "<h1>Medborgardialog om din kommuns mål</h1>" in lost.get("/").get_data(as_text=True)


def test_the_privacy_notice_names_controller_and_dpo(seeded, client, make_app):
    page = client.get("/integritet").get_data(as_text=True)
    assert "Vem som ansvarar för dina personuppgifter" in page
    for name in ("Kommunstyrelsen i Lunds kommun", "Lomma kommuns dataskyddsombud"):
        assert name in page
    assert "Integritetsskyddsmyndigheten" in page
    home = make_app(DIALOG_HOME_MUNICIPALITY="lomma").test_client()
    only_lomma = home.get("/integritet").get_data(as_text=True)
    assert "Kommunstyrelsen i Lomma kommun" in only_lomma and "Lunds kommun" not in only_lomma


def test_the_accessibility_statement_follows_the_public_sector_model(seeded, client):
    page = client.get("/tillganglighet").get_data(as_text=True)
    for part in (
        "Hur tillgänglig är webbplatsen?",
        "delvis förenlig med lagen",
        "Innehåll som inte är tillgängligt",
        "Ingen person har ännu gått igenom webbplatsen med hjälpmedel",
        "axe-core",
        "enbart tangentbordet",
        "Den senaste bedömningen gjordes den 28 november 2026",
        "Myndigheten för digital förvaltning (DIGG)",
        'href="https://www.digg.se/tdosanmalan"',
        'href="mailto:kommunen@lomma.se"',
    ):
        assert part in page, part
    english = client.get("/tillganglighet?lang=en").get_data(as_text=True)
    assert "partially compliant" in english and "28 November 2026" in english


def test_the_cookie_page_lists_every_cookie_the_site_sets(seeded, client, app):
    from tests.factories import csrf, make_user

    with app.app_context():
        make_user()
    token = csrf(client)
    client.post(
        "/konto/logga-in",
        data={
            "email": "anna@example.se",
            "password": "correct horse battery",
            "remember": "y",
            "csrf_token": token,
        },
    )
    set_names = {cookie.key for cookie in client._cookies.values()}
    assert set_names == {"session", "remember_token"}
    page = client.get("/kakor").get_data(as_text=True)
    listed = set(re.findall(r"<code>([a-z_]+)</code>", page))
    assert set_names <= listed


def test_the_api_is_documented_as_a_page(client):
    document = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/oppna-data").get_data(as_text=True)
    for path in document["paths"]:
        assert f"<code>GET {path}</code>" in page
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert 'href="/api/v1/openapi.json"' in page and "<script>" not in page
    assert '<td lang="en">' in page  # the document's English on a Swedish page
    assert 'href="/oppna-data">Öppna data (API)</a>' in client.get("/").get_data(as_text=True)


def test_municipality_columns_are_all_exported(app_context):
    from dialog.catalogue.importer.municipality import SITE_KEYS

    columns = {column for keys in SITE_KEYS.values() for column in keys.values()}
    own = {c.name for c in Municipality.__table__.columns}
    assert columns <= own
    # Order and archiving are set by platform administrators in the browser, not by files;
    # export_display_names is the administrator's choice in the app (audited), not content.
    admin_only = {"position", "is_archived", "export_display_names"}
    assert own - columns == {"id", "slug", "name", "created_at", "updated_at"} | admin_only
