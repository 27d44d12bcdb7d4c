"""The kind columns name every value their code writes, and nothing else."""

from pathlib import Path

from dialog.catalogue.kinds import GoalKind, GroupKind, PlanKind
from dialog.core.outbox import MailKind
from dialog.moderation.queries import Queue
from dialog.participation.models import HoldReason

MAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"


def test_every_mail_template_has_a_mail_kind_and_back():
    # A name starting with "_" is a part the mails include (the signature), not a mail.
    templates = {path.stem for path in MAIL_TEMPLATES.glob("*.txt") if path.stem[0] != "_"}
    assert templates == {kind.value for kind in MailKind}


def test_each_hold_reason_has_its_own_moderation_queue():
    assert {reason.value for reason in HoldReason} <= {queue.value for queue in Queue}


def test_every_catalogue_kind_fits_the_search_subkind_column():
    """SearchEntry.subkind (VARCHAR(20)) stores any of the three enums. values."""
    values = [kind.value for enum in (PlanKind, GroupKind, GoalKind) for kind in enum]
    assert all(len(value) <= 20 for value in values)
