"""Every page type of the site, found by walking `app.url_map`, for the HTML and axe gates.

`make_site()` builds Lund and Lomma from the shipped documents plus what the official and
personal pages need (comments, a reply, a report, an invitation, a status, a focus area open
for dialogue). `walk(app, client, ...)` asks every GET rule once, with sample values for its
arguments, and keeps the answers that are HTML pages (error pages included): so a new route
is checked without anyone listing it. A few pages that only a POST shows (forms with their
errors) and the code step of an official's sign-in are added by hand.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, url_for
from sqlalchemy import select

from dialog.accounts import officials
from dialog.accounts.roles import Membership, Role
from dialog.catalogue.models import Committee
from dialog.catalogue.services import import_documents, seed_files
from dialog.extensions import db
from dialog.participation.models import ReactionKind
from dialog.participation.services import post_comment, react, report_comment
from dialog.responses.models import StatusOption
from tests.factories import csrf, make_focus_area, make_goal, make_user, sign_in
from tests.officials import make_official, sign_in_official, sign_in_password

RESIDENT = "resident@example.se"
OTHER_RESIDENT = "neighbour@example.se"
OFFICIAL = "official@lund.se"
#: Every address the site knows; a page shown to one of these people may carry their own only.
EMAILS = (RESIDENT, OTHER_RESIDENT, OFFICIAL, "moderator@lund.se", "invited@lund.se")

ACTORS = ("anonymous", "resident", "official")
LANGUAGES = ("sv", "en")

#: Answers that are not pages: stylesheets, images, JSON, files to download.
NOT_PAGES = {"static", "catalogue.stylesheet", "second_factor.qr_code"}


@dataclass(frozen=True)
class Page:
    actor: str
    language: str
    name: str  # the endpoint, or a description for pages added by hand
    url: str
    method: str
    status: int
    html: str


def make_site() -> SimpleNamespace:
    """The shipped content plus one of everything the pages show; the sample URL values."""
    _report, problems = import_documents(seed_files())
    assert problems == []
    goal = make_goal(slug="lund", title="Trygga parker")
    area = make_focus_area()
    area.plan.municipality = goal.plan.municipality
    committee = db.session.scalar(select(Committee).order_by(Committee.id))
    resident = make_user(RESIDENT, "Rut Resident")
    neighbour = make_user(OTHER_RESIDENT, "Nils Granne")
    official = make_official(
        OFFICIAL, [("lund", Role.ADMIN)], name="Olga Official", platform_admin=True
    )
    moderator = make_official("moderator@lund.se", [("lund", Role.MODERATOR)], name="Mo Moderator")
    own = post_comment(goal, resident, "Fler lampor i parken, tack.", None, "r" * 32).comment
    other = post_comment(goal, neighbour, "Bänkar vid dammen.", None, "n" * 32).comment
    post_comment(goal, neighbour, "Håller med om lamporna.", None, "p" * 32, parent=own)
    post_comment(area, resident, "Mer grönska i området.", None, "a" * 32)
    react(other, resident, ReactionKind.AGREE)
    report_comment(other, resident, "off_topic", "Handlar inte om målet.")
    invitation, _token = officials.invite(
        goal.plan.municipality, "invited@lund.se", Role.COMMUNICATOR, official
    )
    option = StatusOption(municipality_id=goal.plan.municipality_id, code="achieved")
    db.session.add(option)
    db.session.commit()
    membership = db.session.scalar(select(Membership.id).filter_by(user_id=moderator.id))
    return SimpleNamespace(
        slug="lund",
        plan_slug=goal.plan.slug,
        committee_slug=committee.slug if committee else "namnd",
        goal_id=goal.id,
        area_id=area.id,
        comment_id=own.id,
        other_comment_id=other.id,
        membership_id=membership,
        invitation_id=invitation.id,
        option_id=option.id,
        token="not-a-real-token",
        filename="css/dialog.css",
    )


def sign_in_actor(client, actor: str) -> None:
    if actor == "resident":
        sign_in(client, RESIDENT)
    elif actor == "official":
        sign_in_official(client, OFFICIAL)


def _urls(app: Flask, site: SimpleNamespace) -> list[tuple[str, str]]:
    with app.test_request_context():
        made = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if rule.endpoint.startswith("api."):
                continue
            values = {name: getattr(site, name) for name in rule.arguments}
            made.append((rule.endpoint, url_for(rule.endpoint, **values)))
        return made


def _extra(site: SimpleNamespace, actor: str) -> list[tuple[str, str, dict | None]]:
    """Pages beyond one GET per rule: another's comment, errors, forms with their errors."""
    pages: list[tuple[str, str, dict | None]] = [
        ("not found", "/mal/999999", None),
        ("another's comment", f"/kommentar/{site.other_comment_id}", None),
        ("search with results", "/sok?q=park", None),
        ("plan filtered", f"/kommun/lund/plan/{site.plan_slug}?sort=closing", None),
    ]
    if actor == "anonymous":
        pages += [
            ("sign-in refused", "/konto/logga-in", {"email": RESIDENT, "password": "wrong"}),
            ("registration with errors", "/konto/registrera", {"email": "not an address"}),
        ]
    if actor == "resident":
        pages += [
            ("forbidden", "/hantera", None),
            ("empty comment refused", f"/mal/{site.goal_id}/kommentera", {"body": ""}),
            ("report another's", f"/kommentar/{site.other_comment_id}/anmal", None),
        ]
    if actor == "official":
        pages += [
            ("moderation item reported", f"/hantera/lund/moderering/{site.other_comment_id}", None),
            ("new plan with errors", "/hantera/lund/innehall/planer/ny", {"title": ""}),
        ]
    return pages


def in_language(url: str, language: str) -> str:
    """The address of `url` in `language`: the language is chosen by the `lang` parameter."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", language)])))


def walk(app: Flask, client, site: SimpleNamespace, actor: str, language: str) -> Iterator[Page]:
    """Every HTML page `actor` reaches in `language`; `client` is signed in already."""
    requests = [(name, url, None) for name, url in _urls(app, site)] + _extra(site, actor)
    for name, bare_url, form in requests:
        url = in_language(bare_url, language)
        if form is None:
            response = client.get(url, buffered=True)
        else:
            response = client.post(url, data={**form, "csrf_token": csrf(client, url)})
        if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
            response.close()
            continue
        method = "GET" if form is None else "POST"
        yield Page(actor, language, name, url, method, response.status_code, response.text)
        response.close()


def code_step_page(client, language: str) -> Page:
    """The page asking an official for the code; `client` is not signed in."""
    first = sign_in_password(client, OFFICIAL)
    step = in_language(first.headers["Location"], language)
    response = client.get(step)
    return Page("official", language, "code step", step, "GET", response.status_code, response.text)
