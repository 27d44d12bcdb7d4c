"""Representative rows written at each revision, through that revision's own schema.

Each migration gets a seeder before another migration lands on top of it: a function that
inserts a few rows into what that migration created or changed (new tables, new columns), with
the values a real installation would hold. The upgrade test writes them revision by revision and
checks that every later migration keeps them. Seeders reflect the tables, never import models:
the models describe the newest schema, a seeder writes an older one.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, MetaData, Table

WHEN = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
STAMPS = {"created_at": WHEN, "updated_at": WHEN}


def _tables(connection: Connection) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(connection)
    return metadata.tables


def _insert(connection: Connection, table: Table, *rows: dict) -> None:
    connection.execute(table.insert(), list(rows))


def catalogue(connection: Connection) -> None:
    """1cafdc403b66: municipalities, committees, plans, focus areas, goals and assignments."""
    t = _tables(connection)
    _insert(
        connection,
        t["municipalities"],
        {"id": 1, "slug": "lund", "name": "Lunds kommun", "vision": "Ett Lund för alla", **STAMPS},
    )
    _insert(
        connection,
        t["committees"],
        {"id": 1, "municipality_id": 1, "name": "Kulturnämnden", "slug": "kultur", **STAMPS},
    )
    _insert(
        connection,
        t["plans"],
        {
            "id": 1,
            "municipality_id": 1,
            "slug": "mal-och-budget",
            "title": "Mål och budget 2027–2029",
            "status": "adopted",
            "period": "2027–2029",
            "intro": "Inledning",
            "source": "https://lund.se/mal.pdf",
            **STAMPS,
        },
    )
    _insert(
        connection,
        t["focus_areas"],
        {
            "id": 1,
            "plan_id": 1,
            "code": "A",
            "title": "Hållbar stad",
            "description": None,
            "position": 1,
            "is_archived": False,
            **STAMPS,
        },
    )
    goal = {"description": "Beskrivning", "is_archived": False, **STAMPS}
    _insert(
        connection,
        t["goals"],
        {
            "id": 1,
            "plan_id": 1,
            "focus_area_id": 1,
            "code": "A1",
            "title": "Minskade utsläpp",
            "kind": "goal",
            "position": 1,
            **goal,
        },
        {
            "id": 2,
            "plan_id": 1,
            "focus_area_id": None,
            "code": None,
            "title": "Utred bibliotek",
            "kind": "assignment",
            "position": 2,
            **goal,
        },
    )
    _insert(connection, t["goal_committees"], {"goal_id": 2, "committee_id": 1})


def participation(connection: Connection) -> None:
    """2d55ec69d6e7: residents, comments and replies, versions, reactions, reports, ratings."""
    t = _tables(connection)
    connection.execute(t["municipalities"].update().values(comment_max_length=1500))
    _insert(
        connection,
        t["districts"],
        {"id": 1, "municipality_id": 1, "name": "Centrum", "position": 1, "is_archived": False},
    )
    resident = {
        "password_hash": "scrypt:32768:8:1$salt$hash",
        "language": "sv",
        "email_verified_at": WHEN,
        "rules_version": "2026-11",
        "rules_accepted_at": WHEN,
        "privacy_version": "2026-11",
        "privacy_accepted_at": WHEN,
        "notify_reply": True,
        "notify_response": False,
        "notify_decision": True,
        "is_blocked": False,
        "blocked_reason": None,
        "last_sign_in_at": WHEN,
        "deleted_at": None,
        **STAMPS,
    }
    _insert(
        connection,
        t["users"],
        {
            "id": 1,
            "email": "anna@example.se",
            "display_name": "Anna",
            "session_token": "a" * 32,
            "district_id": 1,
            "age_band": "30-44",
            "profile_consent_at": WHEN,
            **resident,
        },
        {
            "id": 2,
            "email": None,
            "display_name": "Borttagen",
            "session_token": "b" * 32,
            "district_id": None,
            "age_band": None,
            "profile_consent_at": None,
            **resident | {"deleted_at": WHEN},
        },
    )
    comment = {
        "goal_id": 1,
        "category": None,
        "moderation_reason": None,
        "agree_count": 0,
        "disagree_count": 0,
        "reply_count": 0,
        "report_count": 0,
        "edited_at": None,
        "withdrawn_at": None,
        **STAMPS,
    }
    _insert(
        connection,
        t["comments"],
        comment
        | {
            "id": 1,
            "author_id": 1,
            "parent_id": None,
            "body": "Fler cykelbanor, tack.",
            "category": "suggestion",
            "status": "published",
            "submission_token": "t1",
            "agree_count": 1,
            "reply_count": 1,
            "report_count": 1,
            "edited_at": WHEN,
        },
        comment
        | {
            "id": 2,
            "author_id": 2,
            "parent_id": 1,
            "body": "Håller med.",
            "status": "pending",
            "submission_token": "t2",
            "moderation_reason": "Väntar på granskning",
        },
    )
    _insert(
        connection,
        t["comment_versions"],
        {
            "id": 1,
            "comment_id": 1,
            "body": "Fler cykelbanor.",
            "category": None,
            "written_at": WHEN,
            "replaced_at": WHEN,
        },
    )
    _insert(
        connection,
        t["dialogue_windows"],
        {
            "id": 1,
            "plan_id": 1,
            "goal_id": None,
            "opens_on": date(2026, 10, 1),
            "closes_on": date(2026, 12, 31),
            "ladder_step": "consultation",
            "influence": "Prioriteringarna",
            "readers": "Kommunstyrelsen",
        },
    )
    _insert(connection, t["goal_tallies"], {"goal_id": 1, "comment_count": 2})
    _insert(
        connection,
        t["ratings"],
        {"id": 1, "goal_id": 1, "user_id": 1, "question": "importance", "value": 5, **STAMPS},
        {"id": 2, "goal_id": 1, "user_id": 1, "question": "performance", "value": 0, **STAMPS},
    )
    _insert(
        connection,
        t["reactions"],
        {"id": 1, "comment_id": 1, "user_id": 2, "kind": "agree", **STAMPS},
    )
    _insert(
        connection,
        t["reports"],
        {
            "id": 1,
            "comment_id": 1,
            "user_id": 2,
            "reason": "off_topic",
            "details": "Inte om målet",
            "resolved_at": None,
            **STAMPS,
        },
    )


def outbox_messages(connection: Connection) -> None:
    """1abb42377617: one sent and one waiting message in the mail outbox."""
    t = _tables(connection)
    message = {
        "kind": "verify",
        "recipient": "anna@example.org",
        "subject": "Bekräfta din e-postadress",
        "body_text": "Öppna länken för att bekräfta.",
        "body_html": None,
        "headers": {"Reply-To": "dialog@lund.se"},
        "created_at": WHEN,
        "next_attempt_at": WHEN,
        "claimed_until": None,
        "last_error": None,
    }
    _insert(
        connection,
        t["outbox_messages"],
        {**message, "id": 1, "idempotency_key": "verify:1:a", "attempts": 1, "sent_at": WHEN},
        {**message, "id": 2, "idempotency_key": "verify:1:b", "attempts": 0, "sent_at": None},
    )


def detach_on_erasure(connection: Connection) -> None:
    """dc6ecc605387: answers, reactions and reports kept after their author's account was erased."""
    t = _tables(connection)
    _insert(
        connection,
        t["ratings"],
        {"id": 3, "goal_id": 1, "user_id": None, "question": "importance", "value": 3, **STAMPS},
    )
    _insert(
        connection,
        t["reactions"],
        {"id": 2, "comment_id": 1, "user_id": None, "kind": "disagree", **STAMPS},
    )
    _insert(
        connection,
        t["reports"],
        {
            "id": 2,
            "comment_id": 1,
            "user_id": None,
            "reason": "other",
            "details": None,
            "resolved_at": None,
            **STAMPS,
        },
    )


