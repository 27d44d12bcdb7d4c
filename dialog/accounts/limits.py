"""Rate-limit values and keys; values are read from config so that tests and operators set them.

A limit declared with `counted=True` is checked before the view but only charged when the view
calls `count_attempt()`: a wrong password counts, the owner's right one does not; a registration
form sent back with errors does not count, an account created does.

Every other limit on a form is checked before the view and charged after it, unless the server
failed (a 5xx: nothing was done, and the person is asked to send again) or the view called
`repeat()` (the same form again, stored once already); a route may also let such a form
through when a limit refuses it (`refused_unless`). A resident whose comment met a lost
database connection may always send it again. Several requests from one account that arrive at
the very same moment are all checked before any is charged, so a limit may be passed by as many
requests as the servers handle at once: these limits slow people down, they are not quotas.
"""

import inspect
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Response, current_app, g, request
from flask_limiter import RateLimitExceeded, RequestLimit
from flask_limiter.extension import LimitDecorator
from flask_limiter.util import get_remote_address
from flask_login import current_user

from dialog.extensions import limiter


def configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def submitted_email() -> str:
    """Per-account key for sign-in and mail forms: the address typed, whether it exists or not."""
    return "email:" + request.form.get("email", "").strip().lower()[:254]


def submitted_email_and_address() -> str:
    """Guesses at one account from one address: the guesser is slowed, not the owner elsewhere."""
    return f"{submitted_email()}|ip:{get_remote_address()}"


def signed_in_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def count_attempt() -> None:
    """Charge this request to the limits declared with counted=True."""
    g.count_attempt = True


def repeat() -> None:
    """This request sent again what an earlier one stored: it is not charged a second time."""
    g.repeated = True


#: What a limit does when breached: a response of its own, or None for the default 429.
OnBreach = Callable[[RequestLimit], Response | None]


def _counted(_response: Response) -> bool:
    return bool(g.get("count_attempt"))


def _served(response: Response) -> bool:
    """Charged unless the server failed or the form had been handled before."""
    return response.status_code < 500 and not g.get("repeated")


def _limit(
    name: str, key_func: Callable[[], str], counted: bool, on_breach: OnBreach | None
) -> LimitDecorator:
    return limiter.limit(
        configured(name),
        key_func=key_func,
        methods=["POST"],
        deduct_when=_counted if counted else _served,
        on_breach=on_breach,
    )


def per_ip(name: str, counted: bool = False, on_breach: OnBreach | None = None) -> LimitDecorator:
    return _limit(name, get_remote_address, counted, on_breach)


def per_email(
    name: str, counted: bool = False, on_breach: OnBreach | None = None
) -> LimitDecorator:
    return _limit(name, submitted_email, counted, on_breach)


def per_email_and_ip(
    name: str, counted: bool = False, on_breach: OnBreach | None = None
) -> LimitDecorator:
    return _limit(name, submitted_email_and_address, counted, on_breach)


def per_account(name: str) -> LimitDecorator:
    return limiter.limit(
        configured(name), key_func=signed_in_account, methods=["POST"], deduct_when=_served
    )


P = ParamSpec("P")
R = TypeVar("R")


def refused_unless(check: Callable[[], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Above a route's limits: a request they refuse is served after all when `check()` says
    so, e.g. a form sent again whose first sending was stored (a resident whose answer was lost
    is never told to wait; the view calls `repeat()`, so nothing is charged). `check` is asked
    only when a limit refuses: a request within its limits costs no look-up."""

    def decorate(limited: Callable[P, R]) -> Callable[P, R]:
        view = inspect.unwrap(limited)  # the same view without the limits' wrappers

        @wraps(limited)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return limited(*args, **kwargs)
            except RateLimitExceeded:
                if not check():
                    raise
                return view(*args, **kwargs)

        return wrapper

    return decorate


def retry_after(response: Response) -> Response:
    """A refusal says when to try again (Retry-After). Only a refusal: the limits' other
    headers (X-RateLimit-*, RATELIMIT_HEADERS_ENABLED) would cost two more round trips to the
    limits' storage on every form sent, for headers no browser reads."""
    if response.status_code != 429 or "Retry-After" in response.headers:
        return response
    breached = limiter.current_limit
    if breached is not None and breached.breached:
        try:
            seconds = int(breached.reset_at - time.time())
        except Exception:  # noqa: BLE001 (storage unreachable: the refusal stands without it)
            current_app.logger.warning("Rate limit storage unreachable for Retry-After")
            return response
        response.headers["Retry-After"] = str(max(1, seconds))
    return response


def minutes_to_wait(breached: RequestLimit) -> int:
    """Whole minutes until the breached limit (a flask_limiter RequestLimit) lets a try through."""
    return max(1, math.ceil((breached.reset_at - time.time()) / 60))
