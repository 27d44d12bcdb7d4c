"""Orientation: what is open, until when, how many took part, and lists filtered and sorted
with plain links and forms."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from dialog.catalogue.models import Committee, DialogueWindow, Goal, Plan
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import RatingQuestion
from tests.factories import KEEPS_ENGLISH, form_starting, make_goal, make_user

KF = "kommunfullmaktiges-mal-och-sarskilda-uppdrag"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def plan_named(slug: str) -> Plan:
    return db.session.scalar(select(Plan).filter_by(slug=slug))


def test_start_page_lists_open_dialogues_with_phase_and_participants(seeded, app, client):
    with app.app_context():
        goal = db.session.scalar(select(Goal).join(Plan).where(Plan.slug == KF))
        anna, bo = make_user(), make_user("bo@example.se", "Bo")
        services.post_comment(goal, anna, "Bra mål.", None, "a" * 32)
        services.rate(goal, bo, {RatingQuestion.IMPORTANCE: 5})
        db.session.commit()
    page = text(client.get("/").get_data(as_text=True))
    assert "Öppet för dina synpunkter nu (3)" in page
    # The link names the municipality too (hidden: it is shown just below).
    assert "Kommunfullmäktiges mål och särskilda uppdrag , Lunds kommun Lunds kommun" in page
    assert (
        "Öppen, inget slutdatum bestämt ännu 1 kommentar eller svar · 2 personer har kommenterat "
        "eller betygsatt" in page
    )
    # Old proposals are closed and not listed as open.
    assert "Lundakvintettens" not in page.split("Stänger snart")[0]
    assert "Ingen öppen dialog stänger inom de närmaste 30 dagarna." in page
    sorted_page = text(client.get("/?sort=discussed").get_data(as_text=True))
    first = sorted_page.index("Kommunfullmäktiges mål och särskilda uppdrag , Lunds")
    assert first < sorted_page.index("Våra fokusområden , Lunds")


def test_closing_soon_and_closed_phases_are_said_in_words(seeded, app, client):
    with app.app_context():
        window = db.session.scalar(
            select(DialogueWindow).where(DialogueWindow.plan_id == plan_named(KF).id)
        )
        window.closes_on = date.today() + timedelta(days=10)
        db.session.commit()
    page = client.get("/").get_data(as_text=True)
    soon = text(page.split('id="soon-heading"')[1].split('id="municipalities-heading"')[0])
    assert "Kommunfullmäktiges mål och särskilda uppdrag, Lunds kommun – Öppen till " in soon
    lund = text(client.get("/kommun/lund").get_data(as_text=True))
    assert "Avslutad – se vad vi hörde" in lund  # the 2019 proposals
    assert "Var med: Kommunfullmäktiges mål och särskilda uppdrag" in lund


def test_municipality_list_filters_by_phase_and_sorts(seeded, client):
    closed = text(client.get("/kommun/lund?fas=closed").get_data(as_text=True))
    assert "2 dokument visas." in closed
    assert "Lundakvintettens fokusområden och mål" in closed
    assert "Planeringsförutsättningar" not in closed.split("Valda dokument")[1]
    open_ = text(client.get("/kommun/lund?fas=open&sort=closing").get_data(as_text=True))
    assert "3 dokument visas." in open_
    # Unknown values show everything instead of failing.
    response = client.get("/kommun/lund?fas=nope&sort=x&omrade=abc&ansvarig=ingen")
    assert response.status_code == 200
    assert "Antagna styrdokument" in response.get_data(as_text=True)


def test_plan_page_shows_timeline_counts_and_filters_goals(seeded, app, client):
    url = f"/kommun/lund/plan/{KF}"
    page = client.get(url).get_data(as_text=True)
    assert "Så går dialogen till" in page
    assert re.search(
        r'class="step step-now" aria-current="step">\s*<span class="step-title">'
        r"Öppen för dina synpunkter",
        page,
    )
    assert "0 kommentarer och svar · 0 personer har kommenterat eller betygsatt" in text(page)
    with app.app_context():
        company = db.session.scalar(select(Committee).filter_by(kind="company"))
        slug, expected = company.slug, len([g for g in company.goals if not g.is_archived])
    chosen = text(client.get(f"{url}?ansvarig={slug}").get_data(as_text=True))
    assert f"{expected} mål visas" in chosen
    with app.app_context():
        area = plan_named(KF).focus_areas[0]
        area_id, count = area.id, len([g for g in area.goals if not g.is_archived])
    chosen = text(client.get(f"{url}?omrade={area_id}&sort=discussed").get_data(as_text=True))
    assert f"{count} mål visas" in chosen
    nothing = text(client.get(f"{url}?fas=closed").get_data(as_text=True))
    assert "0 mål visas Inget passar. Välj färre filter." in nothing


def test_a_focus_area_that_is_not_ascii_digits_filters_nothing(seeded, app, client):
    """A superscript two is a digit to str.isdigit, but int() refuses it: the list answered
    500. Arabic-Indic digits are digits to int() too, but no id is written so."""
    url = f"/kommun/lund/plan/{KF}"
    with app.app_context():
        area_id = plan_named(KF).focus_areas[0].id
    assert 'id="chosen-heading"' in client.get(f"{url}?omrade={area_id}").get_data(as_text=True)
    for value in ("%C2%B2", "%D9%A1%D9%A2", "1%C2%B2"):
        response = client.get(f"{url}?omrade={value}")
        assert response.status_code == 200, value
        page = response.get_data(as_text=True)  # the whole list, as without the filter
        assert 'id="chosen-heading"' not in page and f'id="area-{area_id}"' in page, value


def test_the_list_filters_keep_an_explicit_language(seeded, client):
    """A GET form sends only its fields: filtering a list reached by ?lang=en answered in
    Swedish (the action's ?lang= is dropped by the browser)."""
    filters = '<form class="list-filters"'
    for url in ("/kommun/lund", f"/kommun/lund/plan/{KF}"):
        english = client.get(f"{url}?lang=en").get_data(as_text=True)
        assert KEEPS_ENGLISH in form_starting(english, filters), url
        swedish = client.get(url).get_data(as_text=True)
        assert 'name="lang"' not in form_starting(swedish, filters), url


def test_swedish_names_in_the_list_filters_say_so_on_an_english_page(seeded, app, client):
    """The focus-area and committee menus named sections and committees in Swedish on an
    English page without saying so, so a screen reader read them with an English voice."""
    url = f"/kommun/lund/plan/{KF}"
    with app.app_context():
        area = plan_named(KF).focus_areas[0]
        area_id, title = area.id, area.title
    english = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert f'<option value="{area_id}" lang="sv">{title}</option>' in english
    assert '<option value="kommunstyrelsen" lang="sv">Kommunstyrelsen</option>' in english
    swedish = client.get(url).get_data(as_text=True)
    assert f'<option value="{area_id}">{title}</option>' in swedish
    with app.app_context():
        plan_named(KF).focus_areas[0].title_en = "Goals"
        db.session.commit()
    english = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert f'<option value="{area_id}">Goals</option>' in english


def test_goal_page_has_a_jump_link_to_the_comments(app_context, client):
    goal = make_goal()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    jump = '<a class="jump-link" href="#comments-heading">Till kommentarerna'
    assert f"{jump} (0 kommentarer och svar)</a>" in page
    assert 'id="comments-heading"' in page


def test_orientation_reads_in_english_too(seeded, client):
    page = text(client.get("/?lang=en").get_data(as_text=True))
    assert "Open for your views now (3)" in page
    assert (
        "Open, no closing date set yet 0 comments and replies · 0 people commented or rated" in page
    )
    lund = text(client.get("/kommun/lund?fas=closed&lang=en").get_data(as_text=True))
    assert "2 documents shown." in lund and "Closed – see what we heard" in lund


def test_counts_are_written_in_the_pages_way(app_context, client):
    """A plan with 1,193 comments said "1193 comments" in English and in Swedish alike."""
    from sqlalchemy import insert

    from dialog.accounts.models import User
    from dialog.db import utcnow
    from dialog.participation.models import Comment, GoalTally, Rating

    goal = make_goal()
    now = utcnow()
    accepted = {"rules_version": "2026-11", "rules_accepted_at": now}
    accepted |= {"privacy_version": "2026-11", "privacy_accepted_at": now}
    people = db.session.scalars(
        insert(User).returning(User.id),
        [{"email": f"p{n}@example.se", "display_name": f"P{n}", **accepted} for n in range(1204)],
    ).all()
    # 1,204 people: 1,193 wrote a comment each, 11 more rated.
    db.session.execute(
        insert(Comment),
        [
            {"goal_id": goal.id, "author_id": person, "body": "Ja", "submission_token": f"t{n}"}
            for n, person in enumerate(people[:1193])
        ],
    )
    db.session.execute(
        insert(Rating),
        [
            {"goal_id": goal.id, "user_id": person, "question": "importance", "value": 4}
            for person in people[1193:]
        ],
    )
    db.session.add(GoalTally(goal_id=goal.id, comment_count=1193, participant_count=1204))
    db.session.commit()
    plan = f"/kommun/testkommun/plan/{goal.plan.slug}"
    english = client.get(plan + "?lang=en").get_data(as_text=True)
    assert "1,193 comments and replies · 1,204 people commented or rated" in english
    swedish = client.get(plan).get_data(as_text=True)
    assert (
        "1\xa0193 kommentarer och svar · 1\xa0204 personer har kommenterat eller betygsatt"
        in swedish
    )


def test_the_call_to_action_names_what_the_plan_discusses(app_context, client):
    """A plan whose focus areas are discussed said "Choose a goal" above a list without one
    open goal, under filters for goals (Lund's "Våra fokusområden" has no goals at all)."""
    from tests.factories import make_focus_area

    area = make_focus_area()
    plan = area.plan
    path = f"/kommun/{plan.municipality.slug}/plan/{plan.slug}"
    page = text(client.get(path).get_data(as_text=True))
    assert "Välj ett fokusområde här nedanför" in page and "Välj ett mål" not in page
    # The plan still has a goal to read, so its filters stay.
    assert 'class="list-filters"' in client.get(path).get_data(as_text=True)
    plan.dialogue_level = "both"
    db.session.commit()
    page = text(client.get(f"{path}?lang=en").get_data(as_text=True))
    assert "Choose a focus area or a goal below" in page
    plan.dialogue_level = "focus_areas"
    for goal in plan.goals:
        goal.is_archived = True
    db.session.commit()
    html = client.get(path).get_data(as_text=True)
    assert 'class="list-filters"' not in html and "Ekologisk hållbarhet" in html


def test_a_closed_plan_says_where_to_read_what_residents_said(app_context, client):
    """Closed, a plan whose focus areas were discussed said "Open a goal" to read the comments."""
    from tests.factories import make_focus_area

    plan = make_focus_area(open_window=False).plan
    path = f"/kommun/{plan.municipality.slug}/plan/{plan.slug}"
    page = text(client.get(path).get_data(as_text=True))
    assert "Dialogen är avslutad. Öppna ett fokusområde för att läsa" in page
    english = text(client.get(f"{path}?lang=en").get_data(as_text=True))
    assert "The dialogue is closed. Open a focus area to read what residents said" in english
