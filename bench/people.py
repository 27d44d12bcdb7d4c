"""Who the benchmark signs in as: residents who post, and an official who reads the summary.

The accounts are written straight into the benchmark's database; signing in goes through the
server as a browser's would (password, and the official's code from the authenticator app), and
what is kept is each person's session cookie. For posting, every form is prepared in advance:
the resident's CSRF token (from the goal page, valid for the session) and a submission token of
its own, signed as the comment form signs it, so that each post is a new comment.
"""

import http.client
import re
import urllib.parse
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pyotp
from itsdangerous import URLSafeSerializer

PASSWORD = "benchmark lösenord som är långt"  # noqa: S105 (accounts of a throwaway database)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
#: The comment form's signer (dialog/core/forms.py).
SUBMISSION_SALT = "dialog.submission-token"
TEXTS = [
    "Fler cykelställ vid stationen skulle hjälpa många som pendlar.",
    "Jag vill att kommunen berättar hur målet följs upp varje år.",
    "Bra mål, men glöm inte dem som bor utanför tätorten.",
    "Skolan behöver fler vuxna på rasterna, det gör skillnad för tryggheten.",
]


class Browser:
    """Cookies and plain HTTP to one server on 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie_header()}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items() if value)


@dataclass
class Person:
    id: int
    email: str
    #: Signed in: the browser holding the session cookie.
    browser: Browser | None = None


def hidden_fields(html: str) -> dict[str, str]:
    """The CSRF and submission tokens of the first form on the page that has them."""
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name.endswith("csrf_token") or name == "submission_token":
            fields.setdefault(name, value)
    return fields


def make_accounts(database_url: str, residents: int, municipality: str) -> tuple[list, Person]:
    """`residents` verified residents and one administrator of `municipality` with an app."""
    from sqlalchemy import insert, select

    from dialog import create_app
    from dialog.accounts.models import User
    from dialog.accounts.roles import Membership, Role
    from dialog.accounts.services import hash_password
    from dialog.accounts.totp import SecondFactor
    from dialog.catalogue.models import Municipality
    from dialog.db import utcnow
    from dialog.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        now, password = utcnow(), hash_password(PASSWORD)
        common = {
            "password_hash": password,
            "language": "sv",
            "email_verified_at": now,
            "rules_version": app.config["RULES_VERSION"],
            "rules_accepted_at": now,
            "privacy_version": app.config["PRIVACY_VERSION"],
            "privacy_accepted_at": now,
        }
        rows = [
            {"email": f"poster-{n}@example.se", "display_name": f"Skribent {n}", **common}
            for n in range(residents)
        ]
        rows.append({"email": "bench-admin@example.se", "display_name": "Bänk Admin", **common})
        db.session.execute(insert(User), rows)
        people = [
            Person(user_id, email)
            for user_id, email in db.session.execute(
                select(User.id, User.email)
                .where(User.email.in_([row["email"] for row in rows]))
                .order_by(User.id)
            )
        ]
        official = next(p for p in people if p.email == "bench-admin@example.se")
        place = db.session.scalar(select(Municipality.id).filter_by(slug=municipality))
        db.session.add(
            Membership(user_id=official.id, municipality_id=place, role=Role.ADMIN.value)
        )
        db.session.add(SecondFactor(user_id=official.id, secret=TOTP_SECRET, confirmed_at=now))
        db.session.commit()
        db.engine.dispose()
    return [p for p in people if p is not official], official


def sign_in(port: int, person: Person, official: bool = False) -> Browser:
    browser = Browser(port)
    _response, html = browser.request("GET", "/konto/logga-in")
    form = {**hidden_fields(html), "email": person.email, "password": PASSWORD}
    response, _html = browser.request("POST", "/konto/logga-in", form)
    location = response.headers.get("Location", "")
    if official:
        if response.status != 302 or "tvastegsverifiering" not in location:
            raise SystemExit(f"{person.email}: the password step answered {response.status}")
        step = urllib.parse.urlsplit(location).path
        _response, html = browser.request("GET", step)
        form = {**hidden_fields(html), "code": pyotp.TOTP(TOTP_SECRET).now()}
        response, _html = browser.request("POST", step, form)
        location = response.headers.get("Location", "")
    if response.status != 302 or "logga-in" in location or "tvastegsverifiering" in location:
        raise SystemExit(f"{person.email} could not sign in: {response.status} {location}")
    person.browser = browser
    return browser


def write_posts(
    path: Path, port: int, people: list[Person], goal_id: int, count: int, secret_key: str
) -> None:
    """`count` comment forms for the goal, taking turns between the signed-in residents."""
    signer = URLSafeSerializer(secret_key, salt=SUBMISSION_SALT)
    csrf, cookies = {}, {}
    for person in people:
        browser = person.browser or sign_in(port, person)
        _response, html = browser.request("GET", f"/mal/{goal_id}")
        csrf[person.id] = hidden_fields(html)["csrf_token"]
        cookies[person.id] = browser.cookie_header()
    target = f"/mal/{goal_id}/kommentera"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            person = people[n % len(people)]
            token = signer.dumps([person.id, f"goal:{goal_id}", uuid.uuid4().hex])
            body = urllib.parse.urlencode(
                {
                    "csrf_token": csrf[person.id],
                    "submission_token": token,
                    "body": f"{TEXTS[n % len(TEXTS)]} (inlägg {n})",
                }
            )
            out.write(f"{target}\t{cookies[person.id]}\t{body}\n")
