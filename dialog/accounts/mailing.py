"""The mails an account receives, each in the resident's own language, with absolute links.

Each function adds a row to the outbox (dialog.core.outbox) in the caller's transaction; the
caller commits, and delivery happens after that, outside the request.
"""

import uuid

from flask import url_for

from dialog.accounts.models import NotificationKind, User
from dialog.accounts.services import find_by_email, normalise_email, password_fingerprint
from dialog.accounts.tokens import make_token
from dialog.core.outbox import queue_mail
from dialog.core.urls import safe_next
from dialog.extensions import db
from dialog.jobs import job


def send_verification(user: User, email: str, next_path: str | None = None) -> None:
    token = make_token("verify", {"user": user.id, "email": email, "next": safe_next(next_path)})
    link = url_for("accounts.verify", token=token, _external=True)
    queue_mail(email, "verify", user.language, user=user, link=link)


def send_already_registered(user: User | None) -> None:
    """Tell the owner of the address, not the visitor, that it already has an account."""
    if user is None or user.email is None:
        return
    link = url_for("accounts.forgot_password", _external=True)
    queue_mail(user.email, "already_registered", user.language, user=user, link=link)


def request_password_reset(email: str) -> None:
    """Queue the lookup and the mail: the request does the same work for any address."""
    password_reset_mail.enqueue(normalise_email(email), uuid.uuid4().hex)


@job("dialog.accounts.password_reset")
def password_reset_mail(email: str, request_key: str) -> None:
    """Mail a reset link if the address has an account; nobody is told if it has not."""
    user = find_by_email(email)
    if user is not None and not user.is_deleted:
        send_password_reset(user, key=f"reset_password:{request_key}")
    db.session.commit()


def send_password_reset(user: User, key: str | None = None) -> None:
    token = make_token("reset", {"user": user.id, "fp": password_fingerprint(user)})
    link = url_for("accounts.reset_password", token=token, _external=True)
    queue_mail(user.email, "reset_password", user.language, key=key, user=user, link=link)


def send_email_change(user: User, new_email: str) -> None:
    token = make_token("email", {"user": user.id, "email": new_email})
    link = url_for("settings.confirm_email", token=token, _external=True)
    queue_mail(new_email, "change_email", user.language, user=user, link=link)


def unsubscribe_url(user: User, kind: NotificationKind) -> str:
    token = make_token("unsubscribe", {"user": user.id, "kind": kind.value})
    return url_for("settings.unsubscribe", token=token, _external=True)


def notify(
    user: User, kind: NotificationKind, template: str, key: str | None = None, **context
) -> bool:
    """Queue a notification the resident opted in to; each carries its own unsubscribe link.

    `key` names the event and recipient, so that a job run twice mails once.
    """
    if not user.wants(kind) or not user.is_verified:
        return False
    unsubscribe = unsubscribe_url(user, kind)
    queue_mail(
        user.email,
        template,
        user.language,
        key=key,
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
        user=user,
        unsubscribe_url=unsubscribe,
        **context,
    )
    return True


def send_invitation(invitation, token: str, inviter: User) -> None:
    """The link that gives an official their role; in the invitee's language if they have an
    account, otherwise in Swedish."""
    link = url_for("manage.invitation", token=token, _external=True)
    existing = find_by_email(invitation.email)
    language = existing.language if existing is not None else "sv"
    queue_mail(
        invitation.email,
        "invitation",
        language,
        invitation=invitation,
        inviter=inviter,
        link=link,
    )
