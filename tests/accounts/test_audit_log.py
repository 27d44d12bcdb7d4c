"""The audit log: append-only in the database, scoped per municipality, filtered, exported."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from dialog.accounts.models import User
from dialog.accounts.roles import Role
from dialog.core import audit
from dialog.core.audit import AuditEntry, neutralise
from dialog.db import utcnow
from dialog.extensions import db
from tests.factories import KEEPS_ENGLISH, form_starting, make_user
from tests.officials import make_official, municipality, sign_in_official


@pytest.fixture
def places(app_context):
    return municipality("lund", "Lunds kommun"), municipality("lomma", "Lomma kommun")


def add(action, municipality_id=None, **values) -> AuditEntry:
    entry = audit.record(action, municipality_id=municipality_id, **values)
    db.session.commit()
    return entry


def test_entries_cannot_be_changed_or_removed(app_context, places):
    entry = add("test.thing", places[0].id, after={"x": 1})
    for statement in (
        update(AuditEntry).values(reason="rewritten"),
        delete(AuditEntry),
        text("UPDATE audit_entries SET action = 'other'"),
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(statement)
        db.session.rollback()
    assert db.session.scalar(select(AuditEntry.action).filter_by(id=entry.id)) == "test.thing"


def test_truncate_is_refused_on_postgresql(app_context, places):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    add("test.thing")
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("TRUNCATE audit_entries"))
    db.session.rollback()


def test_an_entry_is_stored_only_with_its_change(app_context, places):
    user = make_user()
    user.is_blocked = True
    audit.record("account.block", target=user, after={"is_blocked": True})
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry)) is None
    assert not db.session.get(User, user.id).is_blocked


def test_a_lund_admin_sees_only_lund_and_a_platform_admin_everything(client, app, places):
    lund, lomma = places
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    make_official("root@dialog.se", platform_admin=True)
    add("lund.thing", lund.id)
    add("lomma.thing", lomma.id)
    add("platform.thing")
    sign_in_official(client, "admin@lund.se")
    page = client.get("/hantera/lund/logg").get_data(as_text=True)
    assert "lund.thing" in page and "lomma.thing" not in page and "platform.thing" not in page
    assert 'name="q" maxlength="200" value=""' in page  # the header's search box stays empty
    assert client.get("/hantera/lomma/logg").status_code == 403
    assert client.get("/hantera/logg").status_code == 403
    root = app.test_client()
    sign_in_official(root, "root@dialog.se")
    everything = root.get("/hantera/logg").get_data(as_text=True)
    assert all(a in everything for a in ("lund.thing", "lomma.thing", "platform.thing"))
    assert "lomma.thing" in root.get("/hantera/lomma/logg").get_data(as_text=True)


def test_filters_and_pages(client, app, places, monkeypatch):
    lund = places[0]
    admin = make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva")
    other = make_user("other@lund.se", "Other")
    monkeypatch.setitem(app.config, "AUDIT_PER_PAGE", 2)
    add("membership.grant", lund.id, actor=other, target_type="memberships", target_id=7)
    for n in range(3):
        add("invitation.create", lund.id, actor=admin, target_type="invitations", target_id=n + 1)
    sign_in_official(client, "admin@lund.se")

    def rows(query):
        page = client.get("/hantera/lund/logg" + query).get_data(as_text=True)
        return max(page.count("<tr>") - 1, 0)

    assert rows("") == 2
    assert "Sida 1 av 2" in client.get("/hantera/lund/logg").get_data(as_text=True)
    assert rows("?page=2") == 2
    assert rows("?action=membership.grant") == 1
    assert rows(f"?actor={other.id}") == 1
    assert rows("?target_type=invitations&target_id=2") == 1
    today = utcnow().date()
    assert rows(f"?since={today.isoformat()}&until={today.isoformat()}&page=2") == 2
    assert rows(f"?until={(today - timedelta(days=1)).isoformat()}") == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "sv",
            [
                "Mål ändrat",
                "Moderering: inställningar sparade",
                "Kommentar publicerad",
                "Mål #4",
                "Kommentar #9",
                "Rubrik",
                "Hålls kvar för",
            ],
        ),
        (
            "en",
            [
                "Goal changed",
                "Moderation: settings saved",
                "Comment published",
                "Goal #4",
                "Comment #9",
                "Title",
                "Held for",
            ],
        ),
    ],
)
def test_the_log_says_actions_targets_and_fields_in_words(client, places, lang, words):
    """A Swedish official could not read "catalogue.goal.update" or "held_for"; the codes
    stay only as the filters' values, so that links and exports are unchanged."""
    lund = places[0]
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    add("catalogue.goal.update", lund.id, target_type="goals", target_id=4, after={"title": "Ny"})
    add("moderation.settings", lund.id, target_type="municipalities", target_id=lund.id)
    add(
        "moderation.publish",
        lund.id,
        target_type="comments",
        target_id=9,
        before={"held_for": "words"},
    )
    sign_in_official(client, "admin@lund.se")
    page = client.get(f"/hantera/lund/logg?lang={lang}").get_data(as_text=True)
    table = page.split('class="audit-table"', 1)[1]
    for said in words:
        assert said in table, said
    for code in ("catalogue.goal.update", "moderation.settings", "moderation.publish"):
        assert code not in table and f">{code}<" not in page, code
        assert f'<option value="{code}">' in page, code  # the filter's value stays the code
    for code in ("goals", "comments", "municipalities", "title", "held_for"):
        assert f">{code}<" not in page, code
    assert '<code lang="en">' not in table and '<span lang="en">' not in table
    chosen = client.get(f"/hantera/lund/logg?lang={lang}&action=moderation.publish")
    assert chosen.get_data(as_text=True).count("<tr>") == 2  # the head and the one entry
    assert f'<option selected value="moderation.publish">{words[2]}</option>' in (
        chosen.get_data(as_text=True)
    )