def residents_content(connection: Connection) -> None:
    """8f6c7da58b54: English texts, kinds, the municipality's own site and the search index."""
    t = _tables(connection)
    connection.execute(
        t["municipalities"]
        .update()
        .values(vision_en="A Lund for everyone", brand_colour="#005a9c", dpo_name="Dataskyddsombud")
    )
    connection.execute(t["plans"].update().values(title_en="Goals and budget 2027–2029"))
    connection.execute(t["committees"].update().values(full_name="Kulturnämnden i Lunds kommun"))
    _insert(connection, t["search_words"], {"word": "utsläpp", "stem": "utsläpp", "frequency": 1})
    _insert(
        connection,
        t["search_entries"],
        {
            "id": 1,
            "municipality_id": 1,
            "kind": "goal",
            "target_id": 1,
            "subkind": "goal",
            "title": "Minskade utsläpp",
            "body": "Beskrivning",
            "context": "Mål och budget 2027–2029",
            "plan_slug": "mal-och-budget",
            "document": "'utsläpp':1",
        },
    )


def device_sessions_and_links(connection: Connection) -> None:
    """fe929877e627: signed-in devices and one-time mail links (stored as hashes)."""
    t = _tables(connection)
    _insert(
        connection,
        t["user_sessions"],
        {
            "id": 1,
            "user_id": 1,
            "token_hash": "1" * 64,
            "label": "Firefox, Windows",
            "created_at": WHEN,
            "last_seen_at": WHEN,
        },
    )
    link = {"user_id": 1, "created_at": WHEN, "expires_at": WHEN, "used_at": None}
    _insert(
        connection,
        t["account_tokens"],
        link | {"id": 1, "purpose": "verify", "token_hash": "2" * 64, "email": "anna@example.se"},
        link
        | {
            "id": 2,
            "purpose": "undo",
            "token_hash": "3" * 64,
            "email": "anna.gammal@example.se",
            "used_at": WHEN,
        },
    )


