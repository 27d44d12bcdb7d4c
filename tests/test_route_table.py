"""Every URL rule of the app, and what each kind of visitor gets there.

`TABLE` decides each endpoint: who may use it. The test walks `app.url_map`, builds each rule's
address from sample data (for routes with a municipality, once for Lund and once for Lomma),
sends every method the rule allows as each actor, and compares the answer with what the
table says: the page, 403, or a redirect to sign in. An endpoint missing from the table, or
left in it after its route is gone, fails the test: a new route needs a decision here. The JSON
API, exports, report downloads and the catalogue upload are routes like any other here.

A second walk sends Lund's ids under Lomma's address to every official route that takes an id,
as each of Lomma's roles: 403, written to the audit log, nothing else changed
(docs/security.md says why 403 rather than 404).
"""

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.extensions import db
from tests.factories import make_user, sign_in
from tests.officials import make_official, sign_in_official
from tests.security.world import build_world

ADMIN, MODERATOR, COMMUNICATOR = Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR

PUBLIC = "public"  # everyone gets an answer; never 403, never sent to sign in
SIGNED_IN = "signed in"  # anonymous visitors are sent to sign in; anyone signed in is answered
OFFICIAL = "official"  # any role anywhere, or a platform administrator
PLATFORM = "platform"  # platform administrators only

#: Public in bulk: every endpoint of these blueprints (each still appears in the walk).
PUBLIC_BLUEPRINTS = {"catalogue", "api", "api_docs", "i18n"}

