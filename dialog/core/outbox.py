"""The mail outbox: each message is a row written in the transaction that causes it.

A job delivers the row after that commit. Delivery is claimed with a lease and recorded in its
own transaction right after the send, so a worker that dies mid-send leaves the row to be
retried once its lease runs out, never lost. That makes delivery *at least once*: a worker killed
after the SMTP server accepted the message but before the row was marked sent will send it
again. Exactly once would need the receiving server to take part; instead every attempt carries
the same Message-ID (derived from the row), by which receivers and clients drop a repeat, and
the .eml file outbox writes each message at most once.
"""

import enum
import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import JSON, DateTime, Index, String, Text, delete, or_, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from dialog.catalogue import site
from dialog.core.mail import build_message, render_mail, transmit
from dialog.db import Base, enum_column, rows_changed, upsert_statement, utcnow
from dialog.extensions import db
from dialog.jobs import job

if TYPE_CHECKING:
    from dialog.catalogue.models import Municipality

log = logging.getLogger("dialog.mail")

# Dialect options, passed to Index as keyword arguments (typed Any for that).
UNSENT: dict[str, Any] = {
    "postgresql_where": text("sent_at IS NULL"),
    "sqlite_where": text("sent_at IS NULL"),
}


class MailKind(enum.StrEnum):
    """The mails Dialog sends: one per template in templates/mail/."""

    VERIFY = "verify"
    ALREADY_REGISTERED = "already_registered"
    RESET_PASSWORD = "reset_password"  # noqa: S105 (a template name)
    CHANGE_EMAIL = "change_email"
    EMAIL_CHANGED = "email_changed"
    INVITATION = "invitation"
    REPLY = "reply"
    RESPONSE = "response"
    RESPONSE_REMINDER = "response_reminder"
    DECISION = "decision"
    DESK_ALERT = "desk_alert"
    DESK_DIGEST = "desk_digest"


