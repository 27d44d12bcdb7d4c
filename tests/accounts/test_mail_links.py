"""Links in mail point at DIALOG_BASE_URL, whatever Host or X-Forwarded-Host a request sent."""

import pytest

from tests.factories import PASSWORD, form_fields, make_user

SITE = "https://dialog.example.se"
EVIL = "http://evil.example"


@pytest.fixture
def site(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIALOG_BASE_URL", SITE)


def post_from(client, path, data, base_url=EVIL, **kwargs):
    """GET the form and POST it, both as if sent to `base_url`'s host."""
    page = client.get(path, base_url=base_url, **kwargs).get_data(as_text=True)
    data = {**data, "csrf_token": form_fields(page)["csrf_token"]}
    return client.post(path, data=data, base_url=base_url, **kwargs)


def test_reset_link_is_built_on_the_configured_base_url_not_the_host_header(
    client, app_context, outbox, site
):
    make_user()
    response = post_from(client, "/konto/glomt-losenord", {"email": "anna@example.se"})
    assert response.status_code == 200
    [link] = outbox.links()
    assert link.startswith(f"{SITE}/konto/nytt-losenord/")
    assert "evil.example" not in outbox.last().get_content()


def test_a_base_url_with_a_path_prefix_keeps_it(app, client, app_context, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "DIALOG_BASE_URL", "https://kommun.example/dialog")
    make_user()
    post_from(client, "/konto/glomt-losenord", {"email": "anna@example.se"})
    assert outbox.links()[0].startswith("https://kommun.example/dialog/konto/nytt-losenord/")


def test_verification_link_is_built_on_the_configured_base_url(client, app_context, outbox, site):
    data = {
        "email": "ny@example.se",
        "display_name": "Ny",
        "password": PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
    }
    assert post_from(client, "/konto/registrera", data).status_code == 200
    assert outbox.links()[0].startswith(f"{SITE}/konto/bekrafta/")


def test_email_change_and_undo_links_are_built_on_the_configured_base_url(
    client, app_context, outbox, site
):
    make_user()
    post_from(client, "/konto/logga-in", {"email": "anna@example.se", "password": PASSWORD})
    data = {"action": "email", "email-email": "ny@example.se", "email-current_password": PASSWORD}
    page = client.get("/mina-sidor/konto", base_url=EVIL).get_data(as_text=True)
    data["email-csrf_token"] = form_fields(page)["email-csrf_token"]
    client.post("/mina-sidor/konto", data=data, base_url=EVIL)
    link = outbox.links()[0]
    assert link.startswith(f"{SITE}/mina-sidor/byt-epost/")
    path = outbox.local_link()
    assert post_from(client, path, {}).status_code == 302
    undo = outbox.last()
    assert undo["To"] == "anna@example.se"
    assert outbox.links(undo)[0].startswith(f"{SITE}/mina-sidor/angra-epost/")


def test_forwarded_host_behind_a_proxy_does_not_reach_the_mail(make_app, app_context, outbox):
    proxied = make_app(DIALOG_PROXY_COUNT="1", DIALOG_BASE_URL=SITE)
    client = proxied.test_client()
    make_user()
    headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "10.0.0.1"}
    response = post_from(
        client,
        "/konto/glomt-losenord",
        {"email": "anna@example.se"},
        base_url="http://localhost",
        headers=headers,
    )
    assert response.status_code == 200
    assert outbox.links()[0].startswith(f"{SITE}/konto/nytt-losenord/")


def production(make_app, **extra):
    settings = {"DIALOG_BASE_URL": SITE, "SECRET_KEY": "s" * 64, "TESTING": False, **extra}
    return make_app(DIALOG_ENV="production", **settings)


def test_production_answers_a_foreign_host_with_400(make_app, app_context, outbox):
    client = production(make_app).test_client()
    assert client.get("/", base_url=SITE).status_code == 200
    assert client.get("/", base_url="https://evil.example").status_code == 400
    response = client.post("/konto/glomt-losenord", base_url="https://evil.example")
    assert response.status_code == 400
    assert outbox.messages() == []


def test_production_answers_a_foreign_forwarded_host_with_400(make_app, app_context):
    client = production(make_app, DIALOG_PROXY_COUNT="1").test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"}
    ours = client.get(
        "/", base_url="http://127.0.0.1", headers={**proxy, "X-Forwarded-Host": "dialog.example.se"}
    )
    assert ours.status_code == 200
    theirs = client.get(
        "/", base_url="http://127.0.0.1", headers={**proxy, "X-Forwarded-Host": "evil.example"}
    )
    assert theirs.status_code == 400


def test_production_accepts_the_extra_host_names_in_dialog_hosts(make_app, app_context):
    client = production(
        make_app, DIALOG_HOSTS="www.dialog.example.se, dialog.lund.se"
    ).test_client()
    for host in ("dialog.example.se", "www.dialog.example.se", "dialog.lund.se"):
        assert client.get("/", base_url=f"https://{host}").status_code == 200, host
    assert client.get("/", base_url="https://lund.se").status_code == 400


def test_links_in_an_english_mail_open_english_pages(client, app_context, outbox):
    """The page language is part of the address: a resident who registered in English got an
    English mail whose link, opened signed out, led to Swedish pages ("Tack, din e-postadress
    är bekräftad." on "Logga in"). Swedish links stay without `lang`."""
    data = {
        "email": "greta@example.se",
        "display_name": "Greta",
        "password": PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
    }
    assert post_from(client, "/konto/registrera?lang=en", data).status_code == 200
    link = outbox.local_link()
    assert link.endswith("lang=en"), link
    response = client.get(link)
    assert response.status_code == 302 and response.location.endswith("lang=en")
    page = client.get(response.location).get_data(as_text=True)
    assert "Thank you, your e-mail address is confirmed." in page and "<h1>Sign in</h1>" in page
    post_from(client, "/konto/glomt-losenord?lang=en", {"email": "greta@example.se"})
    assert outbox.local_link().endswith("?lang=en")
    make_user()
    post_from(client, "/konto/glomt-losenord", {"email": "anna@example.se"})
    assert "lang=" not in outbox.local_link()
