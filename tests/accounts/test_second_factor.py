"""Second factor: forced enrolment, codes used once, recovery codes, limits, residents untouched."""

import re

import pyotp
import pytest
from sqlalchemy import select

from dialog.accounts.roles import Membership, Role
from dialog.accounts.totp import RecoveryCode, SecondFactor
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf, form_fields, make_user, sign_in
from tests.officials import code, make_official, municipality, sign_in_official, sign_in_password

STEP = "/konto/tvastegsverifiering"
ENROL = STEP + "/aktivera"


@pytest.fixture
def lund(app_context):
    return municipality("lund", "Lunds kommun")


def post_code(client, url, value):
    return client.post(url, data={"code": value, "csrf_token": csrf(client, url)})


def signed_in_as(client) -> str:
    return client.get("/mina-sidor").status_code == 200


def test_a_resident_signs_in_with_the_password_alone(client, app_context):
    make_user()
    response = sign_in(client)
    assert response.headers["Location"] == "/"
    assert signed_in_as(client)


def test_an_official_is_not_signed_in_before_the_code(client, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    response = sign_in_password(client, "mod@lund.se", next_path="/hantera")
    assert response.headers["Location"] == f"{STEP}?next=/hantera"
    assert client.get("/mina-sidor").status_code == 302  # not signed in yet
    page = client.get(STEP).get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    wrong = post_code(client, f"{STEP}?next=/hantera", "000000" if code() != "000000" else "111111")
    assert wrong.status_code == 200
    assert "Koden är fel eller har redan använts." in wrong.get_data(as_text=True)
    right = post_code(client, f"{STEP}?next=/hantera", code())
    assert right.headers["Location"] == "/hantera"
    assert client.get("/hantera").status_code == 200
    assert signed_in_as(client)


def test_a_used_code_is_refused_the_second_time(client, app, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    used = code()
    sign_in_password(client, "mod@lund.se")
    assert post_code(client, STEP, used).status_code == 302
    other = app.test_client()
    sign_in_password(other, "mod@lund.se")
    replay = post_code(other, STEP, used)
    assert replay.status_code == 200
    assert other.get("/mina-sidor").status_code == 302
    # The next step's code (a clock a little ahead) is still accepted.
    assert post_code(other, STEP, code(1)).status_code == 302
    factor = db.session.scalar(select(SecondFactor))
    db.session.refresh(factor)
    assert factor.last_step is not None


def test_an_older_code_is_refused_after_a_newer_one(client, app, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    sign_in_official(client, "mod@lund.se", offset_steps=1)
    other = app.test_client()
    sign_in_password(other, "mod@lund.se")
    assert post_code(other, STEP, code()).status_code == 200


def test_first_sign_in_as_an_official_forces_enrolment(client, lund, outbox):
    make_official("ny@lund.se", [("lund", Role.COMMUNICATOR)], enrolled=False)
    response = sign_in_password(client, "ny@lund.se", next_path="/hantera")
    assert client.get(response.headers["Location"]).headers["Location"] == f"{ENROL}?next=/hantera"
    page = client.get(f"{ENROL}?next=/hantera")
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', html)[1]
    assert client.get(ENROL).get_data(as_text=True).count(secret) == 1  # the same on reload
    qr = client.get(STEP + "/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.lstrip().startswith(b"<svg")
    typed = pyotp.TOTP(secret.replace(" ", "")).now()
    done = post_code(client, f"{ENROL}?next=/hantera", typed)
    assert done.status_code == 200 and "no-store" in done.headers["Cache-Control"]
    codes = re.findall(
        r"<li><code>([0-9a-z]{5}-[0-9a-z]{5})</code></li>", done.get_data(as_text=True)
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert client.get("/hantera").status_code == 200
    assert client.get(STEP + "/qr.svg").status_code == 404  # never again after enrolment
    assert client.get(ENROL).status_code == 302
    entry = db.session.scalar(select(AuditEntry).filter_by(action="second_factor.enrol"))
    assert entry is not None and entry.target_type == "users"


def test_a_wrong_code_does_not_finish_enrolment(client, lund):
    make_official("ny@lund.se", [("lund", Role.ADMIN)], enrolled=False)
    sign_in_password(client, "ny@lund.se")
    client.get(ENROL)
    response = post_code(client, ENROL, "12345x")
    assert response.status_code == 200
    assert "Koden är fel" in response.get_data(as_text=True)
    assert db.session.scalar(select(SecondFactor)).confirmed_at is None
    assert client.get("/hantera").status_code == 302


def test_a_recovery_code_works_once(client, app, lund):
    make_official("ny@lund.se", [("lund", Role.MODERATOR)], enrolled=False)
    sign_in_password(client, "ny@lund.se")
    html = client.get(ENROL).get_data(as_text=True)
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', html)[1].replace(" ", "")
    done = post_code(client, ENROL, pyotp.TOTP(secret).now())
    recovery = re.findall(r"<code>([0-9a-z]{5}-[0-9a-z]{5})</code>", done.get_data(as_text=True))[0]
    other = app.test_client()
    sign_in_password(other, "ny@lund.se")
    used = post_code(other, STEP, " " + recovery.upper().replace("-", " ") + " ")
    assert used.status_code == 302
    assert other.get("/hantera").status_code == 200
    third = app.test_client()
    sign_in_password(third, "ny@lund.se")
    assert post_code(third, STEP, recovery).status_code == 200
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("second_factor.recovery_code_used") == 1


def test_code_attempts_are_limited_per_account(client, app, lund, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_SECOND_FACTOR", "3 per minute")
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    sign_in_password(client, "mod@lund.se")
    statuses = [post_code(client, STEP, "999999x").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # From another address too: the limit follows the account.
    other = app.test_client()
    sign_in_password(other, "mod@lund.se")
    token = csrf(other, STEP)
    limited = other.post(
        STEP, data={"code": code(), "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert limited.status_code == 429


def test_an_account_given_a_role_while_signed_in_must_pass_the_step(client, lund):
    resident = make_user()
    sign_in(client)
    db.session.add(Membership(user_id=resident.id, municipality_id=lund.id, role="admin"))
    db.session.commit()
    response = client.get("/hantera/lund/tjanstepersoner")
    assert response.headers["Location"].startswith(f"{STEP}?next=/hantera/lund/tjanstepersoner")
    assert client.get(response.headers["Location"]).headers["Location"].startswith(ENROL)
    assert client.get("/mina-sidor").status_code == 200  # resident pages still work


def test_a_post_without_the_step_returns_to_the_form_page_afterwards(client, lund):
    admin = make_user("admin@lund.se", "Admin")
    sign_in(client, "admin@lund.se")
    db.session.add(Membership(user_id=admin.id, municipality_id=lund.id, role="admin"))
    db.session.commit()
    response = client.post(
        "/hantera/lund/tjanstepersoner/bjud-in",
        data={"csrf_token": csrf(client, "/")},
        headers={"Referer": "http://localhost/hantera/lund/tjanstepersoner"},
    )
    assert response.headers["Location"] == f"{STEP}?next=/hantera/lund/tjanstepersoner"
    assert db.session.scalar(select(AuditEntry)) is None


def test_the_pending_sign_in_expires(client, app, lund, monkeypatch):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    sign_in_password(client, "mod@lund.se")
    monkeypatch.setitem(app.config, "PENDING_SIGN_IN_MAX_AGE", -1)
    response = client.get(STEP)
    assert response.headers["Location"].startswith("/konto/logga-in")


def test_the_step_page_sends_others_on(client, lund):
    assert client.get(STEP).headers["Location"].startswith("/konto/logga-in")
    make_user()
    sign_in(client)
    assert client.get(f"{STEP}?next=/regler").headers["Location"] == "/regler"
    assert client.get(STEP + "/qr.svg").status_code == 404


def test_signing_out_forgets_the_step(client, lund):
    make_official("mod@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "mod@lund.se")
    token = form_fields(client.get("/hantera").get_data(as_text=True))["csrf_token"]
    client.post("/konto/logga-ut", data={"csrf_token": token})
    assert client.get("/hantera").headers["Location"].startswith("/konto/logga-in")