def test_a_code_without_words_shows_as_itself_marked_as_english(client, places):
    """An entry from older (or newer) code still shows; a screen reader reads it in English."""
    lund = places[0]
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    add("gadget.polish", lund.id, target_type="gadgets", target_id=3, after={"shine": "high"})
    sign_in_official(client, "admin@lund.se")
    page = client.get("/hantera/lund/logg").get_data(as_text=True)
    assert '<code lang="en">gadget.polish</code>' in page
    assert '<span lang="en">gadgets</span> #3' in page
    assert '<dt><span lang="en">shine</span></dt>' in page
    assert '<option lang="en" value="gadget.polish">gadget.polish</option>' in page
    assert '<option lang="en" value="gadgets">gadgets</option>' in page


@pytest.mark.parametrize(
    "query",
    ["?since=igår", "?target_id=abc", "?action=no.such", "?since=2026-11-30&until=2026-11-01"],
)
def test_bad_filters_are_field_errors(client, places, query):
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    sign_in_official(client, "admin@lund.se")
    response = client.get("/hantera/lund/logg" + query)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert client.get("/hantera/lund/logg?page=x").status_code == 400


def test_the_filter_form_keeps_an_explicit_language(client, places):
    """A GET form sends only its fields: filtering the log reached by ?lang=en answered in
    Swedish."""
    make_official("admin@lund.se", [("lund", Role.ADMIN)], platform_admin=True)
    sign_in_official(client, "admin@lund.se")
    for url in ("/hantera/lund/logg", "/hantera/logg"):
        english = client.get(f"{url}?lang=en").get_data(as_text=True)
        assert KEEPS_ENGLISH in form_starting(english, '<form method="get"'), url
        swedish = client.get(url).get_data(as_text=True)
        assert 'name="lang"' not in form_starting(swedish, '<form method="get"'), url


