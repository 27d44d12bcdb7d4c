"""Settings, committees, dialogue windows and new municipalities through the forms."""

import io
import struct
import zlib
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import func, select

from dialog.catalogue.admin import logos
from dialog.catalogue.models import Committee, DialogueWindow, Municipality
from dialog.catalogue.phases import today as local_today
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.catalogue.admin.conftest import first_goal, lund_plan
from tests.factories import csrf
from tests.officials import make_official, sign_in_official

BASE = "/hantera/lund/innehall"


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (
        logos.PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _settings(client, **changes):
    url = f"{BASE}/installningar"
    data = {"csrf_token": csrf(client, url), "name": "Lunds kommun"}
    data.update(changes)
    return client.post(url, data=data, content_type="multipart/form-data")


def test_settings_are_saved_and_logged_with_before_and_after(app, lund_admin):
    response = _settings(
        lund_admin,
        brand_colour="#00507A",
        contact_email="kommun@lund.se",
        dpo_name="Dataskyddsombudet",
        dpo_email="dso@lund.se",
        accessibility_email="tillganglighet@lund.se",
        mail_sender_name="Lunds kommun",
        mail_sender_address="noreply@lund.se",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert lund.brand_colour == "#00507a" and lund.dpo_email == "dso@lund.se"
        assert lund.mail_sender_address == "noreply@lund.se"
        entry = db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.settings.update")
        ).one()
        assert entry.after["dpo_email"] == "dso@lund.se"
        assert "dpo_email" in entry.before


def test_a_pale_colour_and_a_bad_address_are_refused_in_swedish(app, lund_admin):
    response = _settings(lund_admin, brand_colour="#ffff00")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "För låg kontrast" in text and 'id="brand_colour-error"' in text
    response = _settings(lund_admin, contact_email="inte en adress", website="lund.se")
    text = response.get_data(as_text=True)
    assert 'id="contact_email-error"' in text and 'id="website-error"' in text
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert lund.brand_colour != "#ffff00"
        assert (
            db.session.scalar(select(AuditEntry).filter_by(action="catalogue.settings.update"))
            is None
        )


def test_a_longest_comment_in_digits_that_are_not_ascii_is_refused_not_a_500(app, lund_admin):
    """A superscript two is a digit to str.isdigit but not to int(): saving the settings
    answered 500. int() reads "١٢" as 12, but the field takes ASCII digits only."""
    for value in ("²", "١٢"):
        response = _settings(lund_admin, comment_max_length=value)
        assert response.status_code == 200, value
        assert 'id="comment_max_length-error"' in response.get_data(as_text=True), value
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert lund.comment_max_length is None


def test_a_half_mail_sender_names_the_missing_field(app, lund_admin):
    response = _settings(lund_admin, mail_sender_name="Lunds kommun")
    assert 'id="mail_sender_address-error"' in response.get_data(as_text=True)


def test_a_png_logo_is_stored_and_anything_else_refused(app, lund_admin):
    refused = _settings(
        lund_admin, logo=(io.BytesIO(b"<svg onload='x'/>"), "logo.svg"), logo_alt="Lund"
    )
    assert "PNG-bild" in refused.get_data(as_text=True)
    too_big = _settings(lund_admin, logo=(io.BytesIO(png() + b"\x00" * logos.MAX_BYTES), "l.png"))
    assert "för stor" in too_big.get_data(as_text=True)
    no_alt = _settings(lund_admin, logo=(io.BytesIO(png()), "logo.png"))
    assert 'id="logo_alt-error"' in no_alt.get_data(as_text=True)
    saved = _settings(lund_admin, logo=(io.BytesIO(png()), "logo.png"), logo_alt="Lunds kommun")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        assert (
            lund.logo_file.startswith("kommuner/uppladdat/lund-")
            and lund.logo_alt == "Lunds kommun"
        )
    stored = logos.STATIC_ROOT / lund.logo_file
    try:
        assert stored.read_bytes() == png()
    finally:
        stored.unlink()


def test_committees_are_added_and_duplicates_refused(app, lund_admin):
    url = f"{BASE}/namnder/ny"
    data = {"csrf_token": csrf(lund_admin, url), "name": "Fritidsnämnden", "kind": "committee"}
    assert lund_admin.post(url, data=data).status_code == 302
    again = lund_admin.post(url, data=data | {"name": " fritidsnämnden "})
    assert again.status_code == 200 and 'id="name-error"' in again.get_data(as_text=True)
    with app.app_context():
        added = db.session.scalar(select(Committee).filter_by(name="Fritidsnämnden"))
        assert added.slug == "fritidsnamnden"
        assert db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.committee.create")
        ).one()
    edit = f"{BASE}/namnder/fritidsnamnden"
    changed = {
        "csrf_token": csrf(lund_admin, edit),
        "name": "Fritid",
        "full_name": "Fritidsnämnden",
        "kind": "committee",
    }
    assert lund_admin.post(edit, data=changed).status_code == 302


