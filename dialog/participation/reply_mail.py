"""The offer, after a resident's comment, to mail them when someone replies or the
municipality responds. The answer (yes or no) is stored, so the offer is made until answered
and never again after; "yes" turns on the same settings as the notifications page."""

from flask import Blueprint, flash, g, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialog.accounts.limits import per_account
from dialog.accounts.models import NotificationKind, User
from dialog.accounts.services import set_notifications
from dialog.core.urls import safe_next
from dialog.db import utcnow
from dialog.extensions import db

bp = Blueprint("reply_mail", __name__, url_prefix="/mina-sidor")

#: The session key that makes the next goal or thread page show the offer once.
OFFER = "offer_reply_mail"
_TAKEN = "dialog_reply_mail_offer"
WANTED = (NotificationKind.REPLY, NotificationKind.RESPONSE)


def should_offer(user: User) -> bool:
    return user.reply_mail_answered_at is None and not all(user.wants(k) for k in WANTED)


def offer_after_posting(user: User) -> None:
    """Called when a comment or reply is stored: the page it leads to makes the offer."""
    if should_offer(user):
        session[OFFER] = True


def take_offer() -> bool:
    """For templates: whether to show the offer on this page (once per comment). The same
    answer all through the request: a goal page asks before its kept frame is chosen."""
    if _TAKEN not in g:
        # Asked only of a signed-in person: popping from a visitor's empty session would send
        # a Set-Cookie (deleting a cookie they never had) and keep the page out of shared caches.
        setattr(g, _TAKEN, current_user.is_authenticated and bool(session.pop(OFFER, False)))
    return bool(g.get(_TAKEN))


def answer(user: User, wants_mail: bool) -> None:
    """Remember the answer; "yes" turns on mail about replies and the municipality's responses."""
    if wants_mail:
        set_notifications(user, {kind: True for kind in WANTED})
    user.reply_mail_answered_at = utcnow()
    db.session.flush()


@bp.post("/svarsmejl")
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def choose() -> ResponseReturnValue:
    """Yes or no to reply mail, from the offer shown after a comment."""
    wants_mail = request.form.get("choice") == "yes"
    answer(current_user, wants_mail)
    db.session.commit()
    if wants_mail:
        flash(
            _(
                "Done! We will e-mail you when someone replies to you or the municipality "
                "responds. You can change this under Notifications on My page."
            ),
            "success",
        )
    else:
        flash(_("Fine, we will not ask again. You can turn on e-mail under Notifications."))
    return redirect(safe_next(request.form.get("next")))