def test_csv_export_is_neutralised_has_a_bom_and_is_audited(client, places):
    lund = places[0]
    admin = make_official("admin@lund.se", [("lund", Role.ADMIN)], name="=Alva")
    add("account.block", lund.id, actor=admin, reason="@SUM(1+1)", after={"name": "Åsa"})
    add("lomma.thing", places[1].id)
    sign_in_official(client, "admin@lund.se")
    response = client.get("/hantera/lund/logg.csv?action=account.block")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["actor"] == "'=Alva" and rows[0]["reason"] == "'@SUM(1+1)"
    assert rows[0]["municipality"] == "Lunds kommun" and "Åsa" in rows[0]["after"]
    export = db.session.scalar(select(AuditEntry).filter_by(action="audit.export"))
    assert export.actor_id == admin.id and export.municipality_id == lund.id
    assert export.after == {"action": "account.block"}
    everything = client.get("/hantera/lund/logg.csv").data.decode("utf-8-sig")
    assert "lomma.thing" not in everything and "audit.export" in everything


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46", "'+46"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        (None, ""),
        (5, "5"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_block_and_unblock_from_the_command_line_are_audited(runner, app_context):
    user = make_user()
    runner.invoke(args=["dialog", "block-account", "anna@example.se", "--reason", "Spam"])
    runner.invoke(args=["dialog", "unblock-account", "anna@example.se"])
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["account.block", "account.unblock"]
    assert entries[0].target_id == user.id and entries[0].reason == "Spam"
    assert entries[0].before == {"is_blocked": False, "blocked_reason": None}
    assert entries[0].after == {"is_blocked": True, "blocked_reason": "Spam"}
    assert entries[1].after["is_blocked"] is False
    assert entries[0].actor_id is None and entries[0].client_address is None


def test_create_admin_makes_a_verified_account_from_stdin(runner, app_context):
    result = runner.invoke(
        args=["dialog", "create-admin", "Root@Dialog.se", "--password-stdin"],
        input="ett långt lösenord\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="root@dialog.se"))
    assert user.is_platform_admin and user.is_verified and user.display_name == "root"
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "platform_admin.grant" and entry.target_id == user.id
    assert entry.after == {"is_platform_admin": True, "account_created": True}
    again = runner.invoke(args=["dialog", "create-admin", "root@dialog.se"])
    assert "already" in again.output
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.id != entry.id)) is None


def test_create_admin_promotes_an_existing_account_without_a_password(runner, app_context):
    user = make_user()
    result = runner.invoke(args=["dialog", "create-admin", "anna@example.se"])
    assert result.exit_code == 0 and "Promoted" in result.output
    db.session.refresh(user)
    assert user.is_platform_admin


def test_create_admin_refuses_a_short_password_or_a_bad_address(runner, app_context):
    short = runner.invoke(
        args=["dialog", "create-admin", "root@dialog.se", "--password-stdin"], input="kort\n"
    )
    assert short.exit_code == 1
    bad = runner.invoke(args=["dialog", "create-admin", "nobody", "--password-stdin"], input="x\n")
    assert bad.exit_code == 1
    assert db.session.scalar(select(User)) is None and db.session.scalar(select(AuditEntry)) is None


