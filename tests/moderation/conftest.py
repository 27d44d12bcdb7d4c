"""Fixtures shared by the desk's tests: "the approval queue of three" and its moderator.

A module whose tests need another world (desk_world, a held or reported order...) defines its
own `world`, which takes the place of this one there; `moderator` then signs in over it."""

import pytest

from tests.moderation.helpers import approval_queue_of_three
from tests.officials import sign_in_official


@pytest.fixture
def world(app_context):
    """Three comments awaiting approval in Lund, oldest first: pending, second, third (and the
    rest of desk_world: a Lund and a Lomma moderator, a held and a reported comment)."""
    return approval_queue_of_three()


@pytest.fixture
def moderator(client, world):
    """The Lund moderator, signed in (two steps) on `client`."""
    sign_in_official(client, "mod@lund.se")
    return client
