"""A retention period that deletes more is confirmed first, with what the next run removes."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation import policy
from dialog.moderation.models import Settings
from dialog.moderation.retention import apply_retention
from dialog.participation.services import post_comment
from tests.factories import csrf, make_goal, make_user
from tests.officials import make_official, sign_in_official

SETTINGS = "/hantera/lund/moderering/installningar"


@pytest.fixture
def lund(app_context, client):
    """Two threads of 400 days (one with two replies) and one of 100 days; an admin signed in."""
    goal = make_goal(slug="lund")
    make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva")
    author = make_user("author@example.se", "Author")
    for age, replies in ((400, 2), (400, 0), (100, 0)):
        top = post_comment(goal, author, f"Tråd {age}.", None, uuid.uuid4().hex).comment
        for n in range(replies):
            post_comment(goal, author, f"Svar {n}.", None, uuid.uuid4().hex, top)
        top.created_at = utcnow() - timedelta(days=age)
    db.session.commit()
    sign_in_official(client, "admin@lund.se")
    return goal.plan.municipality


def keep(municipality, days):
    policy.save_policy(
        municipality,
        make_official(f"admin{days}@lund.se", [("lund", Role.ADMIN)]),
        False,
        list(policy.default_words()),
        days,
    )
    db.session.commit()


def send(client, days, **extra):
    data = {"csrf_token": csrf(client, SETTINGS), "policy": "pre", "words": "bilar\nbåtar"}
    return client.post(SETTINGS, data=data | {"retention_days": str(days)} | extra)


def saved(municipality) -> Settings | None:
    """The stored row, read afresh (policy_of remembers what it read for the context)."""
    db.session.expire_all()
    return db.session.get(Settings, municipality.id)


def saved_days(municipality):
    row = saved(municipality)
    return row.retention_days if row else None


def settings_entries():
    return db.session.scalars(select(AuditEntry).filter_by(action="moderation.settings")).all()


def test_turning_retention_on_asks_first_with_the_jobs_count(client, lund):
    page = send(client, 365)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Radera kommentarer för gott?" in html
    assert "2 trådar" in html and "4 kommentarer totalt, svar inräknade" in html
    assert 'name="bekraftat" value="ja"' in html and 'name="tillbaka" value="ja"' in html
    assert saved_days(lund) is None and not settings_entries()
    assert [(d.threads, d.comments) for d in apply_retention(dry_run=True)] == []


def test_the_count_is_what_the_job_would_delete(client, lund):
    keep(lund, 365)
    html = send(client, 90).get_data(as_text=True)
    assert "3 trådar" in html and "5 kommentarer totalt" in html
    keep(lund, 90)
    [would] = apply_retention(dry_run=True)
    assert (would.threads, would.comments) == (3, 5)


def test_lengthening_or_ending_retention_saves_at_once(client, lund):
    keep(lund, 90)
    assert send(client, 365).status_code == 302
    assert saved_days(lund) == 365
    assert send(client, "").status_code == 302
    assert saved_days(lund) is None


def test_confirming_saves_everything_and_is_audited(client, lund):
    done = send(client, 365, bekraftat="ja")
    assert done.status_code == 302
    assert saved_days(lund) == 365
    assert saved(lund).is_premoderated and saved(lund).has_own_words
    [entry] = settings_entries()
    assert entry.after["retention_days"] == 365 and entry.before["retention_days"] is None
    assert entry.after["word_list"] == "bilar\nbåtar"


def test_going_back_saves_nothing_and_keeps_the_values(client, lund):
    page = send(client, 45, tillbaka="ja")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Inställningar för moderering</h1>" in html
    assert 'value="45"' in html and "bilar\nbåtar" in html
    assert saved_days(lund) is None and not settings_entries()


def test_no_token_no_save(client, lund):
    refused = client.post(
        SETTINGS, data={"policy": "post", "words": "", "retention_days": "45", "bekraftat": "ja"}
    )
    assert refused.status_code in (200, 400)
    assert saved_days(lund) is None and not settings_entries()


def test_a_moderator_cannot_confirm(app, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    moderator = app.test_client()
    sign_in_official(moderator, "mod@lund.se")
    data = {"csrf_token": csrf(moderator, "/hantera"), "policy": "post", "retention_days": "45"}
    refused = moderator.post(SETTINGS, data=data | {"bekraftat": "ja"})
    assert refused.status_code in (403, 404)
    assert saved_days(lund) is None


def test_the_english_page_marks_the_swedish_words(client, lund):
    html = client.get(SETTINGS + "?lang=en").get_data(as_text=True)
    assert "gallringsfrist" not in html and "Retention period in days" in html
    textarea = re.search(r'<textarea[^>]*id="words"[^>]*>', html).group(0)
    assert 'lang="sv"' in textarea
