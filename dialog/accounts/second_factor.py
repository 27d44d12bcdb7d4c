"""The second step of an official's sign-in: enrol an authenticator app, then give its code.

After a right password an official is not yet signed in: the session only remembers, for a
few minutes, whose code is awaited (`guards.pending_sign_in`). A signed-in account that became
an official later (or came back through "keep me signed in") passes the same step before any
official page.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts import guards, services, sessions, totp
from dialog.accounts.guards import after_sign_in, header_of_next
from dialog.accounts.limits import configured, per_ip
from dialog.accounts.models import User
from dialog.accounts.official_forms import CodeForm
from dialog.core import audit
from dialog.core.urls import local_path
from dialog.extensions import db, limiter

bp = Blueprint("second_factor", __name__, url_prefix="/konto/tvastegsverifiering")
bp.before_request(header_of_next)


def _subject() -> tuple[User | None, bool, bool]:
    """(account whose code is asked for, remember me, signing in now?)."""
    if current_user.is_authenticated:
        return current_user._get_current_object(), False, False
    user, remember = guards.pending_sign_in()
    return user, remember, user is not None


def _subject_key() -> str:
    """Code attempts are limited per account, whichever address they come from."""
    user = _subject()[0]
    return f"second-factor:{user.id}" if user is not None else "second-factor:none"


def _next() -> str | None:
    """The page asked for, carried through the step; None when none was (`after_sign_in`)."""
    return local_path(request.args.get("next"))


def _finish(user: User, remember: bool, signing_in: bool) -> None:
    """Sign the waiting account in (in a fresh session) and mark the step as passed."""
    if signing_in:
        sessions.sign_in(user, remember, request.user_agent.string)
        services.record_sign_in(user)
    else:  # signed in before a role was given: the official's session is a new one
        sessions.renew(user, request.user_agent.string)
    guards.mark_second_factor_passed(user)


def _sign_in_first() -> ResponseReturnValue:
    return redirect(url_for("accounts.sign_in", next=_next()))


def _nothing_to_do(user: User) -> ResponseReturnValue | None:
    """Go on when the step is passed or the account needs none."""
    if guards.second_factor_passed(user) or not guards.needs_second_factor(user):
        return redirect(after_sign_in(user, _next()))
    return None


def _no_store(response: ResponseReturnValue) -> Response:
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP")
@limiter.limit(configured("LIMIT_SECOND_FACTOR"), key_func=_subject_key, methods=["POST"])
def verify() -> ResponseReturnValue:
    """Ask for the code from the app, or a recovery code."""
    user, remember, signing_in = _subject()
    if user is None:
        return _sign_in_first()
    stop = _nothing_to_do(user)
    if stop is not None:
        return stop
    factor = totp.factor_of(user)
    if factor is None or factor.confirmed_at is None:
        return redirect(url_for("second_factor.enrol", next=_next()))
    form = CodeForm()
    if form.validate_on_submit():
        if totp.accept_code(factor, form.code.data or ""):
            _finish(user, remember, signing_in)
            db.session.commit()
            return redirect(after_sign_in(user, _next()))
        if totp.use_recovery_code(user.id, form.code.data or ""):
            audit.record("second_factor.recovery_code_used", actor=user, target=user)
            _finish(user, remember, signing_in)
            db.session.commit()
            left = totp.recovery_codes_left(user.id)
            flash(_("You used a recovery code. You have %(n)s left.", n=left), "info")
            return redirect(after_sign_in(user, _next()))
        form.code.errors = [*form.code.errors, _("The code is wrong or has already been used.")]
    return render_template("accounts/second_factor/verify.html", form=form, next=_next())


@bp.route("/aktivera", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP")
@limiter.limit(configured("LIMIT_SECOND_FACTOR"), key_func=_subject_key, methods=["POST"])
def enrol() -> ResponseReturnValue:
    """First sign-in as an official: add the app (QR code or typed key), confirm with a code."""
    user, remember, signing_in = _subject()
    if user is None:
        return _sign_in_first()
    stop = _nothing_to_do(user)
    if stop is not None:
        return stop
    if totp.is_enrolled(user):
        return redirect(url_for("second_factor.verify", next=_next()))
    factor = totp.pending_factor(user)
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        codes = totp.confirm(factor, form.code.data or "")
        if codes is not None:
            audit.record("second_factor.enrol", actor=user, target=user)
            _finish(user, remember, signing_in)
            db.session.commit()
            page = render_template(
                "accounts/second_factor/codes.html", codes=codes, next=after_sign_in(user, _next())
            )
            return _no_store(page)
        form.code.errors = [
            *form.code.errors,
            _("The code is wrong. Check that the app shows Dialog's code."),
        ]
    page = render_template(
        "accounts/second_factor/enrol.html",
        form=form,
        secret=totp.grouped(factor.secret),
        next=_next(),
    )
    return _no_store(page)


@bp.get("/qr.svg")
def qr_code() -> ResponseReturnValue:
    """The QR code for the app, served only while enrolment is unfinished."""
    user = _subject()[0]
    factor = totp.factor_of(user) if user is not None else None
    if user is None or factor is None or factor.confirmed_at is not None:
        abort(404)
    svg = totp.qr_svg(totp.provisioning_uri(user, factor))
    response = _no_store(svg)
    response.mimetype = "image/svg+xml"
    return response
