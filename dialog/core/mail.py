"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the outbox."""

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from dialog.db import utcnow

log = logging.getLogger("dialog.mail")


def send_mail(to: str, template: str, language: str, **context) -> EmailMessage:
    """Render templates/mail/<template>.txt in the recipient's language and send it.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(language):
        subject, _, body = render_template(f"mail/{template}.txt", **context).partition("\n")
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject.strip()
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="dialog.local")
    if "unsubscribe_url" in context:
        message["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    message.set_content(body.strip() + "\n")
    _deliver(message)
    return message


def _deliver(message: EmailMessage) -> None:
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        log.info("mail sent to %s: %s", message["To"], message["Subject"])
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(message.as_bytes())
    log.info("mail to %s written to %s: %s", message["To"], outbox / name, message["Subject"])
