"""What the hostile-input tests share: sample data, fresh actors, the forms on every page, and a
snapshot of every row to prove that a refused request changed nothing."""

import hashlib
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask, url_for
from sqlalchemy import select, text

from dialog.accounts import officials
from dialog.accounts.roles import Membership, Role
from dialog.catalogue.models import Committee, FocusArea
from dialog.extensions import db
from dialog.participation.services import post_comment
from dialog.responses.models import StatusOption
from tests.factories import make_goal, make_user, sign_in
from tests.officials import make_official, sign_in_official

#: Columns a request may touch without changing anything a person wrote or decided.
VOLATILE = {("user_sessions", "last_seen_at")}

_serial = itertools.count()

#: Endpoints that answer files or JSON, not pages with forms (and may stream their answer).
NOT_PAGES = (
    "static",
    "api.",
    "exports.",
    "mine.download",
    "manage.audit_export",
    "manage.platform_audit_export",
    "catalogue.stylesheet",
    "second_factor.qr_code",
)


@dataclass
class Form:
    method: str
    action: str
    #: (name, value) in document order; repeated names (checkboxes) keep every value.
    fields: list[tuple[str, str]] = field(default_factory=list)
    #: Names of <select>/radio fields and their allowed values.
    choices: dict[str, list[str]] = field(default_factory=dict)
    #: Names of text-like fields (text, textarea, email, password, search, number, url, date …).
    text_fields: list[str] = field(default_factory=list)
    has_file: bool = False


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._textarea_value: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if a.get("value") is not None and name:
                    form.choices.setdefault(name, []).append(a.get("value", ""))
                return
            if kind == "file":
                form.has_file = True
                return
            if kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                return
            form.fields.append((name, a.get("value", "")))
            if kind != "hidden":
                form.text_fields.append(name)
        elif tag == "select" and name:
            self._select = name
            form.choices.setdefault(name, [])
        elif tag == "option" and self._select:
            form.choices[self._select].append(a.get("value", ""))
            if "selected" in a:
                form.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._textarea_value = name, []
        elif tag == "button" and name:
            form.choices.setdefault(name, []).append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self._textarea_value.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form:
            self._form.fields.append((self._textarea, "".join(self._textarea_value)))
            self._form.text_fields.append(self._textarea)
            self._textarea = None


def get_forms_on(html: str) -> list[Form]:
    """The GET forms on a page (a form without a method is one), actions as written."""
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.method == "get"]


def forms_on(html: str, page_url: str) -> list[Form]:
    """The POST forms on a page, with actions resolved to paths (an empty action is the page)."""
    parser = _FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form.method != "post":
            continue
        action = form.action or page_url
        parts = urlsplit(action)
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(form)
    return found


def build_world() -> dict:
    """Lund and Lomma with a goal, a focus area, a committee, comments, officials, an
    invitation and a status option: enough for every URL rule to have a page to show."""
    samples = {}
    author = make_user("author@example.se", "Author")
    for slug in ("lund", "lomma"):
        goal = make_goal(slug=slug)
        area = FocusArea(plan_id=goal.plan_id, title="Område")
        committee = Committee(municipality_id=goal.plan.municipality_id, name="Nämnd", slug="namnd")
        db.session.add_all([area, committee])
        comment = post_comment(goal, author, f"En synpunkt i {slug}.", None, f"{slug:0<32}").comment
        extra = make_official(f"extra@{slug}.se", [(slug, Role.MODERATOR)], name=f"Extra {slug}")
        inviter = make_official(f"inviter@{slug}.se", [(slug, Role.ADMIN)])
        invitation, _token = officials.invite(
            goal.plan.municipality, f"new@{slug}.se", Role.COMMUNICATOR, inviter
        )
        option = StatusOption(municipality_id=goal.plan.municipality_id, code="achieved")
        db.session.add(option)
        db.session.commit()
        samples[slug] = {
            "slug": slug,
            "plan_slug": goal.plan.slug,
            "committee_slug": committee.slug,
            "goal_id": goal.id,
            "area_id": area.id,
            "comment_id": comment.id,
            "membership_id": db.session.scalar(select(Membership.id).filter_by(user_id=extra.id)),
            "invitation_id": invitation.id,
            "option_id": option.id,
            "token": "not-a-real-token",
            "filename": "css/dialog.css",
        }
    return samples


def get_urls(app: Flask, samples: dict) -> list[tuple[str, str]]:
    """(endpoint, url) for every rule that answers GET, built from the Lund samples."""
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint.startswith(NOT_PAGES):
                continue
            values = samples["lund"]
            urls.append(
                (rule.endpoint, url_for(rule.endpoint, **{a: values[a] for a in rule.arguments}))
            )
    return urls


def new_actor(app: Flask, kind: str):
    """A fresh client signed in as a new person of `kind`: anonymous, resident or official
    (a platform administrator, who may use every official page)."""
    client = app.test_client()
    if kind == "anonymous":
        return client
    n = next(_serial)
    with app.app_context():
        if kind == "resident":
            make_user(f"resident{n}@example.se", f"Boende {n}")
            sign_in(client, f"resident{n}@example.se")
        else:
            make_official(f"official{n}@example.se", [], platform_admin=True)
            sign_in_official(client, f"official{n}@example.se")
    return client


def snapshot() -> str:
    """A digest of every row of every table (but the VOLATILE columns), in key order."""
    digest = hashlib.sha256()
    db.session.rollback()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
        order = list(table.primary_key.columns) or columns
        rows = db.session.execute(select(*columns).order_by(*order)).all()
        digest.update(f"{table.name}:{len(rows)}:{rows!r}".encode())
    db.session.rollback()
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    db.session.rollback()
    counts = {
        t.name: db.session.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one()
        for t in db.metadata.sorted_tables
    }
    db.session.rollback()
    return counts
