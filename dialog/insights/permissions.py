"""Who may read summaries and take exports; registered with the one rule book.

- "summaries.view": subject a municipality: any official role there.
- "exports.take": subject a municipality: communicators and administrators.
- "exports.disclose": subject a municipality: administrators (every record, hidden ones too).
- "opinion_groups.view": subject a municipality: any official role there.
- "opinion_groups.compute": subject a municipality: communicators and administrators.
"""

from typing import Any

from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.accounts.roles import Role
from dialog.core.permissions import Refusal, rule

VIEWERS = frozenset({Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR})
EXPORTERS = frozenset({Role.ADMIN, Role.COMMUNICATOR})
DISCLOSERS = frozenset({Role.ADMIN})


def _id(municipality: Any) -> int:
    return municipality if isinstance(municipality, int) else municipality.id


@rule("summaries.view")
def view_summaries(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), VIEWERS))


@rule("exports.take")
def take_exports(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), EXPORTERS))


@rule("exports.disclose")
def disclose(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), DISCLOSERS))


#: Opinion groups: any official reads them; communicators and administrators have them computed.
GROUP_COMPUTERS = frozenset({Role.ADMIN, Role.COMMUNICATOR})


@rule("opinion_groups.view")
def view_opinion_groups(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), VIEWERS))


@rule("opinion_groups.compute")
def compute_opinion_groups(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), GROUP_COMPUTERS))
