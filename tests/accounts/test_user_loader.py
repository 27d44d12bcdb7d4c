"""The user loader (dialog/accounts/sessions.py) reads account, device and roles in one
statement, on the goal page only the columns it shows: the objects must be the persistent ones
in the request's session, fresh on every request, and a column left unread on a goal page must
load the stored value when asked."""

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import inspect, select

from dialog.accounts import sessions
from dialog.accounts.models import User, UserSession
from dialog.accounts.roles import Membership, memberships_of
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation import with_account
from tests.factories import make_goal, make_user


@pytest.fixture
def device(app_context):
    """Anna signed in on one device, with two roles; her cookie's value."""
    goal = make_goal()
    anna = make_user(notify_reply=True)
    municipality_id = goal.plan.municipality_id
    for role in ("moderator", "admin"):
        db.session.add(Membership(user_id=anna.id, municipality_id=municipality_id, role=role))
    token = sessions.start(anna, "Firefox on Linux")
    db.session.commit()
    return goal, anna.id, f"{anna.id}:{token}"


@pytest.mark.parametrize("on_goal_page", [True, False])
def test_the_loaded_account_is_the_stored_one_in_the_session(app, device, on_goal_page):
    goal, anna_id, cookie = device
    url = f"/mal/{goal.id}" if on_goal_page else "/"
    with app.test_request_context(url):
        user = sessions.load(cookie)
        assert user is not None and inspect(user).persistent and not inspect(user).modified
        assert (user.id, user.display_name, user.is_verified) == (anna_id, "Anna", True)
        # Read only on other pages, or left out on the goal page: loaded when asked.
        assert user.email == "anna@example.se" and user.notify_reply is True
        assert user.rules_version and user.created_at is not None
        assert db.session.get(User, anna_id) is user
        device_row = user.sign_in
        assert device_row is not None and inspect(device_row).persistent
        assert device_row.label == "Firefox, Linux"
        assert db.session.get(UserSession, device_row.id) is device_row
        roles = memberships_of(user)
        assert sorted(m.role for m in roles) == ["admin", "moderator"]
        assert all(
            inspect(m).persistent and m.municipality.id == goal.plan.municipality_id for m in roles
        )
        assert (with_account.rows_for(anna_id, goal.id) is not None) is on_goal_page
        db.session.rollback()
    db.session.remove()


def test_each_request_reads_the_account_afresh(app, device):
    """A change made by another request shows on the next load, on the goal page too."""
    goal, anna_id, cookie = device
    with app.test_request_context(f"/mal/{goal.id}"):
        assert sessions.load(cookie).display_name == "Anna"
        db.session.remove()
    anna = db.session.get(User, anna_id)
    anna.display_name, anna.is_blocked = "Anna L", True
    db.session.execute(Membership.__table__.delete())
    db.session.commit()
    with app.test_request_context(f"/mal/{goal.id}"):
        user = sessions.load(cookie)
        assert (user.display_name, user.is_blocked) == ("Anna L", True)
        assert memberships_of(user) == []
        db.session.remove()


def test_a_change_to_the_loaded_account_is_written(app, device):
    """The objects are the session's own: a change to one is flushed like any loaded one."""
    _goal, anna_id, cookie = device
    with app.test_request_context("/konto"):
        user = sessions.load(cookie)
        user.language = "en"
        db.session.commit()
        db.session.remove()
    db.session.expire_all()
    assert db.session.scalar(select(User.language).where(User.id == anna_id)) == "en"


def test_an_unknown_or_expired_device_or_deleted_account_loads_nothing(app, device):
    goal, anna_id, cookie = device
    with app.test_request_context(f"/mal/{goal.id}"):
        assert sessions.load(f"{anna_id}:{'x' * 43}") is None
        assert sessions.load(f"{anna_id + 1}:{cookie.partition(':')[2]}") is None
        assert g.get("_dialog_ridden") is None
        db.session.remove()
    db.session.execute(
        UserSession.__table__.update().values(last_seen_at=utcnow() - timedelta(days=400))
    )
    db.session.commit()
    with app.test_request_context(f"/mal/{goal.id}"):
        assert sessions.load(cookie) is None
        db.session.remove()
