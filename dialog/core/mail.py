"""Mail rendering and transport: SMTP when MAIL_SERVER is set, otherwise .eml files.

Messages are not sent from here directly: dialog.core.outbox stores them with their cause and
a job hands each one to `transmit`.
"""

import hashlib
import logging
import os
import smtplib
import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from dialog.db import as_utc

log = logging.getLogger("dialog.mail")


def render_mail(template: str, language: str, **context: Any) -> tuple[str, str]:
    """(subject, body) of templates/mail/<template>.txt in the recipient's language.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(language):
        subject, _, body = render_template(f"mail/{template}.txt", **context).partition("\n")
    return subject.strip(), body.strip() + "\n"


def message_id(key: str) -> str:
    """The same Message-ID for every attempt, so that receivers can drop a repeated delivery."""
    domain = parseaddr(current_app.config["MAIL_SENDER"])[1].rpartition("@")[2] or "dialog.local"
    return f"<dialog.{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build_message(
    *,
    key: str,
    recipient: str,
    subject: str,
    text: str,
    html: str | None,
    headers: dict[str, str],
    created_at: datetime,
) -> EmailMessage:
    """The message as it goes out; every header derives from the stored row."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(as_utc(created_at))
    message["Message-ID"] = message_id(key)
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def transmit(message: EmailMessage, file_name: str) -> bool:
    """Send over SMTP, or write the .eml file; False when that file was already written."""
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        # Logs name the message, never its recipient: an address is personal data.
        log.info("mail %s sent: %s", message["Message-ID"], message["Subject"])
        return True
    return write_file(message, Path(config["MAIL_OUTBOX"]) / file_name)


def write_file(message: EmailMessage, path: Path) -> bool:
    """Write whole or not at all, once: a second delivery of the same message is dropped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    partial.write_bytes(message.as_bytes())
    try:
        os.link(partial, path)  # atomic, and fails if the message is there already
    except FileExistsError:
        log.warning("mail %s already in %s; not written again", message["Message-ID"], path)
        return False
    finally:
        partial.unlink()
    log.info("mail %s written to %s: %s", message["Message-ID"], path, message["Subject"])
    return True
