"""A resident on Lund's pages who signs in sees Lund's header on the way in, not "Dialog".

The pages on the way in (sign-in, create account, check your e-mail, forgotten and new
password, the second factor) belong to no municipality, but their `next` does: the header,
title and footer are that page's municipality's. A `next` that is not local, is no page, is no
municipality's page or is an archived municipality's leaves the neutral platform name; a
one-municipality site (DIALOG_HOME_MUNICIPALITY) shows its municipality on every page.
"""

from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select, update

from dialog.accounts.roles import Role
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.extensions import db
from dialog.participation.models import Comment
from tests.factories import counted_queries, csrf, form_fields, make_user, register, sign_in
from tests.officials import make_official, open_goal_of, sign_in_password
from tests.security import payloads
from tests.security.test_payloads import assert_harmless

LUND = '<span class="site-owner">Lunds kommun</span>'
LOMMA = '<span class="site-owner">Lomma kommun</span>'
NEUTRAL = '<a class="site-name" href="/">Dialog</a>'


def header(page: str) -> str:
    """The header's name: LUND, LOMMA or NEUTRAL (or the page's header for a failing test)."""
    for name in (LUND, LOMMA, NEUTRAL):
        if name in page:
            return name
    return page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


@pytest.fixture
def goal_id(seeded, app):
    with app.app_context():
        return open_goal_of("lund").id


def test_the_sign_in_on_the_way_to_a_lund_goal_is_lunds(client, goal_id):
    page = get(client, f"/konto/logga-in?next=/mal/{goal_id}%23comment-form&lang=en")
    assert header(page) == LUND
    assert "– Lunds kommun</title>" in page and "Kontakta Lunds kommun" not in page
    assert "Contact Lunds kommun" in page  # the footer's contact is Lund's too
    assert header(get(client, f"/konto/registrera?next=/mal/{goal_id}")) == LUND
    # The search in the header looks in Lund's pages, as on Lund's own pages.
    assert '<input type="hidden" name="kommun" value="lund">' in page


def test_every_kind_of_municipality_page_names_its_municipality(client, app, seeded):
    with app.app_context():
        lomma_plan = db.session.scalar(
            select(Plan.slug).join(Municipality).where(Municipality.slug == "lomma")
        )
        goal = db.session.scalar(
            select(Goal).join(Plan).join(Municipality).where(Municipality.slug == "lomma").limit(1)
        )
        area_id = db.session.scalar(
            select(FocusArea.id).join(Plan).join(Municipality).where(Municipality.slug == "lund")
        )
        user = make_user()
        comment = Comment(goal_id=goal.id, author_id=user.id, body="Ja", submission_token="t1")
        db.session.add(comment)
        db.session.commit()
        comment_id, goal_id = comment.id, goal.id
    targets = ["/kommun/lomma", f"/kommun/lomma/plan/{lomma_plan}", f"/mal/{goal_id}"]
    targets += [f"/kommentar/{comment_id}", f"/kommun/lomma/plan/{lomma_plan}/vad-vi-hort"]
    for target in targets:
        assert header(get(client, f"/konto/logga-in?next={quote(target)}")) == LOMMA, target
    assert area_id is not None  # Lomma's shipped plans have none; Lund's have
    assert header(get(client, f"/konto/logga-in?next=/fokusomrade/{area_id}")) == LUND


def test_a_chain_of_ways_in_is_followed_to_the_page_at_its_end(client, goal_id):
    chain = quote(f"/konto/registrera?next=/mal/{goal_id}", safe="/")
    assert header(get(client, f"/konto/logga-in?next={chain}")) == LUND


@pytest.mark.parametrize(
    "target",
    [
        None,
        "/",
        "/sok?q=skola",
        "/mina-sidor",
        "/kommun/nowhere",
        "/mal/999999",
        "https://evil.example/kommun/lund",
        "//evil.example/kommun/lund",
        "/\\evil.example/kommun/lund",
        "/kommun/lund/",  # a redirect, not a page
        "javascript:alert(1)",
    ],
)
def test_anything_else_keeps_the_platform_name(client, seeded, target):
    url = "/konto/logga-in" + (f"?next={quote(target)}" if target else "")
    assert header(get(client, url)) == NEUTRAL


def test_an_archived_municipality_lends_no_header(client, app, seeded):
    with app.app_context():
        db.session.execute(
            update(Municipality).where(Municipality.slug == "lomma").values(is_archived=True)
        )
        db.session.commit()
    assert header(get(client, "/konto/logga-in?next=/kommun/lomma")) == NEUTRAL


