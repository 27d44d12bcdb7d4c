"""Who may answer for a municipality on its goals: the only place these rules are decided.

Administrators and communicators of the goal's municipality (and platform administrators)
publish the response, set the status and reply to comments as the municipality: answering
residents is communication about content. Moderators are left out on purpose: they judge what
residents write and should not also speak for the municipality in the same threads.
Only administrators edit the municipality's list of statuses (a setting).

- "response.write": subject a Goal: publish or edit the response, set the status, reply
  officially, see the goal's page for officials; a FocusArea: reply officially to its comments.
- "response.list": subject a Municipality: the list of goals waiting for a response.
- "response.statuses": subject a Municipality: edit the list of statuses.
"""

from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.accounts.roles import Role
from dialog.catalogue.models import Goal, Municipality
from dialog.core.permissions import Actor, Refusal, rule

#: The roles that answer for the municipality (the guards of the officials' pages use them too).
RESPONDERS = frozenset({Role.ADMIN, Role.COMMUNICATOR})


def _municipality_id(subject: Municipality | int) -> int:
    return subject if isinstance(subject, int) else subject.id


@rule("response.write")
def write_response(actor: Actor, goal: Goal) -> Refusal | None:
    return hold_role(actor, InMunicipality(goal.plan.municipality_id, RESPONDERS))


@rule("response.list")
def list_waiting(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    return hold_role(actor, InMunicipality(_municipality_id(municipality), RESPONDERS))


@rule("response.statuses")
def edit_statuses(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    return hold_role(actor, InMunicipality(_municipality_id(municipality), frozenset({Role.ADMIN})))
