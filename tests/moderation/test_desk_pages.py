"""The desk over HTTP: queues, decisions, bad input, other municipalities, the second factor."""

import re

import pytest
from sqlalchemy import func, select, update

from dialog.accounts.roles import Membership
from dialog.core.audit import AuditEntry
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Decision
from dialog.participation.models import Comment, CommentStatus, Report
from dialog.participation.services import report_comment
from tests.factories import csrf, form_fields, make_goal, make_user, sign_in
from tests.moderation.helpers import comment_on, desk_world, reported
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"


@pytest.fixture
def world(app_context):
    return desk_world()


@pytest.fixture
def moderator(client, world):
    sign_in_official(client, "mod@lund.se")
    return client


def fields(client, comment, prefix):
    """The named decision form's fields as the item page shows them."""
    page = client.get(f"{DESK}/{comment.id}").get_data(as_text=True)
    found = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    return {
        "do": prefix,
        f"{prefix}-csrf_token": found[f"{prefix}-csrf_token"],
        f"{prefix}-version": found[f"{prefix}-version"],
        f"{prefix}-queue": "approval",
    }


def status_of(comment_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Comment, comment_id).status


def decisions() -> int:
    return db.session.scalar(select(func.count(Decision.id)))


def test_the_desk_lists_each_queue_with_counts(moderator, world):
    page = moderator.get(DESK + "?queue=approval").get_data(as_text=True)
    for label in ("Väntar på godkännande", "Anmälda", "Stoppade av ordlistan"):
        assert f'{label} <span class="count">(1)</span>' in page
    assert f"{DESK}/{world['pending'].id}?queue=approval" in page
    assert "En synpunkt i Lomma" not in page
    reported = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    assert f"{DESK}/{world['reported'].id}" in reported
    assert "Reklam för en firma." not in reported  # report details are read on the item page
    item = moderator.get(f"{DESK}/{world['reported'].id}").get_data(as_text=True)
    assert "Reklam för en firma." in item and "Reklam eller skräppost" in item


def test_bad_filters_re_render_with_a_message(moderator):
    response = moderator.get(DESK + "?queue=nonsense&since=yesterday&plan=abc")
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


def test_publish_moves_on_to_the_next_in_the_queue(moderator, world):
    data = fields(moderator, world["pending"], "publish")
    response = moderator.post(f"{DESK}/{world['pending'].id}/beslut", data=data)
    assert response.status_code == 302
    decided = world["pending"].id
    assert response.headers["Location"].endswith(f"{DESK}?queue=approval&decided={decided}")
    assert status_of(world["pending"].id) == "published"