TABLE = {
    "static": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.privacy": PUBLIC,
    "accounts.register": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.rules": PUBLIC,
    "accounts.sign_in": PUBLIC,
    "accounts.sign_out": PUBLIC,
    "accounts.verify": PUBLIC,
    "accounts.resend_verification": SIGNED_IN,
    "catalogue.goal": PUBLIC,
    "participation.comment": SIGNED_IN,
    "participation.rate": SIGNED_IN,
    "participation.comment_focus_area": SIGNED_IN,
    "participation.rate_focus_area": SIGNED_IN,
    "comments.show": PUBLIC,
    "comments.edit": SIGNED_IN,
    "comments.react": SIGNED_IN,
    "comments.reply": SIGNED_IN,
    "comments.report": SIGNED_IN,
    "comments.withdraw": SIGNED_IN,
    "mine.my_page": SIGNED_IN,
    "mine.download": SIGNED_IN,
    "mine.delete_account": SIGNED_IN,
    "reply_mail.choose": SIGNED_IN,
    "settings.account": SIGNED_IN,
    "settings.clear_profile": SIGNED_IN,
    "settings.notifications": SIGNED_IN,
    "settings.profile": SIGNED_IN,
    "settings.confirm_email": SIGNED_IN,
    "settings.undo_email": PUBLIC,
    "settings.sign_out_everywhere": SIGNED_IN,
    "settings.unsubscribe": PUBLIC,
    "second_factor.verify": SIGNED_IN,
    "second_factor.enrol": SIGNED_IN,
    "second_factor.qr_code": PUBLIC,
    "manage.invitation": PUBLIC,
    "manage.start": OFFICIAL,
    "manage.platform_audit_log": PLATFORM,
    "manage.platform_audit_export": PLATFORM,
    "manage.officials_page": {ADMIN},
    "manage.invite": {ADMIN},
    "manage.grant": {ADMIN},
    "manage.revoke": {ADMIN},
    "manage.withdraw": {ADMIN},
    "manage.audit_log": {ADMIN},
    "manage.audit_export": {ADMIN},
    "moderation.desk": {ADMIN, MODERATOR},
    "moderation.item": {ADMIN, MODERATOR},
    "moderation.decide": {ADMIN, MODERATOR},
    "moderation.note": {ADMIN, MODERATOR},
    "moderation.settings": {ADMIN},
    "moderation.figures": {ADMIN, MODERATOR},
    "moderation.block": {ADMIN, MODERATOR},
    "moderation.bulk": {ADMIN, MODERATOR},
    "moderation.subscribe": {ADMIN, MODERATOR},
    "moderation.unblock": {ADMIN, MODERATOR},
    "responses.waiting": {ADMIN, COMMUNICATOR},
    "responses.goal": {ADMIN, COMMUNICATOR},
    "responses.publish": {ADMIN, COMMUNICATOR},
    "responses.set_status": {ADMIN, COMMUNICATOR},
    "responses.reply": {ADMIN, COMMUNICATOR},
    "responses.statuses": {ADMIN},
    "responses.add_status": {ADMIN},
    "responses.edit_status": {ADMIN},
    "catalogue_admin.new_municipality": PLATFORM,
    "catalogue_admin.municipalities": PLATFORM,
    "catalogue_admin.move_municipality": PLATFORM,
    "catalogue_admin.archive_municipality": PLATFORM,
    "catalogue_admin.restore_municipality": PLATFORM,
    "catalogue_admin.move_plan": {ADMIN},
    "catalogue_admin.archive_committee": {ADMIN},
    "catalogue_admin.move_committee": {ADMIN},
    "catalogue_admin.restore_committee": {ADMIN},
    "catalogue_admin.overview": {ADMIN},
    "catalogue_admin.new_plan": {ADMIN},
    "catalogue_admin.plan_page": {ADMIN},
    "catalogue_admin.edit_plan": {ADMIN},
    "catalogue_admin.archive_plan": {ADMIN},
    "catalogue_admin.new_goal": {ADMIN},
    "catalogue_admin.edit_goal": {ADMIN},
    "catalogue_admin.new_area": {ADMIN},
    "catalogue_admin.edit_area": {ADMIN},
    "catalogue_admin.archive_goal": {ADMIN},
    "catalogue_admin.restore_goal": {ADMIN},
    "catalogue_admin.move_goal": {ADMIN},
    "catalogue_admin.archive_area": {ADMIN},
    "catalogue_admin.restore_area": {ADMIN},
    "catalogue_admin.move_area": {ADMIN},
    "catalogue_admin.settings": {ADMIN},
    "catalogue_admin.new_committee": {ADMIN},
    "catalogue_admin.edit_committee": {ADMIN},
    "catalogue_admin.plan_window": {ADMIN},
    "catalogue_admin.goal_window": {ADMIN},
    "catalogue_admin.close_plan_window": {ADMIN},
    "catalogue_admin.close_goal_window": {ADMIN},
    "catalogue_admin.upload": {ADMIN},
    "catalogue_admin.confirm_upload": {ADMIN},
    "catalogue_admin.download_document": {ADMIN},
    "summaries.municipality_summary": {ADMIN, MODERATOR, COMMUNICATOR},
    "summaries.plan_summary": {ADMIN, MODERATOR, COMMUNICATOR},
    "summaries.focus_area_summary": {ADMIN, MODERATOR, COMMUNICATOR},
    "summaries.goal_summary": {ADMIN, MODERATOR, COMMUNICATOR},
    "summaries.opinion_groups": {ADMIN, MODERATOR, COMMUNICATOR},
    "summaries.compute_opinion_groups": {ADMIN, COMMUNICATOR},
    "exports.comments": {ADMIN, COMMUNICATOR},
    "exports.ratings": {ADMIN, COMMUNICATOR},
    "exports.goal_comments": {ADMIN, COMMUNICATOR},
    "exports.goal_ratings": {ADMIN, COMMUNICATOR},
    "exports.focus_area_comments": {ADMIN, COMMUNICATOR},
    "exports.focus_area_ratings": {ADMIN, COMMUNICATOR},
    "exports.display_names": {ADMIN},
    "exports.plan_report": {ADMIN, COMMUNICATOR},
    "exports.focus_area_report": {ADMIN, COMMUNICATOR},
    "exports.goal_report": {ADMIN, COMMUNICATOR},
    "summaries.edit_feedback": {ADMIN, COMMUNICATOR},
    "summaries.take_down_feedback": {ADMIN, COMMUNICATOR},
    "feedback.public": PUBLIC,
    "themes.goal_themes": {ADMIN, MODERATOR, COMMUNICATOR},
    "themes.plan_themes": {ADMIN, MODERATOR, COMMUNICATOR},
    "themes.compute_goal": {ADMIN, COMMUNICATOR},
    "themes.compute_plan": {ADMIN, COMMUNICATOR},
    "themes.rename": {ADMIN, COMMUNICATOR},
    "themes.merge": {ADMIN, COMMUNICATOR},
    "themes.tag": {ADMIN, COMMUNICATOR},
    "themes.untag": {ADMIN, COMMUNICATOR},
    "exports.disclosure": {ADMIN},
    "channels.imported": {ADMIN, MODERATOR, COMMUNICATOR},
    "channels.upload": {ADMIN, COMMUNICATOR},
    "channels.publish": {ADMIN, COMMUNICATOR},
    "channels.unpublish": {ADMIN, COMMUNICATOR},
}

