"""The role rules as a truth table: each actor, each action, in Lund and in Lomma."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from dialog.accounts.permissions import InMunicipality, audit_scope
from dialog.accounts.roles import Membership, Role, forget_memberships
from dialog.core.permissions import may
from dialog.extensions import db
from tests.factories import make_user
from tests.officials import make_official, municipality

A, M, C = Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR


@pytest.fixture
def people(app_context):
    lund, lomma = municipality("lund"), municipality("lomma")
    found = {
        "resident": make_user("resident@example.se", "Resident"),
        "lund admin": make_official("a@lund.se", [("lund", A)]),
        "lund moderator": make_official("m@lund.se", [("lund", M)]),
        "lomma admin": make_official("a@lomma.se", [("lomma", A)]),
        "both": make_official("b@both.se", [("lund", C), ("lomma", M)]),
        "platform": make_official("p@dialog.se", platform_admin=True),
    }
    return lund, lomma, found


def allowed(actor, action, subject=None) -> bool:
    forget_memberships()
    return may(actor, action, subject) is None


@pytest.mark.parametrize(
    ("who", "lund_officials", "lomma_officials", "enter", "platform"),
    [
        ("resident", False, False, False, False),
        ("lund admin", True, False, True, False),
        ("lund moderator", False, False, True, False),
        ("lomma admin", False, True, True, False),
        ("both", False, False, True, False),
        ("platform", True, True, True, True),
    ],
)
def test_truth_table(people, who, lund_officials, lomma_officials, enter, platform):
    lund, lomma, found = people
    actor = found[who]
    assert allowed(actor, "officials.manage", lund) is lund_officials
    assert allowed(actor, "officials.manage", lomma) is lomma_officials
    assert allowed(actor, "audit.view", lund) is lund_officials
    assert allowed(actor, "manage.enter") is enter
    assert allowed(actor, "platform.administer") is platform
    assert allowed(actor, "audit.view") is platform


def test_roles_are_per_municipality(people):
    lund, lomma, found = people
    both = found["both"]
    assert allowed(both, "role.hold", InMunicipality(lund.id, frozenset({C})))
    assert not allowed(both, "role.hold", InMunicipality(lund.id, frozenset({M})))
    assert allowed(both, "role.hold", InMunicipality(lomma.id, frozenset({M, A})))
    assert not allowed(both, "role.hold", InMunicipality(lomma.id, frozenset({C})))


def test_anonymous_visitors_are_asked_to_sign_in(people):
    from flask_login import AnonymousUserMixin

    refusal = may(AnonymousUserMixin(), "manage.enter")
    assert refusal is not None and refusal.code == "sign_in"


def test_audit_scope(people):
    lund, lomma, found = people
    assert audit_scope(found["platform"]) is None
    assert audit_scope(found["lund admin"]) == frozenset({lund.id})
    assert audit_scope(found["both"]) == frozenset()


def test_revoking_the_last_administrator_is_refused(people):
    lund, _lomma, found = people
    own = db.session.scalar(select(Membership).filter_by(user_id=found["lund admin"].id))
    refusal = may(found["platform"], "membership.revoke", own)
    assert refusal is not None and refusal.code == "last_admin"
    make_official("a2@lund.se", [("lund", A)])
    assert allowed(found["lund admin"], "membership.revoke", own)
    assert not allowed(found["lomma admin"], "membership.revoke", own)


def test_one_role_per_person_and_municipality_once(people):
    lund, _lomma, found = people
    db.session.add(
        Membership(user_id=found["lund admin"].id, municipality_id=lund.id, role="admin")
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # An unknown role is refused by the typed column before it reaches the database …
    db.session.add(Membership(user_id=found["resident"].id, municipality_id=lund.id, role="mayor"))
    with pytest.raises(StatementError, match="not among the defined enum values"):
        db.session.commit()
    db.session.rollback()
    # … and by the database's own check when written around the model.
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO memberships (user_id, municipality_id, role, granted_at)"
                " VALUES (:user, :municipality, 'mayor', CURRENT_TIMESTAMP)"
            ),
            {"user": found["resident"].id, "municipality": lund.id},
        )
    db.session.rollback()


def test_an_actor_that_cannot_say_it_is_signed_in_is_not(app_context):
    """A caller passing something other than a user (no `is_authenticated`) is anonymous."""
    stranger = object()
    for action in ("manage.enter", "platform.administer"):
        refusal = may(stranger, action)
        assert refusal is not None and refusal.code == "sign_in"
