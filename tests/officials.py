"""Test helpers for officials: accounts with roles and an enrolled app, signing in with a code."""

import time

import pyotp
from sqlalchemy import select

from dialog.accounts.roles import Membership, Role
from dialog.accounts.totp import SecondFactor
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation.windows import dialogue_state
from tests.factories import PASSWORD, csrf, make_user

#: Every enrolled official in the tests shares this secret; codes are computed with pyotp.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def municipality(slug: str, name: str | None = None) -> Municipality:
    found = db.session.scalar(select(Municipality).filter_by(slug=slug))
    if found is None:
        found = Municipality(slug=slug, name=name or slug.capitalize())
        db.session.add(found)
        db.session.commit()
    return found


def open_goal_of(slug: str) -> Goal:
    """A seeded goal of the municipality `slug` whose dialogue is open (the desk's tests write
    comments on it)."""
    goals = db.session.scalars(
        select(Goal).join(Plan).join(Municipality).where(Municipality.slug == slug)
    ).all()
    return next(found for found in goals if dialogue_state(found).is_open)


def make_official(
    email: str,
    roles: list[tuple[str, Role]] = (),
    name: str | None = None,
    platform_admin: bool = False,
    enrolled: bool = True,
):
    """An account with `roles` as (municipality slug, role), and an enrolled app if `enrolled`."""
    user = make_user(
        email, name or email.split("@")[0].capitalize(), is_platform_admin=platform_admin
    )
    for slug, role in roles:
        db.session.add(
            Membership(user_id=user.id, municipality_id=municipality(slug).id, role=role.value)
        )
    if enrolled:
        db.session.add(SecondFactor(user_id=user.id, secret=SECRET, confirmed_at=utcnow()))
    db.session.commit()
    return user


def code(offset_steps: int = 0) -> str:
    """The code for now, or for a neighbouring 30-second step (accepted for drifting clocks)."""
    return pyotp.TOTP(SECRET).at(time.time() + 30 * offset_steps)


def sign_in_password(client, email: str, password: str = PASSWORD, next_path: str | None = None):
    url = "/konto/logga-in" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": csrf(client)})


def sign_in_official(client, email: str, offset_steps: int = 0):
    """Password, then the code; asserts that both steps were accepted."""
    first = sign_in_password(client, email)
    assert first.status_code == 302 and "/konto/tvastegsverifiering" in first.headers["Location"]
    step = first.headers["Location"]
    token = csrf(client, step)
    second = client.post(step, data={"code": code(offset_steps), "csrf_token": token})
    assert second.status_code == 302, second.get_data(as_text=True)
    assert "/tvastegsverifiering" not in second.headers["Location"]
    return second
