"""Archiving and ordering committees, plans and municipalities: hidden, kept, logged."""

from html import escape

from sqlalchemy import select

from dialog.catalogue.models import Committee, FocusArea, Municipality, Plan
from dialog.catalogue.search.models import SearchEntry
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf
from tests.officials import make_official, sign_in_official


def _lund() -> Municipality:
    return db.session.scalar(select(Municipality).filter_by(slug="lund"))


def test_an_archived_committee_leaves_the_public_pages_and_comes_back(app, lund_admin, client):
    with app.app_context():
        committee = _lund().committees[0]
        slug, name = committee.slug, committee.display_name
    public = f"/kommun/lund/namnd/{slug}"
    assert client.get(public).status_code == 200
    token = csrf(lund_admin, "/hantera/lund/innehall")
    url = f"/hantera/lund/innehall/namnder/{slug}"
    assert (
        lund_admin.post(
            f"{url}/arkivera", data={"csrf_token": token, "bekraftat": "ja"}
        ).status_code
        == 302
    )
    assert client.get(public).status_code == 404
    assert name not in client.get("/kommun/lund").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Committee).filter_by(slug=slug)).is_archived
    assert lund_admin.post(f"{url}/aterstall", data={"csrf_token": token}).status_code == 302
    assert client.get(public).status_code == 200
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("catalogue.committee.%"))
        ).all()
        assert actions == ["catalogue.committee.archive", "catalogue.committee.restore"]


def test_plans_are_reordered(app, lund_admin):
    with app.app_context():
        first, second = [p.slug for p in _lund().plans][:2]
    token = csrf(lund_admin, "/hantera/lund/innehall")
    url = f"/hantera/lund/innehall/planer/{second}/flytta"
    assert lund_admin.post(url, data={"csrf_token": token, "riktning": "upp"}).status_code == 302
    with app.app_context():
        assert [p.slug for p in _lund().plans][:2] == [second, first]
        assert db.session.scalars(select(AuditEntry).filter_by(action="catalogue.plan.move")).one()


def test_platform_admins_order_and_archive_municipalities(app, seeded, client):
    with app.app_context():
        make_official("root@example.se", platform_admin=True)
    sign_in_official(client, "root@example.se")
    page = client.get("/hantera/innehall/kommuner")
    assert page.status_code == 200
    token = csrf(client, "/hantera/innehall/kommuner")
    moved = client.post(
        "/hantera/innehall/kommuner/lund/flytta", data={"csrf_token": token, "riktning": "upp"}
    )
    assert moved.status_code == 302
    with app.app_context():
        order = db.session.scalars(
            select(Municipality.slug).order_by(Municipality.position, Municipality.name)
        ).all()
        assert order[0] == "lund"  # Lomma came first by name
    client.post(
        "/hantera/innehall/kommuner/lund/arkivera", data={"csrf_token": token, "bekraftat": "ja"}
    )
    assert client.get("/kommun/lund").status_code == 404
    assert "Lunds kommun" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        lund = _lund()
        assert lund.is_archived and lund.plans  # kept, with everything attached
        count = select(SearchEntry).filter_by(municipality_id=lund.id)
        assert db.session.scalars(count).first() is None
    client.post("/hantera/innehall/kommuner/lund/aterstall", data={"csrf_token": token})
    assert client.get("/kommun/lund").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(SearchEntry).filter_by(municipality_id=_lund().id)).first()
        actions = set(
            db.session.scalars(
                select(AuditEntry.action).where(AuditEntry.action.like("catalogue.municipality.%"))
            )
        )
        assert actions == {
            "catalogue.municipality.move",
            "catalogue.municipality.archive",
            "catalogue.municipality.restore",
        }


