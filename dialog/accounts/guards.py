"""Route guards for officials: the role (asked of the permissions module) and the second factor.

An official route declares its roles once, e.g. `@role_required(Role.MODERATOR)`; the guard
reads the municipality from the route's `slug`, passes it to the view as `municipality`,
answers 403 (and writes the attempt to the audit log) when the rules refuse, and sends an
official whose session has not passed the second factor to the code step.
"""

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import NoReturn
from urllib.parse import parse_qs, urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.accounts.permissions import InMunicipality
from dialog.accounts.roles import Role, is_official
from dialog.catalogue import site
from dialog.catalogue.models import Municipality
from dialog.core import audit
from dialog.core.permissions import Actor, Refusal, may
from dialog.core.urls import home_url, local_path, safe_next
from dialog.extensions import db, login_manager

#: Session key holding "id:session token" of the account whose second factor was checked.
PASSED_KEY = "second_factor"
#: Session key for a sign-in whose password was right and whose code is still to come.
PENDING_KEY = "pending_sign_in"


View = Callable[..., ResponseReturnValue]


def second_factor_passed(user: Actor) -> bool:
    return session.get(PASSED_KEY) == user.get_id()


def mark_second_factor_passed(user: User) -> None:
    session[PASSED_KEY] = user.get_id()


def start_pending_sign_in(user: User, remember: bool) -> None:
    """The password was right; the account is signed in only after the code."""
    session.clear()
    session[PENDING_KEY] = {
        "user": user.id,
        "password": _password_binding(user),
        "remember": bool(remember),
        "at": time.time(),
    }


def _password_binding(user: User) -> str:
    """Ties a waiting sign-in to the password it was given with: a change ends it."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (user.password_hash or "").encode(), hashlib.sha256).hexdigest()


def pending_sign_in() -> tuple[User | None, bool]:
    """The account waiting for its code, if the password was given recently, and `remember`."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, False
    age = time.time() - float(pending.get("at", 0))
    if age > current_app.config["PENDING_SIGN_IN_MAX_AGE"]:
        return None, False
    identifier = pending.get("user")
    if not isinstance(identifier, int):
        return None, False
    user = db.session.get(User, identifier)
    if user is None or user.is_deleted:
        return None, False
    if not hmac.compare_digest(str(pending.get("password", "")), _password_binding(user)):
        return None, False
    return user, bool(pending.get("remember"))


def code_step_url(next_path: str | None = None) -> str:
    """The code step, carrying `next` only when one was asked for (see `after_sign_in`)."""
    return url_for("second_factor.verify", next=local_path(next_path))


#: Ways in: pages that lead to a sign-in, never a place to arrive at once signed in.
WAYS_IN = ("accounts.sign_in", "accounts.register")


def past_the_ways_in(path: str | None) -> str | None:
    """`path`, or, when it is the sign-in or create-account page, the page that one was to
    lead back to. The bar's "Sign in" on "Create account" names that page as `next`: a
    resident who found they had an account after all signed in and was shown "Create account"
    again, signed in."""
    ways_in = {urlsplit(url_for(endpoint)).path for endpoint in WAYS_IN}
    for _step in range(len(WAYS_IN) + 1):  # each can name the other; no endless chain
        parts = urlsplit(path or "")
        if path is None or parts.path not in ways_in:
            return path
        path = local_path(next(iter(parse_qs(parts.query).get("next", [])), None))
    return None


def header_of_next() -> None:
    """Before each page on the way in (sign-in, create account, the code step, a new password):
    a resident who came from Lund's pages sees Lund's header there, not the platform's name.
    The header is that of the page `next` leads to (catalogue.site.heading_to); a `next` that
    is not local, or is no municipality's page, leaves it as it was."""
    site.heading_to(past_the_ways_in(local_path(request.args.get("next"))))


def after_sign_in(user: User, next_path: str | None) -> str:
    """Where a sign-in ends: the page asked for; without one, an official's work starts on
    the officials' start page and a resident's on the public start page."""
    asked = past_the_ways_in(local_path(next_path))
    if asked is not None:
        return asked
    if may(user, "manage.enter") is None:
        return url_for("manage.start")
    return home_url()


def _here() -> str:
    """Where to return after the code step: this page, or for a form the page it came from."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    if request.form.get("next"):
        return safe_next(request.form.get("next"))
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return safe_next(None)
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def _deny(refusal: Refusal, municipality_id: int | None, required: list[str]) -> NoReturn:
    """403, with the attempt in the audit log (seen by the municipality's administrators)."""
    audit.record(
        "access.denied",
        actor=current_user,
        municipality_id=municipality_id,
        after={
            "endpoint": request.endpoint,
            "method": request.method,
            "path": request.path,
            "required": ",".join(required),
        },
        reason=refusal.code,
    )
    db.session.commit()
    abort(403)


def refuse_elsewhere(municipality: Municipality, kind: str, identifier: int) -> NoReturn:
    """403 for an id of another municipality under this one's address, in the audit log.

    One answer wherever an official route takes an id (goal, focus area, comment, role,
    invitation, status): the address's municipality decides who may be there, and what the
    id names must be that municipality's. The same refusal for every id of another
    municipality tells nothing of it that its public pages do not (see docs/security.md).
    """
    audit.record(
        "access.denied",
        actor=current_user,
        municipality_id=municipality.id,
        after={"endpoint": request.endpoint, "method": request.method, "path": request.path},
        target_type=kind,
        target_id=identifier,
        reason="other_municipality",
    )
    db.session.commit()
    abort(403)


def _checked(
    refusal: Refusal | None, municipality_id: int | None, required: list[str]
) -> ResponseReturnValue | None:
    """None when the view may run; otherwise the response that stops it."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if refusal is not None:
        _deny(refusal, municipality_id, required)
    if not second_factor_passed(current_user):
        flash(_("Enter the code from your authenticator app to continue."), "info")
        return redirect(code_step_url(_here()))
    return None


def role_required(*roles: Role) -> Callable[[View], View]:
    """The route's `slug` names the municipality; the actor must hold one of `roles` there."""
    wanted = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: object, slug: str, **kwargs: object) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            municipality = db.session.scalar(select(Municipality).filter_by(slug=slug))
            if municipality is None:
                abort(404)
            refusal = may(current_user, "role.hold", InMunicipality(municipality.id, wanted))
            stop = _checked(refusal, municipality.id, sorted(wanted))
            return stop or view(*args, municipality=municipality, **kwargs)

        return guarded

    return decorate


def official_required(view: View) -> View:
    """Any role in any municipality, or a platform administrator."""

    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> ResponseReturnValue:
        refusal = may(current_user, "manage.enter") if current_user.is_authenticated else None
        return _checked(refusal, None, ["official"]) or view(*args, **kwargs)

    return guarded


def platform_admin_required(view: View) -> View:
    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> ResponseReturnValue:
        refusal = (
            may(current_user, "platform.administer") if current_user.is_authenticated else None
        )
        return _checked(refusal, None, ["platform_admin"]) or view(*args, **kwargs)

    return guarded


def needs_second_factor(user: User) -> bool:
    return is_official(user)
