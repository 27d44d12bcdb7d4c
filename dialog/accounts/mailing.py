"""The mails an account receives, each in the resident's own language.

Every link is built on DIALOG_BASE_URL (`external_url`), never on the Host header of the
request that caused the mail. Each function adds a row to the outbox (dialog.core.outbox), and
one-time links are stored as hashes (tokens.issue), in the caller's transaction: the caller
commits, which makes the links valid and lets delivery start, outside the request.
"""

import uuid
from typing import TYPE_CHECKING, Any

from flask import current_app, has_request_context

from dialog.accounts import tokens
from dialog.accounts.models import NotificationKind, User
from dialog.accounts.services import find_by_email, normalise_email
from dialog.accounts.tokens import Purpose, make_token
from dialog.catalogue import site
from dialog.catalogue.models import Municipality
from dialog.core.outbox import queue_mail
from dialog.core.urls import external_url, local_path, safe_next
from dialog.extensions import db
from dialog.jobs import job

if TYPE_CHECKING:
    from dialog.accounts.roles import Invitation


def _address(user: User) -> str:
    """Where mail to the account goes; an erased account has no address, and gets no mail."""
    if user.email is None:
        raise ValueError(f"Account {user.id} has no e-mail address")
    return user.email


def in_their_language(user: User) -> dict[str, str]:
    """`lang` for a link in a mail to `user`: the language is part of the address, and whoever
    opens the link signed out (another device, the mail app's browser) would get Swedish pages
    after an English mail. Nothing for the default language, so Swedish links stay plain."""
    language = user.language
    if not language or language == current_app.config["BABEL_DEFAULT_LOCALE"]:
        return {}
    return {"lang": language}


def came_from(next_path: str | None = None) -> Municipality | None:
    """The municipality whose pages the visitor came from, to name it in an account mail: the
    one `next_path` (the page they are on their way to) belongs to, else the one this page's
    header names (catalogue.site.current: its `next`'s, or a one-municipality site's own).
    None outside a request or on the platform's own pages: the mail names the platform."""
    if not has_request_context():
        return None
    return site.of_path(next_path) or site.current()


def send_verification(user: User, next_path: str | None = None) -> None:
    token = tokens.issue(user, Purpose.VERIFY, user.email)
    values = {"next": safe_next(next_path)} if next_path else {}
    link = external_url("accounts.verify", token=token, **values, **in_their_language(user))
    queue_mail(
        _address(user),
        "verify",
        user.language,
        municipality=came_from(next_path),
        user=user,
        link=link,
    )


def send_already_registered(user: User | None, next_path: str | None = None) -> None:
    """Tell the owner of the address, not the visitor, that it already has an account. The
    link to a new password keeps `next`, so that its mail and pages name the same municipality."""
    if user is None or user.email is None:
        return
    values = {"next": safe_next(next_path)} if next_path else {}
    link = external_url("accounts.forgot_password", **values, **in_their_language(user))
    queue_mail(
        _address(user),
        "already_registered",
        user.language,
        municipality=came_from(next_path),
        user=user,
        link=link,
    )


def request_password_reset(email: str, next_path: str | None = None) -> None:
    """Queue the lookup and the mail: the request does the same work for any address.
    `next_path`, the page the resident was on their way to, is where the link leads on to;
    the municipality they came from is looked up now, while there is a request to ask."""
    municipality = came_from(next_path)
    password_reset_mail.enqueue(
        normalise_email(email),
        uuid.uuid4().hex,
        local_path(next_path),
        municipality.id if municipality is not None else None,
    )


@job("dialog.accounts.password_reset")
def password_reset_mail(
    email: str, request_key: str, next_path: str | None = None, municipality_id: int | None = None
) -> None:
    """Mail a reset link if the address has an account; nobody is told if it has not.
    (Jobs queued before `municipality_id` existed name the platform, as they did.)"""
    user = find_by_email(email)
    if user is not None and not user.is_deleted:
        municipality = db.session.get(Municipality, municipality_id) if municipality_id else None
        send_password_reset(
            user,
            key=f"reset_password:{request_key}",
            next_path=next_path,
            municipality=municipality,
        )
    db.session.commit()


def send_password_reset(
    user: User,
    key: str | None = None,
    next_path: str | None = None,
    municipality: Municipality | None = None,
) -> None:
    token = tokens.issue(user, Purpose.RESET)
    values = {"next": path} if (path := local_path(next_path)) else {}
    link = external_url("accounts.reset_password", token=token, **values, **in_their_language(user))
    queue_mail(
        _address(user),
        "reset_password",
        user.language,
        key=key,
        municipality=municipality,
        user=user,
        link=link,
    )


def send_email_change(user: User, new_email: str) -> None:
    token = tokens.issue(user, Purpose.EMAIL, new_email)
    link = external_url("settings.confirm_email", token=token, **in_their_language(user))
    queue_mail(
        new_email,
        "change_email",
        user.language,
        municipality=came_from(),
        user=user,
        link=link,
    )


def send_email_changed(user: User, old_email: str) -> None:
    """Tell the old address, with a link that undoes the change and shuts the devices out."""
    token = tokens.issue(user, Purpose.UNDO, old_email)
    link = external_url("settings.undo_email", token=token, **in_their_language(user))
    queue_mail(
        old_email,
        "email_changed",
        user.language,
        municipality=came_from(),
        user=user,
        link=link,
    )


def unsubscribe_url(user: User, kind: NotificationKind) -> str:
    token = make_token("unsubscribe", {"user": user.id, "kind": kind.value})
    return external_url("settings.unsubscribe", token=token, **in_their_language(user))


def notify(
    user: User, kind: NotificationKind, template: str, key: str | None = None, **context: Any
) -> bool:
    """Queue a notification the resident opted in to; each carries its own unsubscribe link.

    `key` names the event and recipient, so that a job run twice mails once.
    """
    if not user.wants(kind) or not user.is_verified:
        return False
    unsubscribe = unsubscribe_url(user, kind)
    queue_mail(
        _address(user),
        template,
        user.language,
        key=key,
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
        user=user,
        unsubscribe_url=unsubscribe,
        **context,
    )
    return True


def send_invitation(invitation: "Invitation", token: str, inviter: User) -> None:
    """The link that gives an official their role; in the invitee's language if they have an
    account, otherwise in Swedish."""
    link = external_url("manage.invitation", token=token)
    existing = find_by_email(invitation.email)
    language = existing.language if existing is not None else "sv"
    queue_mail(
        invitation.email,
        "invitation",
        language,
        municipality=invitation.municipality,
        invitation=invitation,
        inviter=inviter,
        link=link,
    )