class OutboxMessage(Base):
    """A rendered mail waiting for (or done with) delivery."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "next_attempt_at", **UNSENT),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One row per message even when the job that writes it runs twice; the Message-ID's source.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    #: The template it was rendered from.
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind, 40))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    #: Extra headers, e.g. List-Unsubscribe; From, To, Date and Message-ID derive from the row.
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The From header's name, e.g. "Lunds kommun via Dialog"; None: MAIL_SENDER's own name.
    sender_name: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Attempts started, counted when a worker claims the message (a crash counts too).
    attempts: Mapped[int] = mapped_column(default=0)
    #: When the sweep may take it: after its own job had its chance, or after a backoff.
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: A worker is sending it until then; after that another may take it over.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)


def queue_mail(
    to: str,
    template: str,
    language: str,
    *,
    key: str | None = None,
    headers: dict[str, str] | None = None,
    municipality: "Municipality | None" = None,
    **context: Any,
) -> int | None:
    """Render the mail and add it to the outbox; its delivery starts after the commit.

    `municipality` is who the mail is from: the one whose goal it is about, or whose pages the
    resident came from; without one, a one-municipality site's own (DIALOG_HOME_MUNICIPALITY),
    else the platform. Its name goes into the subject, the signature and the From header.
    Returns the row's id, or None when a message with this key already exists.
    """
    municipality = municipality or site.home()
    sender = (municipality.mail_sender_name or municipality.name) if municipality else None
    subject, body, sender_name = render_mail(
        template, language, sender=sender, municipality=municipality, **context
    )
    now = utcnow()
    grace = timedelta(seconds=current_app.config["OUTBOX_SWEEP_GRACE_SECONDS"])
    statement = (
        upsert_statement(OutboxMessage)
        .values(
            idempotency_key=key or f"{template}:{uuid.uuid4().hex}",
            kind=MailKind(template),
            recipient=to,
            subject=subject,
            body_text=body,
            # The plain-text body's language attribute: mail programs and screen readers
            # read it in the right voice (RFC 3282).
            headers={"Content-Language": language, **(headers or {})},
            sender_name=sender_name,
            created_at=now,
            attempts=0,
            next_attempt_at=now + grace,
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    )
    message_id_ = db.session.scalar(statement)
    if message_id_ is not None:
        deliver.enqueue(message_id_)
    return message_id_


def claim(message_id_: int, now: datetime | None = None) -> OutboxMessage | None:
    """Take the message for one attempt, unless it is sent, held by another or given up."""
    now = now or utcnow()
    config = current_app.config
    lease = now + timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id_,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            OutboxMessage.attempts < config["OUTBOX_MAX_ATTEMPTS"],
        )
        .values(claimed_until=lease, next_attempt_at=lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        return None
    return db.session.get(OutboxMessage, message_id_, populate_existing=True)


def backoff(attempts: int) -> int:
    """Seconds before the next attempt: 1, 2, 4 … times the base, capped."""
    config = current_app.config
    base = config["OUTBOX_BACKOFF_SECONDS"]
    return min(base * 2 ** max(attempts - 1, 0), config["OUTBOX_MAX_BACKOFF_SECONDS"])


def send(message: OutboxMessage) -> bool:
    """Hand one claimed message to the transport; False if the file outbox had it already."""
    email = build_message(
        key=message.idempotency_key,
        recipient=message.recipient,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
        headers=message.headers or {},
        created_at=message.created_at,
        sender_name=message.sender_name,
    )
    file_name = f"{message.created_at:%Y%m%dT%H%M%S%f}-{message.id:09d}.eml"
    return transmit(email, file_name)


@job("dialog.outbox.deliver")
def deliver(message_id_: int) -> None:
    """Claim, send, record: each step in its own transaction."""
    message = claim(message_id_)
    if message is not None:
        db.session.expunge(message)  # keeps what was loaded through the commit
    db.session.commit()
    if message is None:
        return
    try:
        send(message)
    except Exception as error:  # SMTP refusals, timeouts, a full disk: try again later
        _record_failure(message, error)
        return
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id_)
        .values(sent_at=utcnow(), claimed_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    attempts = message.attempts
    delay = backoff(attempts)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(
            claimed_until=None,
            next_attempt_at=utcnow() + timedelta(seconds=delay),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        .execution_options(synchronize_session=False)
    )
    if attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        # The row keeps the whole error; the log names neither the recipient nor the error's
        # text, which SMTP servers fill with the address they refused.
        log.warning("mail %s failed (%s); again in %s s", message.id, type(error).__name__, delay)
        deliver.enqueue(message.id, countdown=delay)
    else:
        log.error(
            "mail %s failed %s times; giving up (%s)", message.id, attempts, type(error).__name__
        )
    db.session.commit()


def due_messages(now: datetime, limit: int) -> list[int]:
    """Unsent messages whose job is late, whose retry is due or whose worker vanished."""
    return list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
                OutboxMessage.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"],
            )
            .order_by(OutboxMessage.next_attempt_at)
            .limit(limit)
        )
    )


@job("dialog.outbox.sweep", every="OUTBOX_SWEEP_SECONDS")
def sweep() -> int:
    """Queue what a lost job left behind; delete sent messages past their keeping time."""
    now = utcnow()
    config = current_app.config
    found = due_messages(now, config["OUTBOX_SWEEP_BATCH"])
    if found:
        # Look again only after a grace period, so that a long queue is not queued twice.
        grace = timedelta(seconds=config["OUTBOX_SWEEP_GRACE_SECONDS"])
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(found))
            .values(next_attempt_at=now + grace)
            .execution_options(synchronize_session=False)
        )
    for message_id_ in found:
        deliver.enqueue(message_id_)
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.sent_at < now - timedelta(days=config["OUTBOX_KEEP_DAYS"])
        )
    )
    db.session.commit()
    return len(found)
