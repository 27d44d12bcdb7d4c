"""Titles of plans, focus areas and goals: a box of three lines in every form, stored as one
line (`one_line`) whether typed in a form or given in an uploaded goal document."""

import io
import re

import pytest
from sqlalchemy import select

from dialog.catalogue.cli import dump_document
from dialog.catalogue.importer import export_municipality
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.extensions import db
from tests.catalogue.admin.conftest import lund_plan
from tests.factories import csrf, form_fields

BASE = "/hantera/lund/innehall"
#: A long title as an official types it (or pastes it from a document) and as it is stored.
TYPED = "Lund ska vara en attraktiv\r\n  och  kreativ\nplats\t för alla\r\n"
STORED = "Lund ska vara en attraktiv och kreativ plats för alla"
TYPED_EN = "Lund shall be an attractive\r\nand creative  place"
STORED_EN = "Lund shall be an attractive and creative place"


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found[0]


def _form_urls(app) -> list[str]:
    with app.app_context():
        plan = lund_plan()
        area = next(a for a in plan.focus_areas if not a.is_archived)
        slug, area_id = plan.slug, area.id
    return [
        f"{BASE}/planer/ny",
        f"{BASE}/planer/{slug}/andra",
        f"{BASE}/planer/{slug}/omraden/ny",
        f"{BASE}/omraden/{area_id}",
    ]


def test_plan_and_focus_area_titles_are_boxes_of_three_lines_like_a_goals(app, lund_admin):
    """Found on the administrators' walk: a plan's or a focus area's title may be a whole
    sentence too, which a one-line field shows only in part."""
    for url in _form_urls(app):
        page = lund_admin.get(f"{url}?lang=en").get_data(as_text=True)
        for name in ("title", "title_en"):
            assert 'rows="3"' in _textarea(page, name), (url, name)
        assert 'lang="en"' in _textarea(page, "title_en")
        assert '<input id="title"' not in page, url


def test_a_plans_title_keeps_its_text_in_the_box(app, lund_admin):
    with app.app_context():
        plan = lund_plan()
        slug, title = plan.slug, plan.title
    page = lund_admin.get(f"{BASE}/planer/{slug}/andra").get_data(as_text=True)
    assert re.search(rf'<textarea[^>]*name="title"[^>]*>\s*{re.escape(title)}</textarea>', page)


#: What a new plan (index 0 of `_form_urls`) and a new focus area (index 2) need besides a title.
NEW = {
    Plan: (0, {"kind": "governing", "status": "adopted", "dialogue_level": "goals"}),
    FocusArea: (2, {"kind": "focus_area"}),
}


@pytest.mark.parametrize("model", [Plan, FocusArea])
def test_line_breaks_and_runs_of_spaces_in_a_title_are_stored_as_one_space(app, lund_admin, model):
    index, fields = NEW[model]
    url = _form_urls(app)[index]
    data = {"csrf_token": csrf(lund_admin, url), "title": TYPED, "title_en": TYPED_EN} | fields
    response = lund_admin.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        item = db.session.scalar(select(model).order_by(model.id.desc()))
        assert (item.title, item.title_en) == (STORED, STORED_EN)
        if model is Plan:
            assert item.slug == "lund-ska-vara-en-attraktiv-och-kreativ-plats-for-alla"


@pytest.mark.parametrize("model", [Plan, FocusArea])
def test_a_title_of_white_space_only_is_refused_as_empty(app, lund_admin, model):
    index, fields = NEW[model]
    url = _form_urls(app)[index]
    data = {"csrf_token": csrf(lund_admin, url), "title": "\r\n \t\r\n"} | fields
    response = lund_admin.post(url, data=data)
    assert response.status_code == 200
    assert 'id="title-error"' in response.get_data(as_text=True)


def _upload(client, raw: bytes) -> None:
    """Preview and confirm a goal document, as an official does on the upload page."""
    url = f"{BASE}/ladda-upp"
    data = {"csrf_token": csrf(client, url), "document": (io.BytesIO(raw), "lund.yaml")}
    page = client.post(url, data=data, content_type="multipart/form-data").get_data(as_text=True)
    tokens = form_fields(page[page.index('id="preview-heading"') :])
    upload_id = re.search(r'name="upload" type="hidden" value="(\d+)"', page)[1]
    confirm = {"upload": upload_id} | tokens
    assert client.post(f"{url}/bekrafta", data=confirm).status_code == 302


def test_an_uploaded_documents_titles_are_stored_as_the_form_stores_them(app, lund_admin):
    """A title with line breaks (a YAML block, or pasted) or runs of spaces was stored as the
    file gave it, and the same title typed in the form as one line: now both are alike."""
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        document = export_municipality(lund)
        index, plan, area = next(
            (index, plan, area)
            for index, plan in enumerate(document["plans"])
            for area in plan.get("focus_areas", [])
            if area.get("goals")
        )
        plan["title"] = "En plan\n\nmed  radbrytningar "
        plan["en"] = {"title": " A plan\r\nwith\tline breaks"}
        area["title"] = TYPED
        goal = area["goals"][0]
        if "code" not in goal:  # so that the changed title still matches the stored goal
            db.session.scalar(select(Goal).filter_by(title=goal["title"])).code = "X1"
            db.session.commit()
            goal["code"] = "X1"
        goal["title"], goal["en"] = TYPED, {"title": TYPED_EN}
    _upload(lund_admin, dump_document(document).encode("utf-8"))
    with app.app_context():
        lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
        stored = lund.plans[index]
        assert (stored.title, stored.title_en) == (
            "En plan med radbrytningar",
            "A plan with line breaks",
        )
        area = next(a for a in stored.focus_areas if a.title == STORED)
        goal = next(g for g in area.goals if g.title == STORED)
        assert goal.title_en == STORED_EN