def test_an_archived_committees_name_is_not_given_again(app, lund_admin):
    """Found by the forms fuzzing: the document the checks read leaves archived committees out,
    so a new committee with an archived one's name reached the database's unique key (a 500)."""
    url = f"{BASE}/namnder/ny"
    data = {"csrf_token": csrf(lund_admin, url), "name": "Fritidsnämnden", "kind": "committee"}
    assert lund_admin.post(url, data=data).status_code == 302
    archive = f"{BASE}/namnder/fritidsnamnden/arkivera"
    assert (
        lund_admin.post(
            archive, data={"csrf_token": data["csrf_token"], "bekraftat": "ja"}
        ).status_code
        == 302
    )
    again = lund_admin.post(url, data=data | {"name": "FRITIDSNÄMNDEN"})
    assert again.status_code == 200 and 'id="name-error"' in again.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Committee.id)).filter_by(name="FRITIDSNÄMNDEN"))
            == 0
        )


def test_a_window_is_opened_checked_and_closed(app, lund_admin):
    with app.app_context():
        plan = lund_plan()
        slug, plan_id = plan.slug, plan.id
        db.session.execute(
            DialogueWindow.__table__.delete().where(DialogueWindow.plan_id == plan_id)
        )
        db.session.commit()
        # The municipality's date, which closing uses: not the machine's (UTC) date, a day
        # behind Stockholm's between midnight there and midnight UTC.
        today = local_today()
    url = f"{BASE}/planer/{slug}/dialog"

    data = {
        "csrf_token": csrf(lund_admin, url),
        "opens": (today - timedelta(days=3)).isoformat(),
        "closes": (today - timedelta(days=5)).isoformat(),
        "ladder": "dialogue",
        "influence": "Vilka mål som prioriteras.",
        "readers": "Kommunstyrelsen läser allt i maj.",
    }
    wrong = lund_admin.post(url, data=data)
    assert "Slutdatumet är före startdatumet." in wrong.get_data(as_text=True)
    bad_day = lund_admin.post(url, data=data | {"closes": "2026-02-30"})
    assert "Det datumet finns inte." in bad_day.get_data(as_text=True)
    data["closes"] = (today + timedelta(days=30)).isoformat()
    assert lund_admin.post(url, data=data).status_code == 302
    asked = lund_admin.post(f"{url}/stang", data={"csrf_token": data["csrf_token"]})
    assert asked.status_code == 200  # a page of its own first (test_closing_asks_first)
    close = lund_admin.post(
        f"{url}/stang", data={"csrf_token": data["csrf_token"], "bekraftat": "ja"}
    )
    assert close.status_code == 302
    with app.app_context():
        window = db.session.scalar(select(DialogueWindow).filter_by(plan_id=plan_id))
        assert window.closes_on == today - timedelta(days=1)
        actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-2:] == ["catalogue.window.open", "catalogue.window.update"]


def test_only_platform_administrators_add_municipalities(app, lund_admin, client):
    url = "/hantera/innehall/kommuner/ny"
    assert lund_admin.get(url).status_code == 403
    with app.app_context():
        make_official("root@example.se", platform_admin=True)
    sign_in_official(client, "root@example.se")
    token = csrf(client, url)
    taken = client.post(url, data={"csrf_token": token, "name": "Lund", "slug": "lund"})
    assert 'id="slug-error"' in taken.get_data(as_text=True)
    bad = client.post(
        url, data={"csrf_token": token, "name": "Staffanstorp", "slug": "Staffan Storp"}
    )
    assert "små bokstäver" in bad.get_data(as_text=True)
    made = client.post(url, data={"csrf_token": token, "name": "Staffanstorps kommun"})
    assert made.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(Municipality).filter_by(slug="staffanstorps-kommun"))
        assert created is not None
        assert db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.municipality.create")
        ).one()


