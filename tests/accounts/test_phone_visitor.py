"""What a first-time visitor meets in the bar and on My page (the 390 px walk, request side)."""

import re

from tests.factories import form_fields, make_user, sign_in

HEADER_SIGN_IN = re.compile(r'<p class="header-sign-in"><a href="([^"]+)">([^<]+)</a></p>')


def test_a_visitor_has_sign_in_in_the_bar_itself_not_only_in_the_menu(client, app_context):
    page = client.get("/konto/glomt-losenord").get_data(as_text=True)
    link = HEADER_SIGN_IN.search(page)
    assert link is not None
    assert link.groups() == ("/konto/logga-in?next=/konto/glomt-losenord", "Logga in")
    assert page.index("header-sign-in") < page.index('<details class="site-menu">')
    english = client.get("/konto/glomt-losenord?lang=en").get_data(as_text=True)
    assert HEADER_SIGN_IN.search(english).group(2) == "Sign in"
    # From the start page there is nowhere to return to.
    assert HEADER_SIGN_IN.search(client.get("/").get_data(as_text=True)).group(1) == (
        "/konto/logga-in"
    )


def test_a_signed_in_resident_has_no_sign_in_link_in_the_bar(client, app_context):
    make_user()
    sign_in(client)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "header-sign-in" not in page and "for-visitor" not in page


def test_the_unconfirmed_notice_names_the_address_escaped_and_keeps_the_new_link(
    client, app_context
):
    address = "o'hara&co@example.se"
    make_user(address, verified=False)
    sign_in(client, address)
    page = client.get("/mina-sidor").get_data(as_text=True)
    notice = page[page.index('<div class="notice">') :]
    notice = notice[: notice.index("</div>")]
    assert "Vi har skickat en länk till <strong>o&#39;hara&amp;co@example.se</strong>." in notice
    assert "o'hara&co" not in notice
    assert 'action="/konto/skicka-bekraftelse"' in notice
    assert "Skicka bekräftelselänken igen" in notice
    assert 'Ändra den under <a href="/mina-sidor/konto">E-post och lösenord</a>' in notice
    english = client.get("/mina-sidor?lang=en").get_data(as_text=True)
    assert "We sent a link to <strong>o&#39;hara&amp;co@example.se</strong>." in english
    assert form_fields(page)["csrf_token"]


def test_a_confirmed_resident_sees_no_notice(client, app_context):
    make_user()
    sign_in(client)
    assert 'class="notice"' not in client.get("/mina-sidor").get_data(as_text=True)
