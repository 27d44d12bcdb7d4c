"""The shape every area's rules share: registering a rule, asking it, enforcing the answer."""

import pytest

from dialog.core import permissions
from dialog.core.permissions import (
    NotAllowed,
    Refusal,
    allowed,
    enforce,
    first_refusal,
    may,
    registered_actions,
    rule,
)

NO = Refusal("no", "Not today.")
LATER = Refusal("later", "Come back later.")


@pytest.fixture
def action():
    """An action name of this test's own, removed from the registry afterwards."""
    name = "test.core_permissions"
    yield name
    permissions._RULES.pop(name, None)


def test_a_registered_rule_answers_may_and_allowed(action):
    def only_ada(actor, subject):
        return None if (actor, subject) == ("ada", "door") else NO

    assert rule(action)(only_ada) is only_ada
    assert action in registered_actions()
    assert registered_actions() == sorted(registered_actions())
    assert may("ada", action, "door") is None
    assert may("bo", action, "door") is NO
    assert may("ada", action, "window") is NO
    assert allowed("ada", action, "door") is True
    assert allowed("bo", action, "door") is False


def test_a_rule_is_defined_once_but_may_be_registered_again_by_the_same_function(action):
    def decide(actor, subject):
        return None

    rule(action)(decide)
    rule(action)(decide)  # a module imported twice registers the same function again
    with pytest.raises(
        RuntimeError, match=r"The rule for 'test.core_permissions' is defined twice"
    ):
        rule(action)(lambda actor, subject: None)
    assert may("anyone", action) is None


def test_asking_an_action_no_rule_decides_is_a_programming_error():
    with pytest.raises(LookupError, match="No rule decides 'test.unknown'"):
        may("ada", "test.unknown")


def test_enforce_raises_with_every_refusal_and_reads_as_their_reasons():
    enforce(None, None)
    enforce()
    with pytest.raises(NotAllowed) as refused:
        enforce(None, NO, None, LATER)
    assert refused.value.refusals == (NO, LATER)
    assert refused.value.first is NO
    assert str(refused.value) == "Not today.; Come back later."
    assert str(NO) == "Not today."


def test_first_refusal_stops_at_the_first_check_that_refuses():
    asked = []

    def check(answer):
        def run():
            asked.append(answer)
            return answer

        return run

    assert first_refusal([check(None), check(LATER), check(NO)]) is LATER
    assert asked == [None, LATER]
    assert first_refusal([check(None)]) is None
    assert first_refusal([]) is None