def officials(connection: Connection) -> None:
    """330a6ef3c6e6: roles, a second factor, an invitation and an audit entry."""
    t = _tables(connection)
    connection.execute(
        t["users"].update().where(t["users"].c.id == 1).values(is_platform_admin=True)
    )
    _insert(
        connection,
        t["memberships"],
        {
            "id": 1,
            "user_id": 2,
            "municipality_id": 1,
            "role": "moderator",
            "granted_by_id": 1,
            "granted_at": WHEN,
        },
    )
    _insert(
        connection,
        t["second_factors"],
        {"id": 1, "user_id": 2, "secret": "JBSWY3DPEHPK3PXP", "confirmed_at": WHEN, "last_step": 1},
    )
    _insert(
        connection,
        t["recovery_codes"],
        {"id": 1, "user_id": 2, "code_hash": "0" * 64, "used_at": None},
    )
    _insert(
        connection,
        t["invitations"],
        {
            "id": 1,
            "municipality_id": 1,
            "role": "communicator",
            "email": "cilla@example.se",
            "token_hash": "1" * 64,
            "invited_by_id": 1,
            "created_at": WHEN,
            "expires_at": WHEN,
            "accepted_at": None,
            "accepted_by_id": None,
            "withdrawn_at": None,
        },
    )
    _insert(
        connection,
        t["audit_entries"],
        {
            "id": 1,
            "created_at": WHEN,
            "actor_id": 1,
            "action": "role.grant",
            "municipality_id": 1,
            "target_type": "user",
            "target_id": 2,
            "before": None,
            "after": {"role": "moderator"},
            "reason": None,
            "client_address": "127.0.0.1",
        },
    )


def responses(connection: Connection) -> None:
    """1b5b0a70d20b: a response with an earlier wording, statuses, an update, an official reply
    and a reminder."""
    t = _tables(connection)
    _insert(
        connection,
        t["official_responses"],
        {
            "id": 1,
            "goal_id": 1,
            "body": "Vi bygger två nya cykelbanor 2027.",
            "author_id": 1,
            "published_at": WHEN,
            "edited_at": WHEN,
            "revision": 2,
            **STAMPS,
        },
    )
    _insert(
        connection,
        t["official_response_versions"],
        {
            "id": 1,
            "response_id": 1,
            "body": "Vi bygger cykelbanor.",
            "author_id": 1,
            "written_at": WHEN,
            "replaced_at": WHEN,
        },
    )
    option = {"municipality_id": 1, "is_archived": False}
    _insert(
        connection,
        t["goal_status_options"],
        option | {"id": 1, "code": "in_progress", "label": None, "position": 0},
        option | {"id": 2, "code": None, "label": "Utreds vidare", "position": 5},
    )
    _insert(
        connection,
        t["goal_status_updates"],
        {
            "id": 1,
            "goal_id": 1,
            "option_id": 1,
            "progress": 40,
            "note": "Upphandlingen är klar.",
            "happened_on": date(2026, 9, 30),
            "author_id": 1,
            "created_at": WHEN,
        },
    )
    connection.execute(
        t["comments"].update().where(t["comments"].c.id == 2).values(is_official=True)
    )
    _insert(connection, t["response_reminders"], {"goal_id": 1, "sent_at": WHEN})


