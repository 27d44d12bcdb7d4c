"""The payload corpus (tests/security/payloads.py) in every query parameter of every page and in
every field of every form: never a 5xx, never a header the payload wrote, never a redirect off
the site, and never the payload's markup verbatim in the HTML (it is escaped or refused). The
browser test (tests/browser/test_hostile_input.py) shows the stored payloads in Chromium."""

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

from dialog.accounts.official_forms import AuditFilterForm
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.catalogue.search.sources import sources
from dialog.extensions import db, limiter
from dialog.insights.forms import SummaryFilterForm
from dialog.moderation.forms import FilterForm
from tests.factories import PASSWORD, csrf, make_user
from tests.officials import code, make_official, sign_in_official, sign_in_password
from tests.security import payloads
from tests.security.test_forms import find_targets
from tests.security.world import build_world, forms_on, get_urls, new_actor

#: Every query parameter a view reads (request.args in dialog/, the fields of the forms that
#: read it, the search's pages), and one it does not know; test_every_query_parameter_is_tried.
QUERY_PARAMETERS = (
    "next", "page", "sort", "q", "format", "lang", "kommun", "bara", "queue", "separator",
    "fas", "omrade", "ansvarig", "after", "before",
    "plan", "goal", "reason", "since", "until", "chosen",  # the desk's filters and choice
    "decided",  # the desk's way back to the comments just decided (one, or a selection)
    "action", "actor", "target_type", "target_id",  # the audit log's
    "district", "age_band",  # the summary's
    "comments_page",  # the search's comments
    "x",
)  # fmt: skip
#: The forms filled from the query string (`Form(request.args)`).
GET_FORMS = (FilterForm, AuditFilterForm, SummaryFilterForm)


TOKENS = ("csrf_token", "submission_token")


def spread(items: list[str], width: int) -> list[list[str]]:
    """The items in rows of `width`: one request carries a payload in each parameter."""
    return [items[i : i + width] for i in range(0, len(items), width)]


def assert_harmless(response, payload: str, where: str) -> None:
    assert response.status_code < 500, f"{response.status_code} at {where}"
    for name, value in response.headers.items():
        assert name.lower() != "x-injected" and not value.startswith("injected="), where
        assert "\r" not in value and "\n" not in value, where
    location = response.headers.get("Location")
    if location:
        assert urlsplit(location).netloc in ("", "localhost"), f"{location} from {where}"
        assert not location.lower().startswith(("javascript:", "data:")), where
    if "html" in response.content_type and payloads.is_dangerous_markup(payload):
        assert payload not in response.get_data(as_text=True), f"verbatim at {where}"


def test_every_query_parameter_is_tried(app):
    """A parameter a view reads but the list lacks would get no hostile value at all."""
    read = set()
    for path in (Path(__file__).resolve().parents[2] / "dialog").rglob("*.py"):
        read |= set(re.findall(r"\bargs\.get\(\s*\"(\w+)\"", path.read_text(encoding="utf-8")))
    for form in GET_FORMS:
        read |= {n for n in dir(form) if isinstance(getattr(form, n), UnboundField)}
    with app.app_context():
        read |= {f"{name}_page" for name in sources()}
    assert len(read) > 20
    assert read - set(QUERY_PARAMETERS) == set()


@pytest.fixture
def world(app, app_context):
    samples = build_world()
    db.session.remove()
    return samples


def every_page(app, world):
    """(actor, client, endpoint, url) for each page as a visitor and as an official (signing
    out left out); the rate limits are reset after each page."""
    pages = get_urls(app, world)
    for actor in ("anonymous", "official"):
        client = new_actor(app, actor)
        for endpoint, url in pages:
            if endpoint in ("accounts.sign_out",):
                continue
            yield actor, client, endpoint, url
            limiter.reset()


def test_payloads_in_every_query_parameter(app, world):
    for actor, client, endpoint, url in every_page(app, world):
        for chunk in spread(payloads.ALL, len(QUERY_PARAMETERS)):
            query = urlencode(dict(zip(QUERY_PARAMETERS, chunk, strict=False)))
            response = client.get(f"{url}?{query}", buffered=True)
            for payload in chunk:
                assert_harmless(response, payload, f"{actor} GET {url}?{query} ({endpoint})")


def test_digits_that_are_not_ascii_in_every_query_parameter(app, world):
    """A superscript two is a digit to str.isdigit but int() refuses it (the public list's
    ?omrade= and the desk's ?plan= answered 500). All parameters at once first; where a page
    that answers 200 without them does not (a parameter refused early may hide another never
    read), each parameter alone."""
    for actor, client, endpoint, url in every_page(app, world):
        plain = client.get(url, buffered=True).status_code
        for digits in payloads.NON_ASCII_DIGITS:
            query = urlencode(dict.fromkeys(QUERY_PARAMETERS, digits))
            response = client.get(f"{url}?{query}", buffered=True)
            assert_harmless(response, digits, f"{actor} GET {url}?{query} ({endpoint})")
            if plain == 200 and response.status_code != 200:
                for name in QUERY_PARAMETERS:
                    alone = f"{url}?{urlencode({name: digits})}"
                    assert_harmless(client.get(alone, buffered=True), digits, alone)


