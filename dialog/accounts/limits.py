"""Rate-limit values and keys; values are read from config so that tests and operators set them."""

from flask import current_app, request
from flask_login import current_user

from dialog.extensions import limiter


def configured(name: str):
    return lambda: current_app.config[name]


def submitted_email() -> str:
    """Per-account key for sign-in and mail forms: the address typed, whether it exists or not."""
    return "email:" + request.form.get("email", "").strip().lower()[:254]


def signed_in_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def per_ip(name: str):
    return limiter.limit(configured(name), methods=["POST"])


def per_email(name: str):
    return limiter.limit(configured(name), key_func=submitted_email, methods=["POST"])


def per_account(name: str):
    return limiter.limit(configured(name), key_func=signed_in_account, methods=["POST"])
