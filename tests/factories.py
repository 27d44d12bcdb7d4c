"""Test data and helpers: goals with windows, residents, signing in, form tokens, the outbox."""

import email
import re
from contextlib import contextmanager
from datetime import timedelta
from email import policy
from pathlib import Path

from sqlalchemy import event, func, select

from dialog.accounts.models import User
from dialog.accounts.services import hash_password
from dialog.catalogue.models import DialogueWindow, FocusArea, Goal, Municipality, Plan
from dialog.catalogue.phases import today as local_today
from dialog.db import utcnow
from dialog.extensions import db

PASSWORD = "correct horse battery"


def tally(subject: Goal | FocusArea) -> tuple[int, int]:
    """(comments, participants) on a goal's or focus area's tally: the sums over its slots."""
    from dialog.participation.models import FocusAreaTally, GoalTally

    model, condition = (
        (FocusAreaTally, FocusAreaTally.focus_area_id == subject.id)
        if isinstance(subject, FocusArea)
        else (GoalTally, GoalTally.goal_id == subject.id)
    )
    sums = select(func.sum(model.comment_count), func.sum(model.participant_count))
    comments, participants = db.session.execute(sums.where(condition)).one()
    return int(comments or 0), int(participants or 0)


def make_goal(
    open_window: bool = True, slug: str = "testkommun", title: str = "Trygga parker", **window
) -> Goal:
    """A municipality with one plan and one goal; by default the plan is open for dialogue."""
    municipality = db.session.query(Municipality).filter_by(slug=slug).one_or_none()
    if municipality is None:
        municipality = Municipality(slug=slug, name="Testkommun")
        db.session.add(municipality)
    plan = Plan(
        municipality=municipality,
        slug=f"plan-{utcnow().timestamp()}",
        title="Planen",
        kind="governing",
        status="adopted",
    )
    goal = Goal(plan=plan, title=title, description="Parkerna ska vara trygga.", kind="goal")
    db.session.add_all([plan, goal])
    db.session.flush()
    today = local_today()  # the municipality's date, on which windows open and close
    values = {
        "opens_on": today - timedelta(days=10),
        "closes_on": today + timedelta(days=10) if open_window else today - timedelta(days=1),
        "ladder_step": "consultation",
        "influence": "Hur målet prioriteras.",
        "readers": "Kommunstyrelsen, i mars.",
    }
    values.update(window)
    db.session.add(DialogueWindow(plan_id=plan.id, **values))
    db.session.commit()
    return goal


def make_focus_area(
    level: str = "focus_areas", open_window: bool = True, kind: str = "focus_area"
) -> FocusArea:
    """A focus area without goals, in a plan that opens `level` for dialogue (by default its
    focus areas), as in Lund's "Våra fokusområden"."""
    goal = make_goal(open_window=open_window, title="Ett mål i en annan del")
    plan = goal.plan
    plan.dialogue_level = level
    area = FocusArea(
        plan=plan,
        title="Ekologisk hållbarhet",
        description="Minsta möjliga klimatpåverkan.",
        kind=kind,
    )
    db.session.add(area)
    db.session.commit()
    return area


def make_user(
    email_address: str = "anna@example.se", name: str = "Anna", verified: bool = True, **extra
) -> User:
    now = utcnow()
    user = User(
        email=email_address,
        display_name=name,
        password_hash=hash_password(PASSWORD),
        rules_version="2026-11",
        rules_accepted_at=now,
        privacy_version="2026-11",
        privacy_accepted_at=now,
        email_verified_at=now if verified else None,
        **extra,
    )
    db.session.add(user)
    db.session.commit()
    return user


def form_fields(html: str) -> dict[str, str]:
    """Hidden inputs of the first form on the page that has a csrf_token, e.g. tokens."""
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name.endswith("csrf_token") or name == "submission_token":
            fields.setdefault(name, value)
    return fields


#: What a GET form carries on a page reached with ?lang=en (templates/_forms.html).
KEEPS_ENGLISH = '<input type="hidden" name="lang" value="en">'


def form_starting(html: str, opening: str) -> str:
    """The form whose opening tag begins with `opening` (`<form class="x"`), up to its end."""
    assert opening in html, opening
    return html.split(opening, 1)[1].split("</form>", 1)[0]


def csrf(client, url: str = "/konto/logga-in") -> str:
    return form_fields(client.get(url).get_data(as_text=True))["csrf_token"]


def register(client, url: str = "/konto/registrera", email_address: str = "ny@example.se"):
    """Create an account through the form at `url` (its `next` and `lang` as given)."""
    data = {
        "email": email_address,
        "display_name": "Lundabo",
        "password": PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
        "csrf_token": csrf(client, url),
    }
    return client.post(url, data=data)


def sign_in(client, email_address: str = "anna@example.se", password: str = PASSWORD):
    response = client.post(
        "/konto/logga-in",
        data={"email": email_address, "password": password, "csrf_token": csrf(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


class Outbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def last(self) -> email.message.EmailMessage:
        messages = self.messages()
        assert messages, "no mail was sent"
        return messages[-1]

    def links(self, message=None) -> list[str]:
        body = (message or self.last()).get_content()
        return re.findall(r"https?://\S+", body)

    def local_link(self, message=None) -> str:
        """The first link, as a path the test client can open."""
        link = self.links(message)[0]
        return re.sub(r"^https?://[^/]+", "", link)


@contextmanager
def counted_queries(app):
    """Collect the SQL statements the app runs inside the block (to catch N+1 queries)."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def snapshot(but: set[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table (those in `but` left out), in a stable order: compare two to
    show that a refused request changed nothing."""
    db.session.expire_all()
    return {
        table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
        for table in db.metadata.sorted_tables
        if table.name not in but
    }