def test_create_admin_prompts_for_the_password(runner, app_context):
    result = runner.invoke(
        args=["dialog", "create-admin", "root@dialog.se"],
        input="ett långt lösenord\nett långt lösenord\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).is_platform_admin


def test_reset_second_factor(runner, app_context, places):
    user = make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    from dialog.accounts import sessions

    sessions.start(user, "Firefox on Linux")
    db.session.commit()
    result = runner.invoke(
        args=["dialog", "reset-second-factor", "mod@lund.se", "--reason", "Lost phone"]
    )
    assert result.exit_code == 0
    assert db.session.execute(text("SELECT count(*) FROM user_sessions")).scalar() == 0
    assert db.session.execute(text("SELECT count(*) FROM second_factors")).scalar() == 0
    assert db.session.scalar(select(AuditEntry.action)) == "second_factor.reset"


#: Entries as the code records them, with values that are codes, times, yes/no and nothing.
VALUED = [
    (
        "membership.grant",
        {"role": "communicator", "granted_at": "2026-12-06T20:15:00+00:00", "granted_by_id": None},
        None,
    ),
    ("access.denied", {"required": "admin,moderator"}, "no_role"),
    ("moderation.settings", {"policy": "pre"}, None),
    ("moderation.reject", {"status": "rejected", "held_for": "word_list"}, "personal_attack"),
    ("exports.display_names", {"export_display_names": True, "is_archived": False}, None),
    ("catalogue.window.open", {"opens_on": "2026-12-01", "ladder_step": "consultation"}, None),
    ("moderation.block", {"until": "permanent", "kind": "board"}, None),
]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "sv",
            [
                "Kommunikatör",
                "6 december 2026 kl. 21.15",  # 20.15 UTC is 21.15 in Stockholm
                "(tomt)",
                "Administratör, Moderator",
                "Ingen roll som tillåter det",
                "Först när en moderator har godkänt dem (förhandsmoderering)",
                "Avvisad",
                "Stoppade av ordlistan",
                "Personangrepp eller trakasserier",
                "<dd>Ja</dd>",
                "<dd>Nej</dd>",
                "1 december 2026",
                "För alltid",
                "Styrelse",
            ],
        ),
        (
            "en",
            [
                "Communicator",
                "6 December 2026, 21:15",
                "(empty)",
                "Administrator, Moderator",
                "No role that allows it",
                "Only after a moderator has approved them (pre-moderation)",
                "Rejected",
                "Held by the word list",
                "Personal attack or harassment",
                "<dd>Yes</dd>",
                "<dd>No</dd>",
                "1 December 2026",
                "Permanently",
                "Executive board",
            ],
        ),
    ],
)
def test_the_log_says_values_in_words(client, places, lang, words):
    """An administrator reading the log in Swedish saw "communicator", "pre", "True", "None"
    and "2026-12-06T20:15:00+00:00"; the CSV export keeps them as they are."""
    lund = places[0]
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    for action, after, reason in VALUED:
        add(action, lund.id, target_type="comments", target_id=1, after=after, reason=reason)
    sign_in_official(client, "admin@lund.se")
    page = client.get(f"/hantera/lund/logg?lang={lang}").get_data(as_text=True)
    table = page.split('class="audit-table"', 1)[1]
    for said in words:
        assert said in table, said
    raw = ["communicator", "2026-12-06T20:15:00", "admin,moderator", "no_role", "pre", "rejected"]
    raw += ["word_list", "personal_attack", "True", "False", "None", "2026-12-01", "permanent"]
    raw += ["consultation", "board"]
    for code in raw:
        assert f">{code}<" not in table, code
    assert "2026-12-06T20:15:00" not in table.replace('datetime="', "")  # only the entry's time
    assert 'lang="en"' not in table
    exported = client.get("/hantera/lund/logg.csv").data.decode("utf-8-sig")
    rows = {row["action"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert '"role": "communicator"' in rows["membership.grant"]["after"]
    assert '"granted_at": "2026-12-06T20:15:00+00:00"' in rows["membership.grant"]["after"]
    assert '"granted_by_id": null' in rows["membership.grant"]["after"]
    assert '"export_display_names": true' in rows["exports.display_names"]["after"]
    assert rows["moderation.reject"]["reason"] == "personal_attack"
    assert rows["access.denied"]["reason"] == "no_role"


def test_an_officials_own_reason_and_unknown_values_stay_as_they_are(client, places):
    """Words an official wrote are theirs (not marked as English); a code without words is."""
    lund = places[0]
    make_official("admin@lund.se", [("lund", Role.ADMIN)])
    add("moderation.block", lund.id, reason="Skrev hot", after={"role": "janitor", "body": "Hej"})
    sign_in_official(client, "admin@lund.se")
    table = client.get("/hantera/lund/logg").get_data(as_text=True).split("audit-table", 1)[1]
    assert "<td>Skrev hot</td>" in table
    assert '<dd lang="en">janitor</dd>' in table and "<dd>Hej</dd>" in table
