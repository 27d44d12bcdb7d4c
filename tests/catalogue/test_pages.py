"""Public pages: structure, navigation, search and bad input."""

import re

import pytest
from sqlalchemy import select

from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.catalogue.search import refresh_index
from dialog.extensions import db

PAGES = [
    "/",
    "/kommun/lund",
    "/kommun/lomma",
    "/kommun/lund/plan/lundakvintettens-fokusomraden-och-mal",
    "/sok?q=klimat",
    "/tillganglighet",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_landmarks_one_h1_and_a_skip_link(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1
    assert '<a class="skip-link" href="#content">' in page
    assert '<main id="content"' in page and "<header" in page and "<footer" in page
    assert re.search(r'<html lang="sv">', page)
    scripts = re.findall(r"<script[^>]*>", page)
    assert all(' src="/static/' in tag for tag in scripts), scripts  # no inline scripts
    assert "style=" not in page


def test_municipality_page_groups_plans_by_status(seeded, client):
    page = client.get("/kommun/lund").get_data(as_text=True)
    headings = ["Antagna styrdokument", "Underlag för planeringen", "Återremitterade förslag"]
    positions = [page.index(f"{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "Lundakvintettens fokusområden och mål" in page
    assert '>Förslag</span> <span class="badge badge-returned">Återremitterat</span>' in page
    assert "Nämnder, styrelse och bolag" in page
    assert "Lunds Kommuns Fastighets AB (LKF)" in page and "(kommunalt bolag)" in page


def test_plan_page_lists_focus_areas_with_their_goals(seeded, client):
    page = client.get("/kommun/lund/plan/lundakvintettens-fokusomraden-och-mal").get_data(
        as_text=True
    )
    assert page.count('class="focus-area"') == 4
    assert page.count("/mal/") == 9
    assert 'aria-current="page"' in page


def test_a_plan_without_goals_says_so_under_its_heading(seeded, client, app):
    """Found on the administrators' walk: a new municipality's first plan, before its goals
    were added, showed residents the heading "Goals and parts of the document" over nothing."""
    with app.app_context():
        town = Municipality(name="Ystads kommun", slug="ystad")
        db.session.add(
            Plan(
                municipality=town,
                slug="kustplan",
                title="Kustplan",
                kind="governing",
                status="adopted",
            )
        )
        db.session.commit()
    page = client.get("/kommun/ystad/plan/kustplan?lang=en").get_data(as_text=True)
    assert (
        '<p id="no-goals">The municipality has not published any goals in this document yet.'
        in (page)
    )
    page = client.get("/kommun/lund/plan/lundakvintettens-fokusomraden-och-mal").get_data(
        as_text=True
    )
    assert 'id="no-goals"' not in page


def test_goal_page_shows_plan_focus_area_and_committees(seeded, client, app):
    with app.app_context():
        goal = db.session.scalar(select(Goal).filter_by(kind="assignment").order_by(Goal.id))
        goal_id, committee = goal.id, goal.committees[0].name
    page = client.get(f"/mal/{goal_id}").get_data(as_text=True)
    assert "Särskilt uppdrag" in page
    assert "<dt>Ansvariga</dt>" in page and committee in page
    assert "Kommunfullmäktiges mål" in page
    assert "<dt>Avsnitt</dt>" in page and "<dt>Fokusområde</dt>" not in page
    assert "(styrdokument, antaget)" in page


def test_archived_goal_keeps_its_page_but_leaves_lists(seeded, client, app):
    with app.app_context():
        goal = db.session.scalar(select(Goal).filter_by(code="1").join(Goal.plan))
        goal.is_archived = True
        db.session.commit()
        goal_id, title, plan = goal.id, goal.title, goal.plan
        plan_url = f"/kommun/{plan.municipality.slug}/plan/{plan.slug}"
        refresh_index()
        db.session.commit()
    assert "ingår inte längre" in client.get(f"/mal/{goal_id}").get_data(as_text=True)
    assert f'href="/mal/{goal_id}"' not in client.get(plan_url).get_data(as_text=True)
    results = client.get("/sok", query_string={"q": title}).get_data(as_text=True)
    assert f'href="/mal/{goal_id}"' not in results


def test_search_finds_goals_by_words_in_their_text(seeded, client):
    page = client.get("/sok?q=klimat").get_data(as_text=True)
    assert 'role="status"' in page
    assert re.search(r"[1-9]\d* träffar för ”klimat”", page)
    assert "/mal/" in page


def test_search_is_case_insensitive_for_swedish_letters(seeded, client):
    lower = client.get("/sok?q=världsklass").get_data(as_text=True)
    upper = client.get("/sok?q=VÄRLDSKLASS").get_data(as_text=True)
    assert lower.count("/mal/") == upper.count("/mal/") > 0


def test_search_without_hits_says_so(seeded, client):
    assert "0 träffar för" in client.get("/sok?q=zyxwvutsrq").get_data(as_text=True)


def test_search_treats_like_wildcards_as_text(seeded, client):
    assert "0 träffar för" in client.get("/sok?q=%25%25_").get_data(as_text=True)


def test_empty_search_shows_the_form(client):
    page = client.get("/sok").get_data(as_text=True)
    assert 'id="search-q"' in page and 'role="status"' not in page


def test_search_escapes_what_was_typed(seeded, client):
    page = client.get("/sok?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "url",
    [
        "/sok?q=" + "a" * 201,
        "/sok?q=klimat&page=abc",
        "/sok?q=klimat&page=0",
        "/sok?q=klimat&page=99999999999999999999",
        "/sok?q=klimat&page=%C2%B2",
        "/sok?q=%00",
        "/sok?q=%ff%fe",
        "/kommun/lund?x=" + "y" * 3000,
    ],
)
def test_malformed_or_oversized_queries_are_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Förfrågan kunde inte tolkas" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/kommun/nowhere",
        "/kommun/lund/plan/nothing",
        "/mal/999999",
        "/fokusomrade/999999",
        "/kommun/lund/namnd/nobody",
        "/no/such/page",
    ],
)
def test_unknown_things_get_a_friendly_404_in_the_visitors_language(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.get_data(as_text=True)
    assert "Page not found" in client.get(f"{url}?lang=en").get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_assets_are_local(client):
    page = client.get("/").get_data(as_text=True)
    assert re.findall(r'(?:href|src)="(https?:)?//', page) == []
    with client.get("/static/css/dialog.css") as response:
        assert response.status_code == 200


def test_swedish_content_is_marked_as_swedish_on_english_pages(seeded, client, app):
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.description.is_not(None)))
        goal_id = goal.id
    page = client.get(f"/mal/{goal_id}?lang=en").get_data(as_text=True)
    assert '<h1 id="goal-title"><span lang="sv">' in page
    assert '<p lang="sv">' in page
    assert "<title><span" not in page
    assert (
        'lang="sv"'
        not in client.get(f"/mal/{goal_id}")
        .get_data(as_text=True)
        .split("<html", 1)[1]
        .split(">", 1)[1]
    )