def catalogue_uploads(connection: Connection) -> None:
    """19210bd7cd7a: a goal document uploaded in the browser, previewed and then applied."""
    t = _tables(connection)
    _insert(
        connection,
        t["catalogue_uploads"],
        {
            "id": 1,
            "municipality_id": 1,
            "user_id": 1,
            "filename": "lund.yaml",
            "content": "municipality:\n  name: Lunds kommun\nplans: []\n",
            "sha256": "4" * 64,
            "created_at": WHEN,
            "applied_at": WHEN,
        },
    )


def moderation_desk(connection: Connection) -> None:
    """1a9e3a6e96f7: a decision, a note, a policy with its own words, a block, a subscription."""
    t = _tables(connection)
    connection.execute(
        t["comments"]
        .update()
        .where(t["comments"].c.id == 1)
        .values(version=3, is_highlighted=True, held_for=None)
    )
    connection.execute(
        t["comments"].update().where(t["comments"].c.id == 2).values(held_for="word_list")
    )
    _insert(
        connection,
        t["moderation_decisions"],
        {
            "id": 1,
            "comment_id": 1,
            "municipality_id": 1,
            "author_id": 1,
            "moderator_id": 2,
            "action": "hide",
            "reason": "off_topic",
            "message": "Skriv om målet.",
            "status_before": "published",
            "status_after": "hidden",
            "submitted_at": WHEN,
            "created_at": WHEN,
        },
    )
    _insert(
        connection,
        t["moderation_notes"],
        {
            "id": 1,
            "comment_id": 1,
            "author_id": 2,
            "body": "Samma som förra veckan.",
            "created_at": WHEN,
        },
    )
    _insert(
        connection,
        t["moderation_settings"],
        {
            "municipality_id": 1,
            "is_premoderated": True,
            "has_own_words": True,
            "retention_days": 730,
            "updated_at": WHEN,
        },
    )
    _insert(connection, t["moderation_words"], {"id": 1, "municipality_id": 1, "word": "idiot*"})
    _insert(
        connection,
        t["moderation_blocks"],
        {
            "id": 1,
            "user_id": 1,
            "municipality_id": 1,
            "blocked_by_id": 2,
            "justification": "Upprepade personangrepp.",
            "created_at": WHEN,
            "until": None,
            "lifted_at": None,
            "lifted_by_id": None,
        },
    )
    _insert(
        connection,
        t["moderation_subscriptions"],
        {"id": 1, "user_id": 2, "municipality_id": 1, "mode": "daily", "last_sent_at": WHEN},
    )


def summaries_exports(connection: Connection) -> None:
    """b7e1c2d3a4f5: display names in exports chosen, and a published "what we heard" page."""
    t = _tables(connection)
    connection.execute(t["municipalities"].update().values(export_display_names=True))
    _insert(
        connection,
        t["feedback_pages"],
        {
            "id": 1,
            "plan_id": 1,
            "intro": "Tack för alla synpunkter!",
            "show_figures": True,
            "show_ratings": True,
            "show_matrix": False,
            "show_weeks": False,
            "quote_ids": [1],
            "published_at": WHEN,
            "published_by_id": 1,
            **STAMPS,
        },
    )


def participants_and_visits(connection: Connection) -> None:
    """e178b71618b3: a participant counted on a goal, a My page visit and a reply-mail answer."""
    t = _tables(connection)
    taken = {tuple(row) for row in connection.execute(t["goal_participants"].select())}
    goals = connection.execute(t["goals"].select().with_only_columns(t["goals"].c.id)).scalars()
    users = connection.execute(t["users"].select().with_only_columns(t["users"].c.id)).scalars()
    users = list(users)
    pair = next((g, u) for g in goals for u in users if (g, u) not in taken)
    _insert(connection, t["goal_participants"], {"goal_id": pair[0], "user_id": pair[1]})
    connection.execute(
        t["users"]
        .update()
        .where(t["users"].c.id == users[0])
        .values(my_page_seen_at=WHEN, reply_mail_answered_at=WHEN)
    )


