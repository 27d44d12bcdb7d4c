"""Who may change the catalogue: the only place these rules are decided.

- "catalogue.administer": subject a municipality (or its id): its administrators and
  platform administrators edit its plans, goals, committees, windows and settings.
- "municipality.create": platform administrators only.
"""

from dialog.accounts.permissions import InMunicipality, administer_platform, hold_role
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.permissions import Actor, Refusal, rule


@rule("catalogue.administer")
def administer_catalogue(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return hold_role(actor, InMunicipality(municipality_id, frozenset({Role.ADMIN})))


@rule("municipality.create")
def create_municipality(actor: Actor, _subject: object = None) -> Refusal | None:
    return administer_platform(actor)
