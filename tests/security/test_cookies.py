"""What `make audit` flagged in development (docs/security.md): with production's secure cookie
setting, the language cookie is Secure and HttpOnly like the session cookie."""


def test_the_language_cookie_follows_the_secure_cookie_setting(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)
    response = app.test_client().post("/sprak", data={"language": "en", "next": "/"})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("dialog_lang=")]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