def test_each_decision_names_the_comment_and_what_is_left_in_the_queue(moderator, world):
    """The moderator lands on the next item; the message there confirms the last decision and
    counts down the queue, in the page's language."""
    later = comment_on(
        world["goal"], world["author"], "Väntar också.", CommentStatus.PENDING, "approval"
    )
    first = moderator.post(
        f"{DESK}/{world['pending'].id}/beslut",
        data=fields(moderator, world["pending"], "publish"),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"Kommentar {world['pending'].id} är publicerad." in first
    assert "1 kommentar återstår i ”Väntar på godkännande”." in first
    assert f'<h1 id="item-heading" tabindex="-1">Kommentar {later.id}</h1>' in first
    assert 'class="flash-messages" role="status" tabindex="-1" autofocus' in first
    data = fields(moderator, later, "publish")
    last = moderator.post(
        f"{DESK}/{later.id}/beslut?lang=en", data=data, follow_redirects=True
    ).get_data(as_text=True)
    assert f"Comment {later.id} is published. Nothing is left in “Awaiting approval”." in last


def test_reject_without_a_reason_changes_nothing(moderator, world):
    data = fields(moderator, world["pending"], "reject")
    response = moderator.post(f"{DESK}/{world['pending'].id}/beslut", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Välj vilken regel kommentaren bryter mot." in page
    assert 'aria-invalid="true"' in page
    assert status_of(world["pending"].id) == "pending"
    assert decisions() == 0


def test_a_version_in_other_digits_decides_nothing(moderator, world):
    """WTForms read "١" as version 1, the comment's own: the decision went through."""
    data = fields(moderator, world["pending"], "publish")
    assert data["publish-version"] == "1"
    for sent in ("١", "１"):
        response = moderator.post(
            f"{DESK}/{world['pending'].id}/beslut", data={**data, "publish-version": sent}
        )
        assert response.status_code == 200
        assert status_of(world["pending"].id) == "pending" and decisions() == 0


def test_a_stale_form_is_told_it_was_already_handled(moderator, world, client):
    stale = fields(moderator, world["pending"], "reject") | {"reject-reason": "spam"}
    fresh = fields(moderator, world["pending"], "publish")
    assert moderator.post(f"{DESK}/{world['pending'].id}/beslut", data=fresh).status_code == 302
    response = moderator.post(
        f"{DESK}/{world['pending'].id}/beslut", data=stale, follow_redirects=True
    )
    assert "redan hanterat" in response.get_data(as_text=True)
    assert status_of(world["pending"].id) == "published"
    assert decisions() == 1


def test_unknown_comment_is_404(moderator):
    assert moderator.get(f"{DESK}/999999").status_code == 404
    data = {"do": "publish", "csrf_token": csrf(moderator, DESK + "/0")}
    assert moderator.post(f"{DESK}/999999/beslut", data=data).status_code == 404


def test_another_municipalitys_comment_is_403_and_logged(moderator, world):
    other = world["lomma_comment"]
    assert moderator.get(f"{DESK}/{other.id}").status_code == 403
    data = {"do": "hide", "csrf_token": csrf(moderator, f"{DESK}/{world['pending'].id}")}
    response = moderator.post(f"{DESK}/{other.id}/beslut", data=data)
    assert response.status_code == 403
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).all()
    assert [(e.target_id, e.after["method"]) for e in denied] == [
        (other.id, "GET"),
        (other.id, "POST"),
    ]
    assert status_of(other.id) == "published"


def test_a_lomma_moderator_gets_403_on_lunds_desk_logged(client, world):
    sign_in_official(client, "mod@lomma.se")
    assert client.get(DESK).status_code == 403
    entry = db.session.scalar(select(AuditEntry).filter_by(action="access.denied"))
    assert entry.actor_id == world["lomma_moderator"].id and entry.after["path"] == DESK


def test_without_the_second_factor_the_desk_asks_for_the_code(client, world):
    """A resident given the role while signed in has not passed the step yet."""
    sign_in(client, "author@example.se")
    lund = world["goal"].plan.municipality_id
    db.session.add(Membership(user_id=world["author"].id, municipality_id=lund, role="moderator"))
    db.session.commit()
    response = client.get(DESK)
    assert response.status_code == 302 and "/tvastegsverifiering" in response.headers["Location"]
    data = {"do": "publish", "csrf_token": csrf(client, "/")}
    posted = client.post(f"{DESK}/{world['pending'].id}/beslut", data=data)
    assert posted.status_code == 302 and "/tvastegsverifiering" in posted.headers["Location"]
    assert status_of(world["pending"].id) == "pending"
    assert decisions() == 0


def test_residents_are_refused(client, world):
    sign_in(client, "author@example.se")
    assert client.get(DESK).status_code == 403


def test_the_author_sees_the_reason_on_my_page(app, moderator, world):
    data = fields(moderator, world["pending"], "reject") | {
        "reject-reason": "off_topic",
        "reject-message": "Skriv gärna om parkerna.",
    }
    moderator.post(f"{DESK}/{world['pending'].id}/beslut", data=data)
    author = app.test_client()
    sign_in(author, "author@example.se")
    page = author.get("/mina-sidor").get_data(as_text=True)
    assert "Handlar inte om målet. Skriv gärna om parkerna." in page


def test_a_note_is_shown_to_officials_only(moderator, world, app):
    comment = world["reported"]
    token = form_fields(moderator.get(f"{DESK}/{comment.id}").get_data(as_text=True))
    response = moderator.post(
        f"{DESK}/{comment.id}/anteckning",
        data={"body": "Samma firma som förra veckan.", "csrf_token": token["csrf_token"]},
        follow_redirects=True,
    )
    assert "Samma firma som förra veckan." in response.get_data(as_text=True)
    public = app.test_client().get(f"/kommentar/{comment.id}").get_data(as_text=True)
    assert "Samma firma" not in public
    empty = moderator.post(
        f"{DESK}/{comment.id}/anteckning", data={"body": " ", "csrf_token": token["csrf_token"]}
    )
    assert empty.status_code == 200 and "Skriv anteckningen." in empty.get_data(as_text=True)


def test_comments_on_a_focus_area_reach_the_desk_and_can_be_decided(moderator, world):
    from dialog.catalogue.models import FocusArea
    from dialog.participation.models import CommentStatus
    from tests.moderation.helpers import comment_on, reported

    goal = world["goal"]
    goal.plan.dialogue_level = "both"
    area = FocusArea(plan=goal.plan, title="Trygghet i hela kommunen")
    db.session.add(area)
    db.session.commit()
    held = comment_on(area, world["author"], "Om fokusområdet.", CommentStatus.PENDING, "approval")
    flagged = reported(area, world["author"])
    page = moderator.get(DESK + "?queue=approval").get_data(as_text=True)
    assert 'Väntar på godkännande <span class="count">(2)</span>' in page
    assert f"{DESK}/{held.id}?queue=approval" in page and "Trygghet i hela kommunen" in page
    assert f"{DESK}/{flagged.id}" in moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    item = moderator.get(f"{DESK}/{held.id}").get_data(as_text=True)
    assert "<dt>Fokusområde</dt><dd>Trygghet i hela kommunen" in item
    response = moderator.post(f"{DESK}/{held.id}/beslut", data=fields(moderator, held, "publish"))
    assert response.status_code == 302
    assert status_of(held.id) == "published"


def test_the_filters_names_of_plans_and_goals_say_they_are_swedish_on_english_pages(
    moderator, world
):
    """WCAG 3.1.2: a plan's or goal's Swedish name in an English page's <select> carries
    lang="sv" on its <option> (a span cannot go there); an English name, or a Swedish page,
    needs none."""
    plan, goal = world["goal"].plan, world["goal"]
    english = moderator.get(DESK + "?queue=approval&lang=en").get_data(as_text=True)
    assert f'<option lang="sv" value="{plan.id}">Planen</option>' in english
    assert f'<option lang="sv" value="{goal.id}">Trygga parker</option>' in english
    assert '<option value="">All</option>' in english  # the interface's own words
    assert '<option value="spam">Advertising or spam</option>' in english
    swedish = moderator.get(DESK + "?queue=approval").get_data(as_text=True)
    assert f'<option value="{goal.id}">Trygga parker</option>' in swedish
    assert '<option lang="sv"' not in swedish
    goal.title_en = "Safe parks"
    db.session.commit()
    chosen = moderator.get(f"{DESK}?queue=approval&goal={goal.id}&lang=en").get_data(as_text=True)
    assert f'<option selected value="{goal.id}">Safe parks</option>' in chosen
    assert f'<option lang="sv" value="{plan.id}">Planen</option>' in chosen


def test_the_desk_names_the_reason_other_without_the_report_forms_words(moderator, world):
    """The report form words this reason "Other (describe below)"; on the desk (its filter,
    the reports on a comment) there is nothing below to describe."""
    other = reported(world["goal"], world["author"], reason="other")
    desk = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    assert '<option value="other">Annat skäl</option>' in desk
    page = moderator.get(f"{DESK}/{other.id}?queue=reported").get_data(as_text=True)
    assert "Annat skäl: <q" in page
    assert "beskriv nedan" not in desk + page
    english = moderator.get(f"{DESK}/{other.id}?queue=reported&lang=en").get_data(as_text=True)
    assert "Other reason: <q" in english and "describe below" not in english


def test_the_filter_form_keeps_an_explicit_language(moderator, world):
    """A GET form sends only its fields: without this, filtering an English desk reached by
    ?lang=en answered in Swedish."""
    english = moderator.get(DESK + "?queue=approval&lang=en").get_data(as_text=True)
    form = english.split('<form method="get" class="filter-form"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="lang" value="en">' in form
    swedish = moderator.get(DESK + "?queue=approval").get_data(as_text=True)
    assert 'name="lang"' not in swedish.split('class="filter-form"', 1)[1].split("</form>", 1)[0]


def test_digits_that_are_not_ascii_are_no_filter_and_no_500(moderator, world):
    """A superscript two is a digit to str.isdigit, but int() refuses it: the desk answered 500."""
    assert moderator.get(DESK + "?queue=approval&plan=%C2%B2").status_code == 200
    item = moderator.get(f"{DESK}/{world['pending'].id}?queue=approval&goal=%C2%B2")
    assert item.status_code == 200 and "Kommentar 1 av 1 i kön" in item.get_data(as_text=True)


def _menu(html: str, name: str) -> list[str]:
    """The names a filter menu offers, in its order (without "All")."""
    menu = html.split(f'<select id="{name}" name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option[^>]* value="[0-9]+">([^<]*)</option>', menu)


def test_the_filter_menus_sort_plans_and_goals_by_the_name_shown(moderator, world):
    """An English page sorts by the English titles it shows (they were in the Swedish titles'
    order), with å, ä and ö among a and o; a Swedish page puts them after z, Å before Ä, and
    small letters with capitals (the database's C collation put capitals, then Ä, first)."""
    titles = [
        ("Avfallsplan", "Waste plan"),
        ("Översiktsplan", "Comprehensive plan"),
        ("Ärla plan", None),
        ("Åtgärdsplan", None),
        ("bostadsplan", None),
        ("Zonplan", None),
    ]
    for title, title_en in titles:
        goal = make_goal(slug="lund", title=f"{title} mål")  # in a plan of its own
        goal.plan.title, goal.plan.title_en = title, title_en
        goal.title_en = title_en and f"{title_en} goal"
        comment_on(goal, world["author"])
    world["goal"].plan.title_en = "Plan (the first)"
    db.session.commit()
    swedish = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    in_swedish = ["Avfallsplan", "bostadsplan", "Planen", "Zonplan"]
    in_swedish += ["Åtgärdsplan", "Ärla plan", "Översiktsplan"]
    assert _menu(swedish, "plan") == in_swedish
    goals_in_swedish = [f"{t} mål" for t in in_swedish if t != "Planen"]
    assert _menu(swedish, "goal") == goals_in_swedish[:2] + ["Trygga parker"] + goals_in_swedish[2:]
    english = moderator.get(DESK + "?queue=reported&lang=en").get_data(as_text=True)
    in_english = ["Ärla plan", "Åtgärdsplan", "bostadsplan", "Comprehensive plan"]
    in_english += ["Plan (the first)", "Waste plan", "Zonplan"]
    assert _menu(english, "plan") == in_english
    assert _menu(english, "goal") == [
        "Ärla plan mål",
        "Åtgärdsplan mål",
        "bostadsplan mål",
        "Comprehensive plan goal",
        "Trygga parker",
        "Waste plan goal",
        "Zonplan mål",
    ]


def test_the_writers_record_holds_only_this_municipalitys_decisions(moderator, world):
    """A decision in Lomma on the same writer is Lomma's: Lund's desk neither shows it nor
    links to it (the link would only lead to a refusal)."""
    lomma = world["lomma_comment"]
    db.session.add(
        Decision(
            comment_id=lomma.id,
            municipality_id=lomma.goal.plan.municipality_id,
            author_id=world["author"].id,
            moderator_id=world["lomma_moderator"].id,
            action="hide",
            reason="spam",
            status_before="published",
            status_after="hidden",
            submitted_at=lomma.created_at,
        )
    )
    db.session.commit()
    page = moderator.get(f"{DESK}/{world['pending'].id}").get_data(as_text=True)
    record = page.split('id="author-heading"', 1)[1].split("</section>", 1)[0]
    assert f"{DESK}/{lomma.id}" not in record and "Inga." in record


def test_the_item_lists_the_writers_other_comments_waiting_at_the_desk(moderator, world):
    """Before deciding, the moderator sees what else the writer has waiting here (this
    municipality's queues only), each a link to its page."""
    page = moderator.get(f"{DESK}/{world['pending'].id}").get_data(as_text=True)
    waiting = page.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    for other in ("held", "reported"):
        assert f'href="{DESK}/{world[other].id}"' in waiting
    assert f'href="{DESK}/{world["pending"].id}"' not in waiting
    assert str(world["lomma_comment"].id) not in re.findall(r"moderering/(\d+)", waiting)
    assert "1 anmälan" in waiting


def test_a_comment_opened_from_the_list_starts_at_its_heading(moderator, world):
    """The list's links lead to the comment's heading (which takes the focus), so that the
    first Tab reaches the decision rather than the site's header and the breadcrumbs."""
    page = moderator.get(DESK + "?queue=approval").get_data(as_text=True)
    assert f'href="{DESK}/{world["pending"].id}?queue=approval#item-heading"' in page


def test_the_reported_list_says_why_each_comment_was_reported(moderator, world):
    """The list said "3 reports" and nothing of why: a moderator had to open each comment to
    tell spam from a personal attack. The reasons of the open reports stand in the list, most
    reported first, then in the rules' order; the reporters' own words stay on the comment's
    page."""
    reporter = make_user("tredje@example.se", "Tredje")
    report_comment(world["reported"], reporter, "off_topic", "Handlar om något annat.")
    reported(world["goal"], world["author"], reason="personal_attack", reporters=2)
    db.session.commit()
    desk = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    assert "Anmäld som: Handlar inte om målet, Reklam eller skräppost</p>" in desk
    assert "Anmäld som: Personangrepp eller trakasserier (2)</p>" in desk
    assert "Reklam för en firma." not in desk and "Handlar om något annat." not in desk
    english = moderator.get(DESK + "?queue=reported&lang=en").get_data(as_text=True)
    assert "Reported as: Personal attack or harassment (2)</p>" in english
    # A report a moderator has dealt with no longer gives its reason.
    db.session.execute(
        update(Report).where(Report.reason == "off_topic").values(resolved_at=utcnow())
    )
    db.session.commit()
    desk = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    assert "Anmäld som: Reklam eller skräppost</p>" in desk


def test_choose_all_on_a_page_without_a_script(moderator, world):
    """ "Choose all on this page" is a link to the same page, queue and filters with every box
    ticked; "Clear the choice" the same page without."""
    goal = world["goal"].id
    listed = f"{DESK}?queue=approval&goal={goal}"
    page = moderator.get(listed).get_data(as_text=True)
    here = f"goal={goal}&amp;queue=approval&amp;page=1#choose"
    assert f'href="{DESK}?chosen=all&amp;{here}"' in page and ">Välj alla på sidan</a>" in page
    assert f'href="{DESK}?{here}" data-select="none"' in page
    assert " checked>" not in page
    ticked = moderator.get(listed + "&chosen=all").get_data(as_text=True)
    assert f'id="select-{world["pending"].id}" checked' in ticked
    assert "Kommentaren på sidan är vald." in ticked


def test_a_long_comment_folds_in_the_list_with_every_word_in_it(moderator, world):
    long = "Ett långt förslag om parkerna. " * 20
    comment = comment_on(world["goal"], world["author"], long, CommentStatus.PENDING, "approval")
    page = moderator.get(f"{DESK}?queue=approval").get_data(as_text=True)
    item = page.split(f'id="select-{comment.id}"', 1)[1].split("</li>", 1)[0]
    assert "<summary>Visa hela kommentaren</summary>" in item
    assert long.strip() in item  # the whole text, folded
    short = page.split(f'id="select-{world["pending"].id}"', 1)[1].split("</li>", 1)[0]
    assert "<details" not in short and "Väntar på godkännande." in short


def test_the_report_reason_filter_is_offered_only_on_the_queue_of_reports(moderator, world):
    """ "Skäl i anmälan" was offered on the approval and word list queues, whose comments nobody
    can have reported yet; a `reason=` kept from the reported queue emptied them silently."""
    reported_queue = moderator.get(DESK + "?queue=reported").get_data(as_text=True)
    assert '<select id="reason" name="reason"' in reported_queue
    for queue, comment in (("approval", world["pending"]), ("word_list", world["held"])):
        page = moderator.get(f"{DESK}?queue={queue}&reason=spam").get_data(as_text=True)
        assert 'id="reason"' not in page and "Skäl i anmälan" not in page
        # The stale reason narrows nothing.
        assert "1 kommentar, den som väntat längst först" in page
        assert f'href="{DESK}/{comment.id}?queue={queue}#item-heading"' in page
        assert not re.search(r'href="[^"]*reason=spam', page)  # nor kept by its links
    narrowed = moderator.get(DESK + "?queue=reported&reason=off_topic").get_data(as_text=True)
    assert "0 kommentarer, äldsta anmälan först" in narrowed  # where reports are, it narrows


def test_a_page_beyond_a_shrunk_queue_goes_to_its_last_page(app, moderator, world, monkeypatch):
    """Page 2 of a queue decided down to one page said "Nothing waits in this queue"; it goes
    to the last page there is, keeping the queue, the filters and the language."""
    monkeypatch.setitem(app.config, "MODERATION_PER_PAGE", 1)
    goal = world["goal"].id
    response = moderator.get(f"{DESK}?queue=approval&goal={goal}&page=3&lang=en")
    assert response.status_code == 302
    assert response.location == f"{DESK}?lang=en&goal={goal}&queue=approval&page=1"
    page = moderator.get(response.location).get_data(as_text=True)
    assert "Väntar på godkännande." in page and "Nothing waits in this queue" not in page
    empty = moderator.get(f"{DESK}?queue=approval&goal={goal + 99}&page=3")
    assert empty.status_code == 200  # an empty queue has no last page to go to
    assert "Ingen kommentar i kön passar filtret." in empty.get_data(as_text=True)
