"""Signing out ends the sign-in everywhere it lives: cookies, copies of them, other devices."""

from sqlalchemy import func, select

from dialog.extensions import db
from tests.factories import PASSWORD, counted_queries, csrf, make_user, sign_in

REMEMBER = "remember_token"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def sign_in_remembered(client, email="anna@example.se", user_agent=FIREFOX):
    response = client.post(
        "/konto/logga-in",
        data={"email": email, "password": PASSWORD, "remember": "y", "csrf_token": csrf(client)},
        headers={"User-Agent": user_agent},
    )
    assert response.status_code == 302
    assert client.get_cookie(REMEMBER) is not None
    return response


def sign_out(client):
    return client.post("/konto/logga-ut", data={"csrf_token": csrf(client, "/")})


def copy_cookies(source, target, names=("session", REMEMBER)):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_sign_out_deletes_the_remember_cookie_and_the_next_visitor_is_signed_out(
    client, app_context
):
    make_user()
    sign_in_remembered(client)
    response = sign_out(client)
    deleted = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(REMEMBER)]
    assert deleted and "Expires=Thu, 01 Jan 1970" in deleted[0]
    assert client.get_cookie(REMEMBER) is None
    assert client.get("/mina-sidor").status_code == 302  # the library's next visitor


def test_copied_session_and_remember_cookies_stop_working_after_sign_out(app, client, app_context):
    make_user()
    sign_in_remembered(client)
    thief, remember_only = app.test_client(), app.test_client()
    copy_cookies(client, thief)
    copy_cookies(client, remember_only, names=(REMEMBER,))
    assert thief.get("/mina-sidor").status_code == 200
    assert remember_only.get("/mina-sidor").status_code == 200
    sign_out(client)
    for copy in (app.test_client(), app.test_client()):
        copy_cookies(thief, copy)
        assert copy.get("/mina-sidor").status_code == 302
    assert remember_only.get("/mina-sidor").status_code == 302


def test_signing_out_one_device_leaves_the_others_signed_in(app, app_context):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop)
    sign_in(phone)
    sign_out(laptop)
    assert laptop.get("/mina-sidor").status_code == 302
    assert phone.get("/mina-sidor").status_code == 200


def test_sign_out_on_all_devices_from_the_settings_page(app, app_context):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in_remembered(laptop)
    sign_in(phone, "anna@example.se")
    page = phone.get("/mina-sidor/konto").get_data(as_text=True)
    assert "Logga ut på alla enheter" in page
    assert "Firefox, Windows" in page and "den här enheten" in page
    response = phone.post(
        "/mina-sidor/konto/logga-ut-overallt",
        data={"csrf_token": csrf(phone, "/mina-sidor/konto")},
    )
    assert response.status_code == 302
    assert phone.get("/mina-sidor").status_code == 302
    assert laptop.get("/mina-sidor").status_code == 302
    from dialog.accounts.models import UserSession

    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_sign_out_on_all_devices_needs_csrf(client, app_context):
    make_user()
    sign_in(client)
    assert client.post("/mina-sidor/konto/logga-ut-overallt").status_code == 400
    assert client.get("/mina-sidor").status_code == 200


def test_password_change_keeps_this_device_and_signs_out_the_remembered_others(app, app_context):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop)
    sign_in_remembered(phone)
    response = laptop.post(
        "/mina-sidor/konto",
        data={
            "action": "password",
            "password-current_password": PASSWORD,
            "password-password": "another long password",
            "password-csrf_token": csrf(laptop, "/mina-sidor/konto"),
        },
    )
    assert response.status_code == 302
    assert laptop.get("/mina-sidor").status_code == 200
    assert phone.get("/mina-sidor").status_code == 302


def test_the_user_loader_reads_account_and_device_in_one_query(app, client, app_context):
    make_user()
    sign_in(client)
    with counted_queries(app) as statements:
        for _ in range(2):
            assert client.get("/mina-sidor/aviseringar").status_code == 200
    loads = [s for s in statements if "user_sessions" in s]
    assert len(loads) == 2  # one per request, joined with users
    assert all("JOIN user_sessions" in s and "FROM users" in s for s in loads)


def test_device_labels_name_browser_and_system_only():
    from dialog.accounts.sessions import device_label

    assert device_label(FIREFOX) == "Firefox, Windows"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Safari/604.1"
    assert device_label(iphone) == "Safari, iPhone"
    assert device_label("curl/8.0") == ""
    assert device_label(None) == ""


def test_my_data_lists_the_signed_in_devices(client, app_context):
    make_user()
    sign_in_remembered(client)
    data = client.get("/mina-sidor/mina-data").get_json(force=True)
    [device] = data["signed_in_devices"]
    assert device["device"] == "Firefox, Windows" and device["last_used_at"]


def test_a_device_in_use_is_noted_now_and_then_and_one_idle_too_long_is_signed_out(
    app, client, app_context
):
    from datetime import timedelta

    from sqlalchemy import update

    from dialog.accounts.models import UserSession
    from dialog.db import as_utc, utcnow

    make_user()
    sign_in(client)
    hour_ago = utcnow() - timedelta(hours=1)
    db.session.execute(update(UserSession).values(last_seen_at=hour_ago))
    db.session.commit()
    assert client.get("/mina-sidor").status_code == 200
    db.session.expire_all()
    assert as_utc(db.session.scalar(select(UserSession.last_seen_at))) > hour_ago
    idle = utcnow() - app.config["REMEMBER_COOKIE_DURATION"] - timedelta(minutes=1)
    db.session.execute(update(UserSession).values(last_seen_at=idle))
    db.session.commit()
    assert client.get("/mina-sidor").status_code == 302


def test_signing_out_keeps_the_language_the_resident_was_reading(client, app_context):
    """An English reader who signs out lands on the English start page, told so in English;
    before, the account's language went with the session and the page turned Swedish."""
    make_user(language="en")
    sign_in_remembered(client)
    response = sign_out(client)
    assert response.headers["Location"] == "/?lang=en"
    page = client.get(response.headers["Location"])
    assert '<html lang="en">' in page.text
    assert "You are signed out." in page.text


def test_signing_out_in_swedish_leads_to_the_plain_start_page(client, app_context):
    make_user()
    sign_in_remembered(client)
    response = sign_out(client)
    assert response.headers["Location"] == "/"
    assert "Du är utloggad." in client.get("/").text