def test_creating_an_account_stays_lunds_to_the_end(client, goal_id, outbox):
    check_mail = register(client, f"/konto/registrera?next=/mal/{goal_id}").get_data(as_text=True)
    assert header(check_mail) == LUND
    # The link in the mail confirms the address and leads to the sign-in on the way back.
    signed_out = client.get(outbox.local_link())
    assert header(get(client, signed_out.headers["Location"])) == LUND


def test_a_forgotten_password_on_the_way_to_lund_is_lunds_and_leads_back(
    client, app, goal_id, outbox
):
    with app.app_context():
        make_user()
    sign_in_page = get(client, f"/konto/logga-in?next=/mal/{goal_id}")
    forgot = f"/konto/glomt-losenord?next=/mal/{goal_id}"
    assert f'href="{forgot}"' in sign_in_page
    assert header(get(client, forgot)) == LUND
    sent = client.post(forgot, data={"email": "anna@example.se", "csrf_token": csrf(client)})
    assert header(sent.get_data(as_text=True)) == LUND
    link = outbox.local_link()
    assert f"next=/mal/{goal_id}" in link or f"next=%2Fmal%2F{goal_id}" in link
    assert header(get(client, link)) == LUND
    fields = form_fields(get(client, link))
    saved = client.post(link, data={"password": "a new long password", **fields})
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/konto/logga-in?next=/mal/{goal_id}"
    assert header(get(client, saved.headers["Location"])) == LUND


def test_the_code_step_of_an_official_on_the_way_to_lund_is_lunds(client, app, goal_id):
    with app.app_context():
        make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    step = sign_in_password(client, "mod@lund.se", next_path="/hantera/lund/logg").headers[
        "Location"
    ]
    assert step.startswith("/konto/tvastegsverifiering")
    assert header(get(client, step)) == LUND


def test_a_page_on_its_own_municipality_is_not_overruled_by_next(client, goal_id):
    """A municipality's page that carries `next` for its own reasons stays its own."""
    assert header(get(client, f"/kommun/lomma?next=/mal/{goal_id}")) == LOMMA


def test_one_statement_and_only_for_a_page_that_is_shown(app, client, goal_id):
    with app.app_context():
        make_user()
    get(client, "/konto/logga-in")
    with counted_queries(app) as plain:
        get(client, "/konto/logga-in")
    with counted_queries(app) as led:
        get(client, f"/konto/logga-in?next=/mal/{goal_id}")
    assert len(led) == len(plain) + 1
    token = csrf(client)
    with counted_queries(app) as signing_in:
        response = client.post(
            f"/konto/logga-in?next=/mal/{goal_id}",
            data={
                "email": "anna@example.se",
                "password": "correct horse battery",
                "csrf_token": token,
            },
        )
    assert response.status_code == 302
    # a redirect shows no header: no statement looks its municipality up
    assert not [s for s in signing_in if s.startswith("SELECT municipalities.")]


def test_a_one_municipality_site_shows_it_on_every_account_page(make_app, seeded, app):
    home = make_app(DIALOG_HOME_MUNICIPALITY="lund").test_client()
    for url in ("/konto/logga-in", "/konto/registrera", "/konto/glomt-losenord", "/integritet"):
        assert header(get(home, url)) == LUND, url
    with app.app_context():
        make_user()
    sign_in(home)
    for url in ("/mina-sidor", "/mina-sidor/profil", "/mina-sidor/aviseringar"):
        assert header(get(home, url)) == LUND, url


@pytest.mark.parametrize("target", payloads.OPEN_REDIRECT)
def test_a_new_password_never_leads_off_site(client, app, seeded, outbox, target):
    """`next` through the forgotten-password mail is a local path, or nothing."""
    with app.app_context():
        make_user()
    forgot = "/konto/glomt-losenord?" + urlencode({"next": target})
    assert_harmless(client.get(forgot), target, "forgotten password page")
    sent = client.post(forgot, data={"email": "anna@example.se", "csrf_token": csrf(client)})
    assert_harmless(sent, target, "forgotten password sent")
    link = outbox.local_link()
    fields = form_fields(get(client, link))
    saved = client.post(link, data={"password": "a new long password", **fields})
    assert_harmless(saved, target, "new password")
    assert saved.headers["Location"].startswith("/konto/logga-in")