ACTORS = {
    "anonymous": None,
    "resident": (),
    "lund admin": [("lund", ADMIN)],
    "lund moderator": [("lund", MODERATOR)],
    "lund communicator": [("lund", COMMUNICATOR)],
    "lomma admin": [("lomma", ADMIN)],
    "lomma moderator": [("lomma", MODERATOR)],
    "lomma communicator": [("lomma", COMMUNICATOR)],
    "platform admin": "platform",
}

#: Run last: it ends the session the rest of the walk needs.
LAST = ("settings.sign_out_everywhere", "accounts.sign_out")


def decision(endpoint: str):
    if endpoint in TABLE:
        return TABLE[endpoint]
    if endpoint.split(".")[0] in PUBLIC_BLUEPRINTS:
        return PUBLIC
    return None


def test_every_endpoint_has_a_decision(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    undecided = sorted(e for e in endpoints if decision(e) is None)
    assert undecided == [], "add these endpoints to TABLE in tests/test_route_table.py"
    stale = sorted(set(TABLE) - endpoints)
    assert stale == [], "these endpoints are in TABLE but no longer routes"


def expected(access, actor: str, slug: str | None) -> str:
    """'page', 'answered', 'forbidden' or 'sign in' for this actor at this address."""
    roles = ACTORS[actor]
    if access == PUBLIC:
        return "answered"
    if roles is None:
        return "sign in"
    if access == SIGNED_IN:
        return "answered"
    if roles == "platform":
        return "page"
    if access == OFFICIAL:
        return "page" if roles else "forbidden"
    if access == PLATFORM:
        return "forbidden"
    held = {role for place, role in roles if place == slug}
    return "page" if held & access else "forbidden"


def outcome(response, method: str, anonymous: bool = False) -> str:
    location = response.headers.get("Location", "")
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code in (302, 303) and location.startswith("/konto/logga-in"):
        # Sent to sign in (with where to return, if anywhere), or done and signed out (sign out
        # everywhere), which only a signed-in actor can be.
        done = method == "POST" and "next=" not in location and not anonymous
        return "page" if done else "sign in"
    if response.status_code in (302, 303) and location.startswith("/konto/tvastegs"):
        return "second factor"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 200 or (method == "POST" and response.status_code in (302, 303)):
        return "page"
    return f"answered {response.status_code}"


def matches(found: str, wanted: str) -> bool:
    if wanted == "answered":  # any answer but a refusal for lack of a role or of sign-in
        return found in ("page", "forbidden") or found.startswith("answered ")
    return found == wanted


@pytest.fixture
def world(app_context):
    """Lund and Lomma with a goal, focus area, committee, comment, an extra official each and
    an open invitation; the sample values each URL rule needs."""
    return SimpleNamespace(samples=build_world())


def sign_in_as(client, actor: str) -> None:
    roles = ACTORS[actor]
    if roles is None:
        return
    email = actor.replace(" ", ".") + "@example.se"
    if roles == ():
        make_user(email, "Resident")
        sign_in(client, email)
        return
    platform = roles == "platform"
    make_official(email, [] if platform else roles, platform_admin=platform)
    sign_in_official(client, email)


def requests_to_make(app, world):
    """(endpoint, method, url, municipality slug or None) for every rule, sign-out last."""
    with app.test_request_context():
        from flask import url_for

        made = []
        for rule in sorted(
            app.url_map.iter_rules(),
            key=lambda r: (LAST.index(r.endpoint) + 1 if r.endpoint in LAST else 0, r.rule),
        ):
            slugs = ("lund", "lomma") if "slug" in rule.arguments else (None,)
            for slug in slugs:
                values = world.samples[slug or "lund"]
                url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    made.append((rule.endpoint, method, url, slug))
        return made


@pytest.mark.parametrize("actor", list(ACTORS))
def test_what_each_actor_gets_at_every_route(app, client, world, actor, monkeypatch):
    sign_in_as(client, actor)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # roles decide, not tokens
    wrong = []
    for endpoint, method, url, slug in requests_to_make(app, world):
        wanted = expected(decision(endpoint), actor, slug)
        # buffered: streamed downloads are read within the request's own context.
        with client.open(url, method=method, data={}, buffered=True) as response:
            found = outcome(response, method, anonymous=ACTORS[actor] is None)
        if not matches(found, wanted):
            wrong.append(f"{method} {url} ({endpoint}): expected {wanted}, got {found}")
    assert wrong == []


def test_the_walk_covers_both_municipalities_for_role_routes(app, world):
    made = requests_to_make(app, world)
    officials_pages = [url for endpoint, _m, url, _s in made if endpoint == "manage.officials_page"]
    assert officials_pages == ["/hantera/lund/tjanstepersoner", "/hantera/lomma/tjanstepersoner"]
    assert len({endpoint for endpoint, *_ in made}) == len(list(app.url_map.iter_rules()))


#: Route arguments that name one row by its id (slugs of plans and committees are names within
#: the municipality of the address: another's is simply not found there).
IDS = {"goal_id", "area_id", "comment_id", "membership_id", "invitation_id", "option_id"}


def foreign_requests(app, world):
    """Official routes under Lomma's address with the ids of Lund's rows."""
    with app.test_request_context():
        from flask import url_for

        made = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "slug" not in rule.arguments or not rule.arguments & IDS:
                continue
            values = {a: world.samples["lund" if a in IDS else "lomma"][a] for a in rule.arguments}
            url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                made.append((rule.endpoint, method, url))
        return made


@pytest.mark.parametrize("actor", ["lomma admin", "lomma moderator", "lomma communicator"])
def test_another_municipalitys_ids_are_refused_and_logged(app, client, world, actor, monkeypatch):
    """Decided once for every route: an id of Lund's under Lomma's address answers 403 and the
    attempt is in the audit log, whatever the route (reports and exports included); nothing
    else changes. docs/security.md says why 403 and not 404."""
    from dialog.core.audit import AuditEntry
    from tests.factories import snapshot

    sign_in_as(client, actor)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    made = foreign_requests(app, world)
    assert {e for e, *_ in made} >= {"exports.goal_report", "manage.revoke", "moderation.item"}
    with app.app_context():
        before = snapshot(but={"audit_entries"})
        logged_before = db.session.scalar(select(db.func.max(AuditEntry.id))) or 0
    wrong = []
    for endpoint, method, url in made:
        with client.open(url, method=method, data={}, buffered=True) as response:
            if response.status_code != 403:
                wrong.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert wrong == []
    with app.app_context():
        assert snapshot(but={"audit_entries"}) == before
        denied = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > logged_before).order_by(AuditEntry.id)
        ).all()
        assert [(d.action, d.after["path"]) for d in denied] == [
            ("access.denied", url) for _e, _m, url in made
        ]
        # One word for each kind of target in every area: the refused row's table.
        named = {d.target_type for d in denied if d.reason == "other_municipality"}
        assert named and named - set(db.metadata.tables) == set()
