"""Cookies, proxies and headers in production settings."""

from tests.factories import PASSWORD, form_fields, make_user, sign_in

HTTPS = "https://localhost"


def https_csrf(client, path, **kwargs) -> str:
    page = client.get(path, base_url=HTTPS, **kwargs).get_data(as_text=True)
    return form_fields(page)["csrf_token"]


def production_app(make_app, **extra):
    settings = {"DIALOG_BASE_URL": HTTPS, **extra}
    return make_app(DIALOG_ENV="production", SECRET_KEY="s" * 64, TESTING=False, **settings)


def test_production_session_cookie_is_secure_httponly_samesite(make_app, app_context):
    make_user()
    client = production_app(make_app).test_client()
    response = client.post(
        "/konto/logga-in",
        data={
            "email": "anna@example.se",
            "password": PASSWORD,
            "csrf_token": https_csrf(client, "/konto/logga-in"),
        },
        base_url=HTTPS,
        headers={"Referer": f"{HTTPS}/konto/logga-in"},  # required over HTTPS (strict CSRF)
    )
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_proxy_count_makes_per_ip_limits_see_the_client(make_app, app_context):
    proxied = production_app(make_app, DIALOG_PROXY_COUNT="1", LIMIT_REGISTER_IP="1 per hour")
    client = proxied.test_client()

    def register(ip, email):
        headers = {
            "X-Forwarded-For": ip,
            "X-Forwarded-Proto": "https",
            "Referer": f"{HTTPS}/konto/registrera",
        }
        return client.post(
            "/konto/registrera",
            data={
                "email": email,
                "display_name": "Ny",
                "password": PASSWORD,
                "accept_rules": "y",
                "accept_privacy": "y",
                "csrf_token": https_csrf(client, "/konto/registrera", headers=headers),
            },
            headers=headers,
            base_url=HTTPS,
        ).status_code

    assert register("10.0.0.1", "a@example.se") == 200
    assert register("10.0.0.1", "b@example.se") == 429
    assert register("10.0.0.2", "c@example.se") == 200


def test_participation_pages_have_csp_and_no_inline_script_or_style(client, app_context):
    make_user()
    sign_in(client)
    for path in (
        "/konto/registrera",
        "/mina-sidor",
        "/mina-sidor/profil",
        "/regler",
        "/integritet",
    ):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "<script>" not in page and "style=" not in page, path


def test_a_server_names_itself_only_when_dialog_instance_is_set(make_app, app_context):
    """Behind a load balancer, X-Dialog-Instance says which server answered (make cluster)."""
    assert "X-Dialog-Instance" not in make_app().test_client().get("/").headers
    named = make_app(DIALOG_INSTANCE="b").test_client()
    assert named.get("/").headers["X-Dialog-Instance"] == "b"
    assert named.get("/finns-inte").headers["X-Dialog-Instance"] == "b"
