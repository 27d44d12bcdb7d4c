"""Stored and reflected hostile input never runs in Chromium.

Every XSS payload of tests/security/payloads.py is stored where residents and officials write
(comments, a display name, a goal's title and description, a plan's introduction, a committee's
name, the municipality's response) and reflected where addresses carry text (search, `next=`).
The pages that show them are opened in headless Chromium with `__xss` defined before any page
script: a payload that ran would call it. Content-Security-Policy violations are recorded too:
one means a payload became markup, even where the policy stopped it from running.
"""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Committee, Goal, Plan
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.participation.services import post_comment
from dialog.responses.services import publish_response
from tests.browser.test_officials import sign_in_with_code
from tests.browser.test_resident_flow import GOAL_TITLE, PLAN_SLUG
from tests.factories import PASSWORD, make_user
from tests.officials import make_official
from tests.security.payloads import OPEN_REDIRECT, XSS

pytestmark = pytest.mark.browser

WATCH = """
window.__xssCalls = [];
window.__xss = (n) => window.__xssCalls.push(n);
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI), true);
"""

OFFICIAL = "vera.moderator@lund.se"


@pytest.fixture(scope="module")
def stored(app, live_server):
    """The payloads stored in Lund's content and in residents' comments."""
    with app.app_context():
        goal = db.session.scalar(select(Goal).filter_by(title=GOAL_TITLE))
        make_user("redirect@example.se", "Redirect")
        author = make_user("hostile@example.se", "Hostile")
        author.display_name = XSS[1][:60]
        for n, payload in enumerate(XSS):
            post_comment(goal, author, f"{payload} ({n})", None, f"{n:0>32}")
        official = make_official(OFFICIAL, [("lund", Role.ADMIN)], name="Vera")
        publish_response(goal, official, " ".join(XSS[:5]))
        other = db.session.scalar(select(Goal).filter(Goal.id != goal.id).order_by(Goal.id))
        other.title = XSS[2]
        other.description = "\n".join(XSS)
        plan = db.session.scalar(select(Plan).filter_by(slug=PLAN_SLUG))
        plan.intro = "\n\n".join(XSS)
        committee = db.session.scalars(select(Committee).order_by(Committee.id)).first()
        committee.name = XSS[0][:100]
        db.session.commit()
        ids = {
            "goal": goal.id,
            "other": other.id,
            "committee": committee.slug,
            "comments": list(db.session.scalars(select(Comment.id).filter_by(goal_id=goal.id))),
        }
        db.session.remove()
    return ids


@pytest.fixture
def watched(page: Page) -> Page:
    page.add_init_script(WATCH)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    return page


def assert_nothing_ran(page: Page, where: str) -> None:
    page.wait_for_load_state("load")
    calls = page.evaluate("window.__xssCalls")
    violations = page.evaluate("window.__cspViolations")
    assert calls == [], f"a payload ran on {where}"
    assert violations == [], f"payload markup on {where}"
    assert page.dialogs == [], f"a dialog opened on {where}"


def test_stored_payloads_are_shown_as_text(live_server, stored, watched):
    pages = [
        f"/mal/{stored['goal']}",
        f"/mal/{stored['goal']}?sortera=aldst",
        f"/mal/{stored['other']}",
        f"/kommun/lund/plan/{PLAN_SLUG}",
        "/kommun/lund",
        f"/kommun/lund/namnd/{stored['committee']}",
        *(f"/kommentar/{comment}" for comment in stored["comments"][:5]),
        "/",
    ]
    for path in pages:
        watched.goto(live_server + path)
        assert_nothing_ran(watched, path)
    watched.goto(live_server + f"/mal/{stored['goal']}")
    expect(watched.get_by_text(f"{XSS[0]} (0)")).to_be_visible()  # text, not a script


def test_reflected_payloads_are_shown_as_text(live_server, stored, watched):
    for payload in XSS:
        for path in ("/sok", "/konto/logga-in", "/konto/registrera"):
            watched.goto(live_server + path, wait_until="load")
            url = watched.url
            watched.goto(f"{url}?q={payload}&next={payload}&page={payload}")
            assert_nothing_ran(watched, f"{path} with {payload}")


def test_officials_pages_show_stored_payloads_as_text(live_server, stored, watched):
    sign_in_with_code(watched, live_server, OFFICIAL)
    pages = [
        "/hantera/lund/moderering",
        f"/hantera/lund/moderering/{stored['comments'][0]}",
        f"/hantera/lund/mal/{stored['goal']}/aterkoppling",
        f"/hantera/lund/sammanfattning/mal/{stored['goal']}",
        f"/hantera/lund/innehall/mal/{stored['other']}",
        f"/hantera/lund/innehall/planer/{PLAN_SLUG}",
        "/hantera/lund/innehall",
        "/hantera/lund/logg",
    ]
    for path in pages:
        watched.goto(live_server + path)
        assert watched.url.startswith(live_server), path
        assert_nothing_ran(watched, path)


def test_sign_in_never_leads_off_site(live_server, stored, watched):
    for target in OPEN_REDIRECT:
        watched.context.clear_cookies()
        watched.goto(live_server + "/konto/logga-in?next=" + target)
        watched.fill("#email", "redirect@example.se")
        watched.fill("#password", PASSWORD)
        watched.locator("#password").press("Enter")
        watched.wait_for_load_state("load")
        assert watched.url.startswith(live_server), f"{target} led to {watched.url}"
        assert_nothing_ran(watched, f"sign-in with next={target}")
