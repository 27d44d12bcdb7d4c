"""What a first-time visitor meets in the bar and on My page (the 390 px walk, request side)."""

import re

from tests.factories import form_fields, make_goal, make_user, sign_in

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


def _notice(page: str, anchor: str) -> str:
    """The unconfirmed notice that stands where the form would (`id` = the form's anchor)."""
    notice = page[page.index(f'<div class="notice" id="{anchor}">') :]
    return notice[: notice.index("</div>")]


def test_the_goal_and_reply_forms_give_the_same_named_notice_as_my_page(client, app_context):
    """Where a resident meets the refusal first (by the form they came to use), the notice
    names the address it was sent to and says where to change a wrong one, as My page does;
    the new link leads back to that form."""
    from dialog.extensions import db
    from dialog.participation import services

    goal = make_goal()
    author = make_user("bo@example.se", "Bo")
    top = services.post_comment(goal, author, "Fler bänkar.", None, "a" * 32).comment
    db.session.commit()
    address = "o'hara&co@example.se"
    make_user(address, "Maj", verified=False)
    sign_in(client, address)
    for path, anchor, back in (
        (f"/mal/{goal.id}", "comment-form", f"/mal/{goal.id}#comment-form"),
        (f"/kommentar/{top.id}", "reply", f"/kommentar/{top.id}#reply"),
    ):
        notice = _notice(client.get(path).get_data(as_text=True), anchor)
        assert "Bekräfta din e-postadress innan du deltar." in notice
        assert "<strong>o&#39;hara&amp;co@example.se</strong>" in notice
        assert "o'hara&co" not in notice
        assert 'Ändra den under <a href="/mina-sidor/konto">E-post och lösenord</a>' in notice
        assert f'name="next" value="{back}"' in notice
        english = _notice(client.get(f"{path}?lang=en").get_data(as_text=True), anchor)
        assert "We sent a link to <strong>o&#39;hara&amp;co@example.se</strong>." in english
        token = form_fields(client.get(path).get_data(as_text=True))["csrf_token"]
        sent = client.post("/konto/skicka-bekraftelse", data={"csrf_token": token, "next": back})
        assert sent.headers["Location"] == back


def _main(page: str) -> str:
    return page[page.index('<main id="content"') : page.index("</main>")]


def test_the_start_and_plan_pages_show_the_way_to_an_account_outside_the_menu(client, app_context):
    """The bar on a phone has "Sign in" only and "Create account" sits behind "Menu": where the
    start page says an account is needed, and where the plan says "Say what you think", a
    signed-out visitor finds the way to one in the page itself."""
    goal = make_goal()
    plan = goal.plan
    plan_path = f"/kommun/{plan.municipality.slug}/plan/{plan.slug}"
    start = _main(client.get("/").get_data(as_text=True))
    assert 'Inget konto ännu? <a href="/konto/registrera">Skapa konto</a>' in start
    plan_page = _main(client.get(plan_path).get_data(as_text=True))
    assert f'<a href="/konto/registrera?next={plan_path}">Skapa konto</a>' in plan_page
    english = _main(client.get("/?lang=en").get_data(as_text=True))
    assert 'No account yet? <a href="/konto/registrera?lang=en">Create account</a>' in english
    make_user()
    sign_in(client)
    for path in ("/", plan_path):
        assert "/konto/registrera" not in _main(client.get(path).get_data(as_text=True))
