"""Hypothesis on every form: whatever is sent, the answer is a success or a 4xx that says what
went wrong, never a 5xx; and a refused request changes nothing in the database.

The forms are found, not listed: every GET page is visited as a visitor, a resident and an
official, and each POST form on it is sent with generated values (its own hidden tokens kept
most of the time, so that the checks behind the CSRF token are reached). POST routes whose form
no page shows in this data (links with a token, restore buttons of things not archived) are
sent generated fields blindly. A test fails when a POST route is in neither group.
"""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from dialog.extensions import db, limiter
from tests.security import payloads
from tests.security.world import (
    Form,
    build_world,
    forms_on,
    get_urls,
    new_actor,
    snapshot,
)

EXAMPLES = 6
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time, raw example shown
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Routes that end the actor's session or account; fuzzed last, each with its own actor anyway.
LAST = {"accounts.sign_out", "settings.sign_out_everywhere", "mine.delete_account"}

GROUPS = {
    "accounts": ("accounts", "settings", "second_factor", "mine", "i18n", "reply_mail"),
    "participation": ("participation", "comments"),
    "content": ("catalogue_admin",),
    "officials": (
        "manage",
        "moderation",
        "responses",
        "summaries",
        "exports",
        "feedback",
        "channels",
        "themes",
    ),  # fmt: skip
}

junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(payloads.ALL),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.just(""),
    st.just("9" * 400),  # a whole number no float holds (WTForms' range check once gave a 500)
    st.text(min_size=1, max_size=3).map(lambda s: s * 1500),  # long, repetitive
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)


#: Forms kept per endpoint (a page may hold several for one action: hide, publish, …).
FORMS_PER_ENDPOINT = 3


@dataclass
class Target:
    endpoint: str
    actor: str
    #: (page that shows the form, the form); a blind target has one with page None.
    forms: list[tuple[str | None, Form]]


def _shape(form: Form) -> tuple:
    return tuple(sorted({name for name, _v in form.fields} | set(form.choices)))


def endpoint_of(app, path: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _values = adapter.match(path.split("?")[0], method="POST")
    except Exception:
        return None
    return endpoint


def find_targets(app, samples) -> dict[str, Target]:
    """One target per POST endpoint: the first form found for it, or a blind one."""
    found: dict[str, Target] = {}
    urls = get_urls(app, samples)
    for actor in ("anonymous", "resident", "official"):
        client = new_actor(app, actor)
        for _endpoint, url in urls:
            response = client.get(url, buffered=True)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            for form in forms_on(response.get_data(as_text=True), url):
                endpoint = endpoint_of(app, form.action)
                if not endpoint:
                    continue
                target = found.setdefault(endpoint, Target(endpoint, actor, []))
                shapes = {_shape(f) for _p, f in target.forms}
                if (
                    target.actor == actor
                    and _shape(form) not in shapes
                    and len(target.forms) < FORMS_PER_ENDPOINT
                ):
                    target.forms.append((url, form))
    return found


def post_endpoints(app) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods})


def blind_target(app, samples, endpoint: str) -> Target:
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        url = url_for(endpoint, **{a: samples["lund"][a] for a in rule.arguments})
    actor = "official" if url.startswith("/hantera") else "resident"
    if rule.endpoint.startswith("accounts.") or "<token>" in rule.rule:
        actor = "anonymous"
    return Target(endpoint, actor, [(None, Form("post", url))])


def form_data(draw, form: Form, csrf: str | None) -> MultiDict:
    """The form's fields, each kept, replaced by junk or a payload, or left out; plus extras."""
    data = MultiDict()
    fields = list(form.fields)
    for name, options in form.choices.items():
        if not any(n == name for n, _v in fields):
            fields.append((name, options[0] if options else ""))
    if csrf and not any(n == "csrf_token" for n, _ in fields):
        fields.append(("csrf_token", csrf))
    for name, value in fields:
        hidden = name not in form.text_fields and name not in form.choices
        how = draw(st.integers(0, 9))
        if how == 0:
            continue  # left out
        if hidden and how < 8 or not hidden and how < 3:
            data.add(name, value)
        elif name in form.choices and how < 6:
            data.add(name, draw(st.sampled_from(form.choices[name] or [""])))
        else:
            data.add(name, draw(junk))
    for name, value in draw(st.lists(st.tuples(st.text(max_size=12), junk), max_size=2)):
        data.add(name, value)
    return data


def refused(client, response) -> bool:
    """A 4xx, a form shown again with its errors, or a redirect to a page saying it failed."""
    if response.status_code >= 400:
        return True
    body = response.get_data(as_text=True)
    if response.status_code == 200:
        return any(
            m in body for m in ('class="field-error"', 'class="error-summary"', "flash-error")
        )
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and location.startswith("/"):
        return "flash-error" in client.get(location).get_data(as_text=True)
    return False


def fuzz(app, target: Target) -> None:
    client = new_actor(app, target.actor)
    csrf_token = _csrf(client)
    last = list(target.forms)

    @FUZZ
    @given(st.data())
    def send(data):
        which = data.draw(st.integers(0, len(last) - 1))
        page, known = last[which]
        if page is not None:  # the form as shown now: its tokens are fresh
            shown = [
                f
                for f in forms_on(client.get(page).get_data(as_text=True), page)
                if f.action == known.action and _shape(f) == _shape(known)
            ]
            if shown:
                last[which] = (page, shown[0])
        form = last[which][1]
        body = form_data(data.draw, form, csrf_token)
        with app.app_context():
            before = snapshot()
        response = client.post(form.action, data=body)
        status = response.status_code
        assert status < 500, f"{status} for {body!r}"
        if status >= 400:
            text = response.get_data(as_text=True)
            assert "<h1" in text or "field-error" in text, f"{status} without a message"
        if refused(client, response):
            with app.app_context():
                after = snapshot()
            assert after == before, f"refused ({status}) but the database changed: {body!r}"

    send()


def _csrf(client) -> str | None:
    response = client.get("/konto/logga-in")
    forms = forms_on(response.get_data(as_text=True), "/konto/logga-in")
    for form in forms:
        for name, value in form.fields:
            if name == "csrf_token":
                return value
    # Signed in: the sign-in page redirects; any page with a form has the session's token.
    for page in ("/mina-sidor/profil", "/hantera"):
        for form in forms_on(client.get(page).get_data(as_text=True), page):
            for name, value in form.fields:
                if name == "csrf_token":
                    return value
    return None


@pytest.fixture
def targets(app, app_context):
    samples = build_world()
    found = find_targets(app, samples)
    for endpoint in post_endpoints(app):
        if endpoint not in found:
            found[endpoint] = blind_target(app, samples, endpoint)
    db.session.remove()
    return found


def test_every_post_route_belongs_to_a_group(app):
    blueprints = {name for group in GROUPS.values() for name in group}
    outside = [e for e in post_endpoints(app) if e.split(".")[0] not in blueprints]
    assert outside == []


@pytest.mark.parametrize("group", list(GROUPS))
def test_any_input_to_any_form_is_answered_without_error(app, targets, group):
    chosen = [t for e, t in sorted(targets.items()) if e.split(".")[0] in GROUPS[group]]
    chosen.sort(key=lambda t: t.endpoint in LAST)
    failures = []
    for target in chosen:
        limiter.reset()
        try:
            fuzz(app, target)
        except Exception as error:  # collect every form's failure, not only the first
            failures.append(f"{target.endpoint} ({target.actor}, {target.forms[0][0]}): {error}")
    assert failures == [], "\n\n".join(failures)