def dialogue_on_focus_areas(connection: Connection) -> None:
    """751c57c3b09e: a plan open on its focus areas; a comment with a reply and a reaction, and
    a rating, on a focus area."""
    t = _tables(connection)
    connection.execute(t["plans"].update().values(dialogue_level="both"))
    comment = {
        "goal_id": None,
        "focus_area_id": 1,
        "category": None,
        "status": "published",
        "moderation_reason": None,
        "agree_count": 0,
        "disagree_count": 0,
        "report_count": 0,
        "edited_at": None,
        "withdrawn_at": None,
        "is_official": False,
        **STAMPS,
    }
    _insert(
        connection,
        t["comments"],
        comment
        | {
            "id": 11,
            "author_id": 1,
            "parent_id": None,
            "body": "Fokusområdet borde gälla hela kommunen.",
            "submission_token": "fa11",
            "agree_count": 1,
            "reply_count": 1,
        },
        comment
        | {
            "id": 12,
            "author_id": 2,
            "parent_id": 11,
            "body": "Ja, även byarna.",
            "submission_token": "fa12",
            "reply_count": 0,
        },
    )
    _insert(connection, t["focus_area_tallies"], {"focus_area_id": 1, "comment_count": 1})
    _insert(
        connection,
        t["reactions"],
        {"id": 11, "comment_id": 11, "user_id": 2, "kind": "agree", **STAMPS},
    )
    _insert(
        connection,
        t["ratings"],
        {
            "id": 11,
            "goal_id": None,
            "focus_area_id": 1,
            "user_id": 2,
            "question": "importance",
            "value": 4,
            **STAMPS,
        },
    )


def summary_indexes(connection: Connection) -> None:
    """3c8e2f1a9d47 (indexes only): a second resident's ratings on goal 1, which the widened
    ratings index holds with their user."""
    t = _tables(connection)
    _insert(
        connection,
        t["ratings"],
        {"id": 21, "goal_id": 1, "user_id": 2, "question": "importance", "value": 2, **STAMPS},
        {"id": 22, "goal_id": 1, "user_id": 2, "question": "performance", "value": 4, **STAMPS},
    )


def focus_area_participants(connection: Connection) -> None:
    """11f104e43ea3: a second focus area, with a participant counted on it."""
    t = _tables(connection)
    _insert(
        connection,
        t["focus_areas"],
        {
            "id": 2,
            "plan_id": 1,
            "code": "B",
            "kind": "focus_area",
            "title": "Trygg kommun",
            "description": None,
            "position": 2,
            "is_archived": False,
            **STAMPS,
        },
    )
    _insert(connection, t["focus_area_participants"], {"focus_area_id": 2, "user_id": 1})
    _insert(
        connection,
        t["focus_area_tallies"],
        {"focus_area_id": 2, "comment_count": 0, "participant_count": 1},
    )


def committee_positions(connection: Connection) -> None:
    """5d2a7c9e1b04: a second committee, listed before the first by an administrator."""
    t = _tables(connection)
    connection.execute(t["committees"].update().values(position=1))
    _insert(
        connection,
        t["committees"],
        {
            "id": 2,
            "municipality_id": 1,
            "name": "Tekniska nämnden",
            "slug": "tekniska",
            "kind": "committee",
            "full_name": None,
            "is_archived": False,
            "position": 0,
            **STAMPS,
        },
    )


def themes(connection: Connection) -> None:
    """bd37b4ff6788: a computed theme run on goal 1 with one renamed theme, a tag on comment 1,
    and the plan's public page showing themes."""
    t = _tables(connection)
    _insert(
        connection,
        t["theme_runs"],
        {
            "id": 1,
            "municipality_id": 1,
            "goal_id": 1,
            "plan_id": None,
            "status": "done",
            "requested_at": WHEN,
            "requested_by_id": 1,
            "computed_at": WHEN,
            "comment_count": 12,
            "error": None,
        },
    )
    _insert(
        connection,
        t["themes"],
        {
            "id": 1,
            "run_id": 1,
            "label": "belysning, mörkt, parken",
            "custom_label": "Trygghet på kvällen",
            "merged_into_id": None,
            "previous_id": None,
            "size": 1,
            "quote_ids": [1],
        },
    )
    _insert(connection, t["theme_members"], {"run_id": 1, "comment_id": 1, "theme_id": 1})
    _insert(
        connection,
        t["tags"],
        {"id": 1, "municipality_id": 1, "name": "Belysning", "created_at": WHEN},
    )
    _insert(
        connection,
        t["comment_tags"],
        {"comment_id": 1, "tag_id": 1, "tagged_by_id": 1, "created_at": WHEN},
    )
    connection.execute(t["feedback_pages"].update().values(show_themes=True))


