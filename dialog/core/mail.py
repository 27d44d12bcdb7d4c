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
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, gettext

from dialog.db import as_utc

log = logging.getLogger("dialog.mail")


def platform_name() -> str:
    """The platform's own name: MAIL_SENDER's display name, else "Dialog"."""
    return parseaddr(current_app.config["MAIL_SENDER"])[0] or "Dialog"


def render_mail(
    template: str, language: str, sender: str | None = None, **context: Any
) -> tuple[str, str, str | None]:
    """(subject, body, sender's name) of templates/mail/<template>.txt in the recipient's language.

    The template's first line is the subject (its names kept on that line by the `one_line`
    filter, and any run of white space in it made one space); the rest is the body.
    `sender`, the municipality a mail is from, becomes "<sender> via Dialog", the name in its
    From header.
    """
    with force_locale(language):
        subject, _, body = render_template(f"mail/{template}.txt", **context).partition("\n")
        name = (
            gettext("%(sender)s via %(platform)s", sender=sender, platform=platform_name())
            if sender
            else None
        )
    return one_line(subject), body.strip() + "\n", name


def one_line(text: str) -> str:
    """`text` without line breaks, tabs or other control characters, which would let a name
    (a municipality's, typed by an administrator) add or break a header."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def sender_header(name: str | None) -> str:
    """The From header: MAIL_SENDER, or its address under `name`. Only the display name
    changes, never the address, which the mail server's SPF and DKIM vouch for; formataddr
    quotes the name (and encodes it if it is not ASCII), so nothing in it reads as an address."""
    configured = current_app.config["MAIL_SENDER"]
    address = parseaddr(configured)[1]
    name = one_line(name or "")[:200]
    if not name or not address:
        return configured
    return formataddr((name, address))


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
    sender_name: str | None = None,
) -> EmailMessage:
    """The message as it goes out; every header derives from the stored row."""
    message = EmailMessage()
    message["From"] = sender_header(sender_name)
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(as_utc(created_at))
    message["Message-ID"] = message_id(key)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    # After the content: setting it clears every Content-* header (Content-Language too).
    for name, value in headers.items():
        message[name] = value
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
