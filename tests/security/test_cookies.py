"""What `make audit` flagged in development (docs/security.md): with production's secure cookie
settings, every cookie the site sets is Secure, HttpOnly and SameSite=Lax. The site has no
language cookie (the language is in the address, `?lang=`); the cookies are the session and
"keep me signed in"."""

from dialog.extensions import db
from tests.factories import PASSWORD, form_fields, make_user

HTTPS = "https://localhost"


def cookies(response) -> dict[str, str]:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def test_the_cookies_set_at_sign_in_follow_the_secure_cookie_setting(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    with app.app_context():
        make_user("anna@example.se")
        db.session.commit()
    client = app.test_client()
    form = client.get("/konto/logga-in", base_url=HTTPS)
    token = form_fields(form.get_data(as_text=True))["csrf_token"]
    data = {"email": "anna@example.se", "password": PASSWORD, "remember": "y", "csrf_token": token}
    referer = {"Referer": f"{HTTPS}/konto/logga-in"}  # Flask-WTF checks it over HTTPS
    signed_in = client.post("/konto/logga-in", data=data, base_url=HTTPS, headers=referer)
    assert signed_in.status_code == 302
    assert set(cookies(form)) == {"session"}  # the form's token is kept in the session
    assert {"session", "remember_token"} <= set(cookies(signed_in))
    for cookie in [*cookies(form).values(), *cookies(signed_in).values()]:
        attributes = [part.strip() for part in cookie.split(";")]
        assert "Secure" in attributes and "HttpOnly" in attributes
        assert "SameSite=Lax" in attributes