def comments_from_other_channels(connection: Connection) -> None:
    """2d1d31a83ce3: a paper form imported onto goal 1 and published, with its reference,
    received date, district and age band, and no author."""
    t = _tables(connection)
    _insert(
        connection,
        t["comments"],
        {
            "id": 20,
            "goal_id": 1,
            "focus_area_id": None,
            "author_id": None,
            "parent_id": None,
            "body": "Fler bänkar längs ån, skrev någon på blanketten.",
            "category": None,
            "status": "published",
            "moderation_reason": None,
            "submission_token": "a" * 64,
            "agree_count": 0,
            "disagree_count": 0,
            "reply_count": 0,
            "report_count": 0,
            "edited_at": None,
            "version": 1,
            "held_for": None,
            "is_highlighted": False,
            "withdrawn_at": None,
            "is_official": False,
            "channel": "paper",
            "source_ref": "P-0012",
            "received_on": date(2026, 9, 28),
            "district_id": 1,
            "age_band": "65-79",
            "published_at": WHEN,
            **STAMPS,
        },
    )


def opinion_groups(connection: Connection) -> None:
    """a4c9d2e7f013: a plan's groups not computed for too few residents; shown on its page."""
    t = _tables(connection)
    connection.execute(t["feedback_pages"].update().values(show_groups=True))
    _insert(
        connection,
        t["opinion_group_results"],
        {
            "id": 1,
            "plan_id": 1,
            "computed_at": WHEN,
            "outcome": "too_few",
            "residents": 3,
            "fingerprint": "9:2026-10-01T09:30:00+00:00",
            "result": {},
        },
    )


def cache_versions(connection: Connection) -> None:
    """c4a1e0f7b2d9: the public pages' content version, as the first write after it leaves it."""
    _insert(
        connection,
        _tables(connection)["cache_versions"],
        {"scope": "pages", "token": "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f", "changed_at": WHEN},
    )


def tally_slots(connection: Connection) -> None:
    """d01704bf3b12: goal 1's and focus area 1's counters in a second slot beside slot 0, one
    of them below zero (comments deleted were taken off a slot of their own)."""
    t = _tables(connection)
    _insert(connection, t["goal_tallies"], {"goal_id": 1, "slot": 7, "comment_count": 3})
    _insert(
        connection,
        t["focus_area_tallies"],
        {"focus_area_id": 1, "slot": 11, "comment_count": -1, "participant_count": 1},
    )


def theme_edge_comments(connection: Connection) -> None:
    """e3a9c5d1f7b2: theme 1 keeps comment 1 at its edge."""
    t = _tables(connection)
    connection.execute(t["themes"].update().where(t["themes"].c.id == 1).values(edge_ids=[1]))


def shown_comment_indexes(connection: Connection) -> None:
    """f5b2d8e4a1c7: a published comment on focus area 1, written on the site, that the new
    partial index holds, and a withdrawn one by the same resident that it leaves out."""
    t = _tables(connection)
    comment = {
        "goal_id": None,
        "focus_area_id": 1,
        "author_id": 2,
        "parent_id": None,
        "category": None,
        "moderation_reason": None,
        "agree_count": 0,
        "disagree_count": 0,
        "reply_count": 0,
        "report_count": 0,
        "edited_at": None,
        "version": 1,
        "held_for": None,
        "is_highlighted": False,
        "is_official": False,
        "channel": "web",
        "source_ref": None,
        "received_on": None,
        "district_id": None,
        "age_band": None,
        "published_at": None,
        **STAMPS,
    }
    _insert(
        connection,
        t["comments"],
        comment
        | {
            "id": 30,
            "body": "Fler träd på torget.",
            "status": "published",
            "submission_token": "b" * 64,
            "withdrawn_at": None,
        },
        comment
        | {
            "id": 31,
            "body": "Jag tar tillbaka det här.",
            "status": "withdrawn",
            "submission_token": "c" * 64,
            "withdrawn_at": WHEN,
        },
    )


def plan_participants(connection: Connection) -> None:
    """6c3e9a1f2b58: a mail still waiting in the outbox when a7d4c2e9f316 gives mail the name
    of its municipality as the sender's; it keeps none, and goes out under MAIL_SENDER's own."""
    t = _tables(connection)
    _insert(
        connection,
        t["outbox_messages"],
        {
            "id": 3,
            "idempotency_key": "reset_password:waiting",
            "kind": "reset_password",
            "recipient": "anna@example.org",
            "subject": "Välj ett nytt lösenord för Dialog",
            "body_text": "Följ länken för att välja ett nytt lösenord.",
            "body_html": None,
            "headers": {},
            "created_at": WHEN,
            "attempts": 0,
            "next_attempt_at": WHEN,
            "claimed_until": None,
            "sent_at": None,
            "last_error": None,
        },
    )