def test_a_municipality_administrator_cannot_archive_a_municipality(app, lund_admin):
    token = csrf(lund_admin, "/hantera/lund/innehall")
    response = lund_admin.post(
        "/hantera/innehall/kommuner/lund/arkivera", data={"csrf_token": token, "bekraftat": "ja"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert not _lund().is_archived


def test_committees_are_reordered_up_and_down_and_residents_see_the_order(app, lund_admin, client):
    with app.app_context():
        shown = [c for c in _lund().committees if not c.is_archived]
        first, second = shown[0].slug, shown[1].slug
        first_name, second_name = shown[0].display_name, shown[1].display_name
    token = csrf(lund_admin, "/hantera/lund/innehall")
    overview = lund_admin.get("/hantera/lund/innehall").get_data(as_text=True)
    assert f"/hantera/lund/innehall/namnder/{second}/flytta" in overview
    url = f"/hantera/lund/innehall/namnder/{second}/flytta"
    assert lund_admin.post(url, data={"csrf_token": token, "riktning": "upp"}).status_code == 302
    with app.app_context():
        assert [c.slug for c in _lund().committees][:2] == [second, first]
        entry = db.session.scalars(select(AuditEntry).filter_by(action="catalogue.committee.move"))
        assert entry.one()
    page = client.get("/kommun/lund").get_data(as_text=True)
    assert page.index(second_name) < page.index(first_name)
    url = f"/hantera/lund/innehall/namnder/{second}/flytta"
    assert lund_admin.post(url, data={"csrf_token": token, "riktning": "ned"}).status_code == 302
    with app.app_context():
        assert [c.slug for c in _lund().committees][:2] == [first, second]
        moves = select(AuditEntry).filter_by(action="catalogue.committee.move")
        assert len(db.session.scalars(moves).all()) == 2


def test_a_lomma_administrator_cannot_reorder_lunds_committees(app, lomma_admin):
    with app.app_context():
        first, second = [c.slug for c in _lund().committees][:2]
    token = csrf(lomma_admin, "/hantera/lomma/innehall")
    url = f"/hantera/lund/innehall/namnder/{second}/flytta"
    response = lomma_admin.post(url, data={"csrf_token": token, "riktning": "upp"})
    assert response.status_code == 403
    with app.app_context():
        assert [c.slug for c in _lund().committees][:2] == [first, second]
        assert not db.session.scalars(
            select(AuditEntry).filter_by(action="catalogue.committee.move")
        ).all()


def test_archiving_asks_first_and_says_which_goals_go_with_a_focus_area(app, lund_admin, client):
    """Found on the administrators' walk: one press of "Archive" on a focus area hid it and all
    its goals from residents at once, and restoring the area does not bring the goals back."""
    with app.app_context():
        area = next(a for p in _lund().plans for a in p.focus_areas if len(a.goals) > 1)
        area_id, titles = area.id, [g.title for g in area.goals]
    url = f"/hantera/lund/innehall/omraden/{area_id}/arkivera?lang=en"
    token = csrf(lund_admin, "/hantera/lund/innehall")
    asked = lund_admin.post(url, data={"csrf_token": token})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "<h1>Archive the focus area and its goals?</h1>" in page
    assert all(f'<li><span lang="sv">{escape(title)}</span></li>' in page for title in titles)
    assert 'name="bekraftat" value="ja"' in page and ">Cancel</a>" in page
    with app.app_context():
        assert not db.session.get(FocusArea, area_id).is_archived
        assert (
            db.session.scalar(select(AuditEntry).filter_by(action="catalogue.focus_area.archive"))
            is None
        )
    done = lund_admin.post(
        url, data={"csrf_token": token, "bekraftat": "ja"}, follow_redirects=True
    )
    assert f"and its {len(titles)} goals." in done.get_data(as_text=True)
    with app.app_context():
        archived = db.session.get(FocusArea, area_id)
        assert archived.is_archived and all(g.is_archived for g in archived.goals)


def test_archiving_a_plan_asks_first(app, lund_admin):
    with app.app_context():
        plan = next(p for p in _lund().plans if p.status != "archived")
        slug = plan.slug
    url = f"/hantera/lund/innehall/planer/{slug}/arkivera"
    token = csrf(lund_admin, "/hantera/lund/innehall")
    asked = lund_admin.post(url, data={"csrf_token": token})
    assert asked.status_code == 200 and "<h1>Arkivera styrdokumentet?</h1>" in asked.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(Plan).filter_by(slug=slug)).status != "archived"
    assert lund_admin.post(url, data={"csrf_token": token, "bekraftat": "ja"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Plan).filter_by(slug=slug)).status == "archived"