def test_the_content_page_says_where_the_vision_is_changed(lund_admin):
    """Found on the administrators' walk: the vision is in the settings form, but the link to
    it said "Name, logo and contacts", so an administrator looking for the vision did not
    find it."""
    page = lund_admin.get(f"{BASE}?lang=en").get_data(as_text=True)
    assert ">Name, vision, logo and contacts</a>" in page


def _open_window(target: dict, days_ago: int = 3) -> None:
    """A window that opened `days_ago` and is open for a month more."""
    today = local_today()
    db.session.execute(DialogueWindow.__table__.delete().filter_by(**target))
    db.session.add(
        DialogueWindow(
            **target,
            opens_on=today - timedelta(days=days_ago),
            closes_on=today + timedelta(days=30),
            ladder_step="dialogue",
            influence="Vilka mål som prioriteras.",
            readers="Kommunstyrelsen läser allt i maj.",
        )
    )
    db.session.commit()


def test_closing_asks_first_and_says_what_changes(app, lund_admin):
    """Found on the administrators' walk: one press of "Close the dialogue now" closed it for
    every resident at once, with no word on what happens to what was written."""
    with app.app_context():
        plan = lund_plan()
        slug, plan_id, title = plan.slug, plan.id, plan.title
        _open_window({"plan_id": plan_id})
    url = f"{BASE}/planer/{slug}/dialog"
    form = lund_admin.get(f"{url}?lang=en").get_data(as_text=True)
    assert f'action="{url}/stang?lang=en"' in form and "Close the dialogue now</button>" in form
    token = csrf(lund_admin, url)
    asked = lund_admin.post(f"{url}/stang?lang=en", data={"csrf_token": token})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "<h1>Close the dialogue now?</h1>" in page
    assert f'<strong><span lang="sv">{escape(title)}</span></strong>' in page
    assert "residents can no longer comment, reply, rate" in page
    assert "Everything already written stays" in page
    assert "To open the dialogue again, set a later date in “Closes”" in page
    assert 'name="bekraftat" value="ja"' in page
    assert f'<a class="button-link secondary" href="{url}?lang=en">Cancel</a>' in page
    with app.app_context():
        window = db.session.scalar(select(DialogueWindow).filter_by(plan_id=plan_id))
        assert window.closes_on == local_today() + timedelta(days=30)
        assert not db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.window.update")
        ).all()
    done = lund_admin.post(
        f"{url}/stang?lang=en",
        data={"csrf_token": token, "bekraftat": "ja"},
        follow_redirects=True,
    )
    assert "The dialogue is closed." in done.get_data(as_text=True)
    with app.app_context():
        window = db.session.scalar(select(DialogueWindow).filter_by(plan_id=plan_id))
        assert window.closes_on == local_today() - timedelta(days=1)
        assert db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.window.update")
        ).one()


def test_closing_a_goals_own_window_asks_first_in_swedish(app, lund_admin):
    with app.app_context():
        goal = first_goal(lund_plan())
        goal_id = goal.id
        _open_window({"goal_id": goal_id})
    url = f"{BASE}/mal/{goal_id}/dialog"
    token = csrf(lund_admin, url)
    page = lund_admin.post(f"{url}/stang", data={"csrf_token": token}).get_data(as_text=True)
    assert "<h1>Stäng dialogen nu?</h1>" in page
    assert "invånarna inte längre kommentera, svara, betygsätta" in page
    assert "på det här målet" in page
    assert (
        lund_admin.post(f"{url}/stang", data={"csrf_token": token, "bekraftat": "ja"}).status_code
        == 302
    )
    with app.app_context():
        window = db.session.scalar(select(DialogueWindow).filter_by(goal_id=goal_id))
        assert window.closes_on == local_today() - timedelta(days=1)


def test_a_closed_dialogue_is_not_offered_for_closing(app, lund_admin):
    with app.app_context():
        plan = lund_plan()
        slug, plan_id = plan.slug, plan.id
        _open_window({"plan_id": plan_id})
        window = db.session.scalar(select(DialogueWindow).filter_by(plan_id=plan_id))
        window.closes_on = local_today() - timedelta(days=2)
        db.session.commit()
    url = f"{BASE}/planer/{slug}/dialog"
    token = csrf(lund_admin, url)
    refused = lund_admin.post(
        f"{url}/stang?lang=en", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The dialogue is already closed." in refused.get_data(as_text=True)
    with app.app_context():
        window = db.session.scalar(select(DialogueWindow).filter_by(plan_id=plan_id))
        assert window.closes_on == local_today() - timedelta(days=2)