def _fields_of(client, target) -> tuple:
    """The target's form as shown to this actor (with its tokens) and the names to fill: every
    field but the tokens (hidden `next` fields and choices too), and one unknown field."""
    page, form = target.forms[0]
    if page is not None:
        shown = forms_on(client.get(page).get_data(as_text=True), page)
        form = next((f for f in shown if f.action == form.action), form)
    names = [n for n, _v in form.fields] + list(form.choices) + ["x"]
    return form, list(dict.fromkeys(n for n in names if not n.endswith(TOKENS)))


def every_form(app, world):
    """(actor, client, form, fields) for each POST form (signing out left out), as `_fields_of`
    gives them; the rate limits are reset after each form."""
    targets = find_targets(app, world)
    for target in sorted(targets.values(), key=lambda t: t.endpoint):
        if target.endpoint in ("accounts.sign_out", "settings.sign_out_everywhere"):
            continue
        client = new_actor(app, target.actor)
        yield (target.actor, client, *_fields_of(client, target))
        limiter.reset()


def test_digits_that_are_not_ascii_in_every_form_field(app, world):
    """One field at a time, the form's own values in the others, so that the value reaches the
    code that reads it (a whole form of "²" is refused by its first check)."""
    for actor, client, form, fields in every_form(app, world):
        for name in fields:
            for digits in payloads.NON_ASCII_DIGITS:
                data = MultiDict([(n, v) for n, v in form.fields if n != name] + [(name, digits)])
                response = client.post(form.action, data=data)
                assert_harmless(response, digits, f"{actor} POST {form.action} {name}")


def test_payloads_in_every_form_field(app, world):
    for actor, client, form, fields in every_form(app, world):
        for chunk in spread(payloads.ALL, len(fields)):
            sent = dict(zip(fields, chunk, strict=False))
            data = MultiDict([(n, v) for n, v in form.fields if n not in sent] + list(sent.items()))
            response = client.post(form.action, data=data)
            for payload in chunk:
                assert_harmless(response, payload, f"{actor} POST {form.action} {sent}")


@pytest.mark.parametrize("target", payloads.OPEN_REDIRECT)
def test_next_never_leads_off_site(app, client, app_context, target):
    """Sign-in (password, then an official's code), sign-out and the language switch."""
    make_user("anna@example.se", "Anna")
    make_official("moa@example.se", [], name="Moa", platform_admin=True)
    response = client.post(
        "/konto/logga-in?" + urlencode({"next": target}),
        data={"email": "anna@example.se", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    assert_harmless(response, target, "sign in")
    assert response.status_code == 302
    token = csrf(client, "/")
    response = client.post("/sprak", data={"language": "en", "next": target, "csrf_token": token})
    assert_harmless(response, target, "language")
    response = client.post("/konto/logga-ut", data={"next": target, "csrf_token": token})
    assert_harmless(response, target, "sign out")
    official = app.test_client()
    step = sign_in_password(official, "moa@example.se", next_path=target).headers["Location"]
    assert_harmless(official.get(step), target, "code step")
    response = official.post(step, data={"code": code(), "csrf_token": csrf(official, step)})
    assert_harmless(response, target, "code")
    assert response.status_code == 302


def test_header_injection_in_a_redirect_target_is_refused(client, app_context):
    make_user("anna@example.se", "Anna")
    for target in payloads.HEADER_INJECTION:
        response = client.get("/konto/logga-in?" + urlencode({"next": "/" + target}))
        assert_harmless(response, target, "sign-in page")


def test_header_injection_in_a_name_is_refused_before_it_reaches_a_mail(app, client, seeded):
    """A municipality's name and its mail sender's name go into every mail's subject and From
    header: the payloads with a line break are refused at the field (nothing is saved), and
    those that arrive as other characters (percent-encoded, look-alikes) stay one line."""
    with app.app_context():
        make_official("admin@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "admin@lund.se")
    url = "/hantera/lund/innehall/installningar"

    def stored_names() -> tuple[str, str]:
        with app.app_context():
            lund = db.session.scalars(db.select(Municipality).filter_by(slug="lund")).one()
            return lund.name, lund.mail_sender_name or ""

    for payload in payloads.HEADER_INJECTION:
        before = stored_names()
        data = {
            "csrf_token": csrf(client, url),
            "name": payload,
            "mail_sender_name": payload,
            "mail_sender_address": "noreply@lund.se",
        }
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert_harmless(response, payload, f"settings name {payload!r}")
        after = stored_names()
        assert not any("\n" in name or "\r" in name for name in after), repr(payload)
        if "\n" in payload:
            assert response.status_code == 200 and 'id="name-error"' in response.text
            assert after == before
