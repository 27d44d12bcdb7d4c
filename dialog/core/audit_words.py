"""The audit log in words: what each action, kind of target, changed field, value and reason
is called, in the reader's language.

Entries keep the program's codes ("catalogue.goal.update", "goals", "held_for", "moderator",
"2026-12-06T20:15:00+00:00"): filters, links and the CSV export use them. Pages show these
words instead, and the raw code, marked as English, for anything not named here, so that an
entry from older code still shows. Values take the words the site already uses for them (a
role as the officials' page names it, a status as the moderation desk does), from the modules
that define them. tests/core/test_audit_words.py reads every `audit.record` call and fails on
an action, kind of target or field without words, and on an enumerated value without words.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from dialog.accounts.models import AgeBand
from dialog.accounts.roles import ROLE_LABELS
from dialog.catalogue.kinds import (
    COMMITTEE_KIND_LABELS,
    DIALOGUE_LEVEL_LABELS,
    GOAL_KIND_LABELS,
    GROUP_KIND_LABELS,
    PLAN_KIND_LABELS,
    PLAN_STATUS_LABELS,
)
from dialog.catalogue.models import LADDER_LABELS
from dialog.core import dates
from dialog.moderation.blocks import PERIODS
from dialog.moderation.forms import POLICIES
from dialog.moderation.queries import QUEUE_LABELS, Queue
from dialog.participation.models import (
    CHANNEL_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    HoldReason,
    ReportReason,
)
from dialog.responses.models import DEFAULT_LABELS

ACTIONS: dict[str, LazyString] = {
    "access.denied": _l("Access refused"),
    "account.block": _l("Account blocked"),
    "account.unblock": _l("Account unblocked"),
    "audit.export": _l("Audit log downloaded"),
    "catalogue.import": _l("Content imported from a file"),
    "catalogue.goal.create": _l("Goal added"),
    "catalogue.goal.update": _l("Goal changed"),
    "catalogue.goal.archive": _l("Goal archived"),
    "catalogue.goal.restore": _l("Goal restored"),
    "catalogue.goal.move": _l("Goal moved"),
    "catalogue.focus_area.create": _l("Focus area added"),
    "catalogue.focus_area.update": _l("Focus area changed"),
    "catalogue.focus_area.archive": _l("Focus area archived"),
    "catalogue.focus_area.restore": _l("Focus area restored"),
    "catalogue.focus_area.move": _l("Focus area moved"),
    "catalogue.plan.create": _l("Plan added"),
    "catalogue.plan.update": _l("Plan changed"),
    "catalogue.plan.move": _l("Plan moved"),
    "catalogue.committee.create": _l("Committee added"),
    "catalogue.committee.update": _l("Committee changed"),
    "catalogue.committee.archive": _l("Committee archived"),
    "catalogue.committee.restore": _l("Committee restored"),
    "catalogue.committee.move": _l("Committee moved"),
    "catalogue.municipality.create": _l("Municipality added"),
    "catalogue.municipality.archive": _l("Municipality archived"),
    "catalogue.municipality.restore": _l("Municipality restored"),
    "catalogue.municipality.move": _l("Municipality moved"),
    "catalogue.settings.update": _l("Municipality's settings changed"),
    "catalogue.window.open": _l("Dialogue window opened"),
    "catalogue.window.update": _l("Dialogue window changed"),
    "comment.publish": _l("Comment from another channel published"),
    "comment.unpublish": _l("Comment from another channel unpublished"),
    "comment.official_reply": _l("Official reply written"),
    "comments.import": _l("Comments from another channel imported"),
    "export.comments": _l("Comments downloaded"),
    "export.ratings": _l("Ratings downloaded"),
    "export.report": _l("Report downloaded"),
    "export.disclosure": _l("Public records downloaded for disclosure"),
    "exports.display_names": _l("Exports: display names setting changed"),
    "feedback.publish": _l("“What we heard” page published"),
    "feedback.take_down": _l("“What we heard” page taken down"),
    "goal_status.update": _l("Goal's status updated"),
    "goal_status_option.add": _l("Status added to the list"),
    "goal_status_option.edit": _l("Status in the list changed"),
    "invitation.create": _l("Invitation sent"),
    "invitation.withdraw": _l("Invitation withdrawn"),
    "invitation.accept": _l("Invitation accepted"),
    "response.edit": _l("Response to a goal changed"),
    "response.publish": _l("Response to a goal published"),
    "membership.grant": _l("Role given"),
    "membership.revoke": _l("Role taken away"),
    "platform_admin.grant": _l("Made platform administrator"),
    "second_factor.enrol": _l("Second step of signing in set up"),
    "second_factor.recovery_code_used": _l("Recovery code used"),
    "second_factor.reset": _l("Second step of signing in reset"),
    "moderation.publish": _l("Comment published"),
    "moderation.reject": _l("Comment rejected"),
    "moderation.hide": _l("Comment hidden"),
    "moderation.restore": _l("Comment restored"),
    "moderation.dismiss": _l("Reports on a comment dismissed"),
    "moderation.highlight": _l("Comment highlighted"),
    "moderation.unhighlight": _l("Comment no longer highlighted"),
    "moderation.note": _l("Internal note added"),
    "moderation.settings": _l("Moderation: settings saved"),
    "moderation.retention": _l("Moderation: old comments deleted"),
    "moderation.block": _l("Resident blocked"),
    "moderation.unblock": _l("Resident's block lifted"),
    "opinion_groups.compute": _l("Opinion groups computed"),
    "themes.compute": _l("Themes computed"),
    "themes.rename": _l("Theme renamed"),
    "themes.merge": _l("Themes merged"),
    "themes.tag": _l("Tag put on a comment"),
    "themes.untag": _l("Tag taken off a comment"),
}

#: Kinds of target: the table names that `audit.record` takes from its target.
TARGETS: dict[str, LazyString] = {
    "catalogue_uploads": _l("Uploaded file"),
    "comments": _l("Comment"),
    "committees": _l("Committee"),
    "dialogue_windows": _l("Dialogue window"),
    "focus_areas": _l("Focus area"),
    "goal_status_options": _l("Status in the list"),
    "goals": _l("Goal"),
    "invitations": _l("Invitation"),
    "memberships": _l("Role"),
    "municipalities": _l("Municipality"),
    "official_responses": _l("Response to a goal"),
    "plans": _l("Plan"),
    "theme_runs": _l("Theme computation"),
    "themes": _l("Theme"),
    "users": _l("Account"),
}

#: Names in an entry's before and after.
FIELDS: dict[str, LazyString] = {
    "accessibility_email": _l("Accessibility contact: e-mail"),
    "accessibility_phone": _l("Accessibility contact: phone"),
    "account_created": _l("Account created"),
    "action": _l("Action"),
    "actor_id": _l("Done by (number)"),
    "added": _l("Added"),
    "age_band": _l("Age band"),
    "block_id": _l("Block number"),
    "blocked_reason": _l("Reason for the block"),
    "body": _l("Text"),
    "brand_colour": _l("Colour"),
    "changes": _l("Changes"),
    "channel": _l("Channel"),
    "closes_on": _l("Closes"),
    "code": _l("Code"),
    "comment_max_length": _l("Longest comment"),
    "comments": _l("Comments"),
    "committees": _l("Committees"),
    "contact_address": _l("Contact: postal address"),
    "contact_email": _l("Contact: e-mail"),
    "contact_phone": _l("Contact: phone"),
    "controller_email": _l("Data controller: e-mail"),
    "controller_name": _l("Data controller: name"),
    "controller_phone": _l("Data controller: phone"),
    "custom_label": _l("Name given by an official"),
    "cutoff": _l("Deleted if older than"),
    "description": _l("Description"),
    "description_en": _l("Description in English"),
    "dialogue_level": _l("Dialogue on"),
    "display_names": _l("Display names"),
    "district_id": _l("District (number)"),
    "dpo_email": _l("Data protection officer: e-mail"),
    "dpo_name": _l("Data protection officer: name"),
    "dpo_phone": _l("Data protection officer: phone"),
    "email": _l("E-mail"),
    "endpoint": _l("Page (program name)"),
    "existing": _l("Already there"),
    "expires_at": _l("Valid until"),
    "export_display_names": _l("Display names in exports"),
    "file": _l("File"),
    "focus_area_id": _l("Focus area (number)"),
    "format": _l("File format"),
    "full_name": _l("Full name"),
    "goal_id": _l("Goal (number)"),
    "granted_at": _l("Given"),
    "granted_by_id": _l("Given by (number)"),
    "happened_on": _l("Date"),
    "held_for": _l("Held for"),
    "influence": _l("Influence"),
    "influence_en": _l("Influence in English"),
    "intro": _l("Introduction"),
    "intro_en": _l("Introduction in English"),
    "invitation_id": _l("Invitation (number)"),
    "is_archived": _l("Archived"),
    "is_blocked": _l("Blocked"),
    "is_highlighted": _l("Highlighted"),
    "is_platform_admin": _l("Platform administrator"),
    "kind": _l("Kind"),
    "label": _l("Name"),
    "ladder_step": _l("Step of participation"),
    "language": _l("Language"),
    "lifted_at": _l("Lifted"),
    "logo_alt": _l("Logo: text alternative"),
    "logo_file": _l("Logo: file"),
    "mail_sender_address": _l("Mail sender: address"),
    "mail_sender_name": _l("Mail sender: name"),
    "merged_into_id": _l("Merged into theme (number)"),
    "message": _l("Message to the author"),
    "method": _l("Request method"),
    "municipality_id": _l("Municipality (number)"),
    "name": _l("Name"),
    "note": _l("Note"),
    "note_id": _l("Note (number)"),
    "opens_on": _l("Opens"),
    "option_id": _l("Status (number)"),
    "parent_id": _l("Replies to comment (number)"),
    "path": _l("Address on the site"),
    "period": _l("Period"),
    "policy": _l("Moderation"),
    "position": _l("Place in the list"),
    "progress": _l("Progress"),
    "published_at": _l("Published"),
    "quote_ids": _l("Quoted comments (numbers)"),
    "readers": _l("Who reads the comments"),
    "readers_en": _l("Who reads the comments, in English"),
    "ref": _l("Reference"),
    "required": _l("Roles needed"),
    "retention_days": _l("Comments kept (days)"),
    "revision": _l("Revision"),
    "role": _l("Role"),
    "separator": _l("Separator"),
    "sha256": _l("File checksum (SHA-256)"),
    "show_figures": _l("Shows figures"),
    "show_groups": _l("Shows opinion groups"),
    "show_matrix": _l("Shows the matrix"),
    "show_ratings": _l("Shows ratings"),
    "show_themes": _l("Shows themes"),
    "show_weeks": _l("Shows comments per week"),
    "since": _l("From"),
    "slug": _l("Web name"),
    "source": _l("Source"),
    "status": _l("Status"),
    "tag": _l("Tag"),
    "target_id": _l("Target number"),
    "target_type": _l("Kind of target"),
    "threads": _l("Threads"),
    "title": _l("Title"),
    "title_en": _l("Title in English"),
    "until": _l("Until"),
    "user_id": _l("Account (number)"),
    "version": _l("Version"),
    "vision": _l("Vision"),
    "vision_en": _l("Vision in English"),
    "website": _l("Website"),
    "with_goals": _l("With its goals (numbers)"),
    "word_list": _l("Word list"),
    "words": _l("Words in the list"),
}


def _by_code(*labels: Mapping[Any, LazyString]) -> dict[str, LazyString]:
    """Words by the code an entry keeps (an enum member's value)."""
    return {str(code): words for each in labels for code, words in each.items()}


#: Enumerated values by the field they are in: field -> code -> words. A field named alike in
#: several tables (a comment's, a plan's and a goal's "status") takes the words of each; their
#: codes differ (a test checks that no two say one code differently).
VALUES: dict[str, Mapping[str, LazyString | str]] = {
    "role": _by_code(ROLE_LABELS),
    "status": _by_code(STATUS_LABELS, PLAN_STATUS_LABELS, DEFAULT_LABELS),
    # A status in the list keeps the code of the default it started as ("in_progress").
    "code": _by_code(DEFAULT_LABELS),
    "kind": _by_code(GOAL_KIND_LABELS, GROUP_KIND_LABELS, COMMITTEE_KIND_LABELS, PLAN_KIND_LABELS),
    "channel": _by_code(CHANNEL_LABELS),
    "age_band": {band.value: band.label for band in AgeBand},  # "0–17", with an en dash
    "dialogue_level": _by_code(DIALOGUE_LEVEL_LABELS),
    "ladder_step": _by_code(LADDER_LABELS),
    # Why a pending comment waits: as the desk names the queue that holds it.
    "held_for": {reason.value: QUEUE_LABELS[Queue(reason.value)] for reason in HoldReason},
    "policy": POLICIES,
    "until": {"permanent": PERIODS["permanent"][1]},
    "language": {"sv": _l("Swedish"), "en": _l("English")},
    # An export of the audit log keeps the filters it was made with.
    "action": ACTIONS,
    "target_type": TARGETS,
}
#: Fields that hold several codes, separated by commas ("admin,moderator").
LISTS = {"required": "role"}

#: An entry's reason, when it is a code rather than an official's own words: a decision's
#: reason as the moderation desk names it, or why an attempt was refused.
REASONS: dict[str, LazyString] = {
    **{
        reason.value: _l("Other reason") if reason is ReportReason.OTHER else words
        for reason, words in REASON_LABELS.items()
    },
    # The guards' refusals (dialog/accounts/permissions.py): said to the one refused there,
    # "Sign in to continue."; the log says what was the matter.
    "sign_in": _l("Not signed in"),
    "no_role": _l("No role that allows it"),
    "last_admin": _l("The municipality's last administrator"),
    "other_municipality": _l("Belongs to another municipality"),
}

_SETTING = re.compile(r"([a-z_]+)=(\S+)")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


@dataclass(frozen=True)
class Said:
    """Words for a code, or the code itself (`is_code`), which the page marks as English."""

    text: str
    is_code: bool


def _say(words: dict[str, LazyString], code: str) -> Said:
    found = words.get(code)
    return Said(code, True) if found is None else Said(str(found), False)


def action(code: str) -> Said:
    return _say(ACTIONS, code)


def target(code: str) -> Said:
    return _say(TARGETS, code)


def field(code: str) -> Said:
    return _say(FIELDS, code)


def _looks_like_code(text: str) -> bool:
    """A program's name for something ("pending", "word_list"), not an official's words."""
    return text.isascii() and text.replace("_", "").isalpha() and text == text.lower()


def _as_text(text: str) -> Said:
    return Said(text, _looks_like_code(text))


def value(key: str, item: Any) -> Said:
    """A value of field `key` in words: an enumerated code as the site names it, a time in
    the site's format (Europe/Stockholm), yes or no, "(empty)"; anything else as itself."""
    if item is None or item == "":
        return Said(_("(empty)"), False)
    if isinstance(item, bool):
        return Said(_("Yes") if item else _("No"), False)
    if not isinstance(item, str):
        return Said(str(item), False)
    if key in LISTS:
        said = [value(LISTS[key], part.strip()) for part in item.split(",") if part.strip()]
        if any(part.is_code for part in said):
            return Said(item, True)  # the program's list, not half of it in words
        return Said(", ".join(part.text for part in said), False)
    found = VALUES.get(key, {}).get(item)
    if found is not None:
        return Said(str(found), False)
    if _DAY.fullmatch(item):
        return Said(dates.day(date.fromisoformat(item)), False)
    if _MOMENT.fullmatch(item):
        return Said(dates.moment(datetime.fromisoformat(item)), False)
    return _as_text(item)


def reason(code: str) -> Said:
    """An entry's reason: a known code in words, a setting it followed ("retention_days=30")
    as the field's words and value; an official's own words as they are."""
    found = REASONS.get(code)
    if found is not None:
        return Said(str(found), False)
    setting = _SETTING.fullmatch(code)
    if setting is not None and setting[1] in FIELDS:
        return Said(f"{field(setting[1]).text}: {value(setting[1], setting[2]).text}", False)
    return _as_text(code)
