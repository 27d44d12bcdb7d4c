"""Everything Dialog stores about a resident, to download (GDPR art. 15 and 20).

The account's own part is here; other areas add theirs through `hooks.add_personal_data`.
"""

from datetime import datetime
from typing import Any

from dialog.accounts.hooks import hooks
from dialog.accounts.models import User
from dialog.accounts.sessions import devices
from dialog.core.dates import iso_local


def _time(moment: datetime | None) -> str | None:
    """ISO 8601 with the Swedish offset, e.g. 2026-11-28T07:26:00+01:00."""
    return iso_local(moment)


def personal_data(user: User) -> dict[str, Any]:
    """Everything Dialog stores about a resident: the account's part, then each area's."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "created_at": _time(user.created_at),
            "email_verified_at": _time(user.email_verified_at),
            "last_sign_in_at": _time(user.last_sign_in_at),
            "dialogue_rules": {
                "version": user.rules_version,
                "accepted_at": _time(user.rules_accepted_at),
            },
            "privacy_notice": {
                "version": user.privacy_version,
                "accepted_at": _time(user.privacy_accepted_at),
            },
            "is_blocked": user.is_blocked,
            "blocked_reason": user.blocked_reason,
        },
        "profile": {
            "district": user.district.name if user.district else None,
            "age_band": user.age_band,
            "consent_at": _time(user.profile_consent_at),
        },
        "signed_in_devices": [
            {
                "device": d.label,
                "signed_in_at": _time(d.created_at),
                "last_used_at": _time(d.last_seen_at),
            }
            for d in devices(user)
        ],
        "notifications": {
            "reply": user.notify_reply,
            "response": user.notify_response,
            "decision": user.notify_decision,
            "offer_answered_at": _time(user.reply_mail_answered_at),
        },
        "my_page_last_visited_at": _time(user.my_page_seen_at),
    }
    for part in hooks().personal_data:
        data.update(part(user))
    return data