def outbox_sender_name(connection: Connection) -> None:
    """a7d4c2e9f316: a rating on the second focus area a day later than the others; the
    ratings' indexes by subject and time (d48b4bc21289) hold it."""
    t = _tables(connection)
    _insert(
        connection,
        t["ratings"],
        {
            "id": 31,
            "goal_id": None,
            "focus_area_id": 2,
            "user_id": 1,
            "question": "importance",
            "value": 3,
            "created_at": WHEN + timedelta(days=1),
            "updated_at": WHEN + timedelta(days=1),
        },
    )


def rating_first_day_indexes(connection: Connection) -> None:
    """d48b4bc21289: two comments from a paper form on goal 1, one an official published on the
    goal page and one not, which the readable-comment counts (9e4b7c2a5d13) count and leave
    out."""
    t = _tables(connection)
    comment = dict(
        connection.execute(t["comments"].select().where(t["comments"].c.id == 30)).mappings().one()
    )
    paper = comment | {
        "goal_id": 1,
        "focus_area_id": None,
        "author_id": None,
        "status": "published",
        "withdrawn_at": None,
        "channel": "paper",
        "received_on": WHEN.date(),
    }
    _insert(
        connection,
        t["comments"],
        paper
        | {
            "id": 32,
            "body": "Bättre belysning vid stationen.",
            "submission_token": "d" * 64,
            "source_ref": "P-1",
            "published_at": WHEN,
        },
        paper
        | {
            "id": 33,
            "body": "Fler bänkar i parken.",
            "submission_token": "e" * 64,
            "source_ref": "P-2",
            "published_at": None,
        },
    )


#: Revision id → its seeder. Every revision but the newest head must have one.
SEEDERS: dict[str, Callable[[Connection], None]] = {
    "1cafdc403b66": catalogue,
    "2d55ec69d6e7": participation,
    "1abb42377617": outbox_messages,
    "dc6ecc605387": detach_on_erasure,
    "8f6c7da58b54": residents_content,
    "330a6ef3c6e6": officials,
    "fe929877e627": device_sessions_and_links,
    "1b5b0a70d20b": responses,
    "19210bd7cd7a": catalogue_uploads,
    "1a9e3a6e96f7": moderation_desk,
    "b7e1c2d3a4f5": summaries_exports,
    "e178b71618b3": participants_and_visits,
    "751c57c3b09e": dialogue_on_focus_areas,
    "3c8e2f1a9d47": summary_indexes,
    "11f104e43ea3": focus_area_participants,
    "5d2a7c9e1b04": committee_positions,
    "2d1d31a83ce3": comments_from_other_channels,
    "a4c9d2e7f013": opinion_groups,
    "c4a1e0f7b2d9": cache_versions,
    "bd37b4ff6788": themes,
    "d01704bf3b12": tally_slots,
    "e3a9c5d1f7b2": theme_edge_comments,
    "f5b2d8e4a1c7": shown_comment_indexes,
    "6c3e9a1f2b58": plan_participants,
    "a7d4c2e9f316": outbox_sender_name,
    "d48b4bc21289": rating_first_day_indexes,
}

Rows = dict[str, dict[tuple, dict]]


def _without_session_token(rows: Rows) -> Rows:
    """fe929877e627 replaces users.session_token by user_sessions: everyone signs in again."""
    users = {
        key: {k: v for k, v in row.items() if k != "session_token"}
        for key, row in rows["users"].items()
    }
    return rows | {"users": users}


def _tallies_in_slot_0(rows: Rows) -> Rows:
    """d01704bf3b12 adds the slot to the tallies' primary key: every earlier row is slot 0."""
    return rows | {
        table: {(*key, 0): {**row, "slot": 0} for key, row in rows[table].items()}
        for table in ("goal_tallies", "focus_area_tallies")
    }


#: Revision id → what it does to earlier rows on purpose (a data migration), as a function from
#: the rows before it to the rows it should leave. Every other migration keeps rows as they were.
CHANGES: dict[str, Callable[[Rows], Rows]] = {
    "fe929877e627": _without_session_token,
    "d01704bf3b12": _tallies_in_slot_0,
}
