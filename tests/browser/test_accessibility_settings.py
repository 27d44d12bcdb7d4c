"""axe on the pages around the dialogue: settings, rules, privacy, links from mail, closed goals,
and a goal whose rating distributions and comment pages are shown, in both languages."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dialog.accounts.mailing import unsubscribe_url
from dialog.accounts.models import NotificationKind
from dialog.catalogue.models import DialogueWindow, Goal
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import RatingQuestion
from dialog.participation.windows import dialogue_state
from tests.browser.test_accessibility import violations
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(app, live_server):
    """A goal with 60 comments and 6 rating answers, a closed goal, and an unsubscribe link."""
    with app.app_context():
        goals = db.session.scalars(select(Goal).where(Goal.kind == "goal").order_by(Goal.id)).all()
        # Residents can add only where the dialogue is open (the services enforce it).
        busy = next(goal for goal in goals if dialogue_state(goal).is_open)
        closed = next(goal for goal in goals if goal is not busy and goal.window is None)
        residents = [make_user(f"a{n}@example.se", f"Invånare {n}") for n in range(6)]
        for n in range(60):
            top = services.post_comment(busy, residents[n % 6], f"Synpunkt {n}", None, f"{n:032x}")
            if n % 10 == 0:
                services.post_comment(
                    busy,
                    residents[(n + 1) % 6],
                    "Ett svar",
                    None,
                    f"{n + 500:032x}",
                    parent=top.comment,
                )
        for n, resident in enumerate(residents):
            services.rate(
                busy,
                resident,
                {RatingQuestion.IMPORTANCE: 1 + n % 5, RatingQuestion.PERFORMANCE: n % 3},
            )
        yesterday = date.today() - timedelta(days=1)
        db.session.add(
            DialogueWindow(
                goal_id=closed.id,
                opens_on=yesterday - timedelta(days=30),
                closes_on=yesterday,
                ladder_step="dialogue",
                influence="Allt.",
                readers="Nämnden.",
            )
        )
        db.session.commit()
        with app.test_request_context():
            unsubscribe = unsubscribe_url(residents[0], NotificationKind.REPLY)
        paths = {
            "goal with ratings and comments": f"/mal/{busy.id}",
            "second page of comments": f"/mal/{busy.id}?page=2&sort=agreed",
            "closed goal": f"/mal/{closed.id}",
            "profile": "/mina-sidor/profil",
            "notifications": "/mina-sidor/aviseringar",
            "e-mail and password": "/mina-sidor/konto",
            "forgotten password": "/konto/glomt-losenord",
            "dialogue rules": "/regler",
            "privacy notice": "/integritet",
            "unsubscribe": "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1],
            "invalid link": "/konto/bekrafta/broken",
        }
        db.session.remove()
    return paths


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_axe_violations_around_the_dialogue(live_server, page, pages, language):
    page.goto(live_server + "/konto/logga-in")
    page.locator("#email").fill("a0@example.se")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server + "/")
    found = {}
    for name, path in pages.items():
        page.goto(live_server + path + ("&" if "?" in path else "?") + f"lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        found[name] = violations(page)
    assert found == {name: [] for name in found}
    page.goto(live_server + pages["goal with ratings and comments"])
    assert page.locator(".distribution-table").count() == 2
    assert page.locator("article.comment").count() == 50 + 5
