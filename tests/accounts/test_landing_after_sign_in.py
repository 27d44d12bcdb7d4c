"""Where a sign-in ends: the page asked for, else the officials' start for an official and the
public start page for a resident; through the code step and the first enrolment alike."""

import html
import re
from urllib.parse import urlencode

import pyotp
import pytest

from dialog.accounts.roles import Role
from tests.factories import PASSWORD, csrf, make_user, sign_in
from tests.officials import code, make_official, municipality, sign_in_password

STEP = "/konto/tvastegsverifiering"
ENROL = STEP + "/aktivera"


@pytest.fixture
def lund(app_context):
    return municipality("lund", "Lunds kommun")


def post_code(client, url, value):
    return client.post(url, data={"code": value, "csrf_token": csrf(client, url)})


def through_the_code_step(client, email, next_path=None):
    """Password, then the code from the app: where the last redirect points."""
    step = sign_in_password(client, email, next_path=next_path).headers["Location"]
    assert step.startswith(STEP)
    return post_code(client, step, code()).headers["Location"]


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COMMUNICATOR, Role.ADMIN])
def test_an_official_without_next_begins_on_the_officials_start(client, lund, role):
    make_official("tj@lund.se", [("lund", role)])
    assert through_the_code_step(client, "tj@lund.se") == "/hantera"
    assert client.get("/hantera").status_code == 200


def test_a_platform_administrator_begins_on_the_officials_start(client, lund):
    make_official("plattform@example.se", platform_admin=True)
    assert through_the_code_step(client, "plattform@example.se") == "/hantera"


def test_next_still_wins_for_an_official(client, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    assert through_the_code_step(client, "mod@lund.se", next_path="/regler") == "/regler"


def test_a_foreign_next_is_no_next(client, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    landing = through_the_code_step(client, "mod@lund.se", next_path="https://evil.example/")
    assert landing == "/hantera"


def test_a_resident_still_lands_on_the_start_page(client, lund):
    make_user()
    assert sign_in(client).headers["Location"] == "/"


def test_from_the_start_page_by_its_links_an_official_reaches_the_officials_start(client, lund):
    """The walk-through: the start page's "Sign in" link, the form, the code."""
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    start = client.get("/?lang=en").get_data(as_text=True)
    link = html.unescape(re.search(r'<a href="(/konto/logga-in[^"]*)">Sign in</a>', start)[1])
    assert "next=" not in link
    form = client.get(link).get_data(as_text=True)
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', form)[1])
    assert "next=" not in action
    data = {"email": "admin@lund.se", "password": PASSWORD, "csrf_token": csrf(client, link)}
    step = client.post(action, data=data).headers["Location"]
    assert "next=" not in step
    assert post_code(client, step, code()).headers["Location"] == "/hantera?lang=en"


def test_the_sign_in_link_elsewhere_still_returns_to_its_page(client, lund):
    page = client.get("/regler").get_data(as_text=True)
    assert 'href="/konto/logga-in?next=/regler"' in page


def test_after_enrolment_the_codes_page_continues_to_the_officials_start(client, lund):
    make_official("ny@lund.se", [("lund", Role.COMMUNICATOR)], enrolled=False)
    sign_in_password(client, "ny@lund.se")
    page = client.get(ENROL).get_data(as_text=True)
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page)[1]
    done = post_code(client, ENROL, pyotp.TOTP(secret.replace(" ", "")).now())
    assert 'class="button-link" href="/hantera"' in done.get_data(as_text=True)


@pytest.mark.parametrize(
    ("asked", "landing"),
    [
        # "Logga in" in the bar of "Create account", reached from a goal's ratings.
        ("/konto/registrera?next=/mal/17%23ratings", "/mal/17#ratings"),
        (
            "/konto/registrera?next=/mal/17?lang%3Den%23comment-form&lang=en",
            "/mal/17?lang=en#comment-form",
        ),
        # The bar's own "Logga in" on the sign-in page, and the two in turn.
        ("/konto/logga-in?next=/kommun/lund", "/kommun/lund"),
        ("/konto/logga-in?next=/konto/registrera?next%3D/mal/5", "/mal/5"),
        # A way in that names nowhere: the start page, as with no `next` at all.
        ("/konto/registrera", "/"),
        ("/konto/registrera?next=https://example.com/", "/"),
        ("/konto/registrera?next=//example.com/", "/"),
        ("/konto/logga-in?next=/konto/registrera?next%3D/konto/logga-in?next%253D/mal/5", "/"),
        # Other account pages are places to arrive at.
        ("/mina-sidor/konto", "/mina-sidor/konto"),
    ],
)
def test_a_sign_in_never_ends_on_a_way_in(client, app_context, asked, landing):
    """The bar's "Sign in" names the page it stands on as `next`; on "Create account" and on
    the sign-in page that is a way in: the resident signed in and was shown "Create account"
    again, signed in. The sign-in ends where that page was to lead."""
    make_user()
    response = client.post(
        "/konto/logga-in?" + urlencode({"next": asked}),
        data={"email": "anna@example.se", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    assert response.status_code == 302 and response.headers["Location"] == landing
