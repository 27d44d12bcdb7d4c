"""A platform administrator sets up a municipality from nothing through the forms: what the
forms say where a new municipality has nothing yet (found on the administrators' walk)."""

import re

import pytest
from markupsafe import escape

from tests.factories import csrf
from tests.officials import make_official, sign_in_official

BASE = "/hantera/ystad/innehall"


@pytest.fixture
def ystad(app, client):
    """The client, signed in as a platform administrator, and Ystad added with nothing in it."""
    with app.app_context():
        make_official("root@example.se", platform_admin=True)
    sign_in_official(client, "root@example.se")
    url = "/hantera/innehall/kommuner/ny"
    added = client.post(url, data={"csrf_token": csrf(client, url), "name": "Ystad"})
    assert added.status_code == 302
    return client


def _new_plan(client, lang: str = "sv", **changes) -> str:
    url = f"{BASE}/planer/ny?lang={lang}"
    data = {"csrf_token": csrf(client, url), "title": "Kustplan", "kind": "governing"}
    data.update({"status": "adopted", "dialogue_level": "goals", **changes})
    response = client.post(url, data=data)
    assert response.status_code == 200, response.headers.get("Location")
    return response.get_data(as_text=True)


def test_a_new_plan_opened_by_focus_areas_says_how_to_get_there(ystad):
    """A new plan has no focus areas, and none can be added on its form: the refusal said
    only that the plan had none, and the administrator did not know what to do."""
    page = _new_plan(ystad, "en", dialogue_level="both")
    assert (
        escape(
            "this plan has none yet. Choose “The goals” for now; once the plan has focus areas, "
            "change the plan and choose them here."
        )
        in page
    )
    page = _new_plan(ystad, dialogue_level="focus_areas")
    assert escape("Välj ”Målen” så länge.") in page


def test_a_status_that_does_not_fit_the_kind_says_which_do(ystad):
    """ "This status does not fit the kind of document" named neither the kind's statuses nor
    where to find them; five statuses are offered for each of three kinds."""
    page = _new_plan(ystad, "en", status="proposed")
    assert escape(
        "A document of the kind “Governing document” can be: adopted, no longer current."
    ) in (page)
    page = _new_plan(ystad, kind="proposal", status="adopted")
    assert (
        escape(
            "Ett dokument av typen ”Förslag” kan ha: inte beslutat ännu, återremitterat, "
            "inte längre aktuellt."
        )
        in page
    )


def test_the_goal_form_says_where_committees_come_from_when_there_are_none(ystad):
    """An assignment is given to committees; without any, the form showed an empty group of
    boxes that said "Choose one or more", and no way to add one."""
    url = f"{BASE}/planer/ny"
    data = {"csrf_token": csrf(ystad, url), "title": "Kustplan", "kind": "governing"}
    made = ystad.post(url, data={**data, "status": "adopted", "dialogue_level": "goals"})
    assert made.status_code == 302
    plan = made.headers["Location"]
    empty = ystad.get(plan + "?lang=en").get_data(as_text=True)
    assert '<p id="no-content">No focus areas or goals yet.</p>' in empty
    page = ystad.get(plan + "/mal/ny?lang=en").get_data(as_text=True)
    assert "Special assignments are given to committees, and Ystad has none yet." in page
    assert f'<a href="{BASE}/namnder/ny?lang=en">Add a committee</a>' in page
    assert "There are no committees to choose from yet." in page
    url = f"{BASE}/namnder/ny"
    added = ystad.post(
        url, data={"csrf_token": csrf(ystad, url), "name": "Kulturnämnden", "kind": "committee"}
    )
    assert added.status_code == 302
    page = ystad.get(plan + "/mal/ny?lang=en").get_data(as_text=True)
    assert 'id="no-committees"' not in page and "Kulturnämnden" in page


def test_a_contrast_is_written_with_the_decimal_comma_in_swedish(ystad):
    """The refused colour's contrast read "1.20:1" on the Swedish form."""
    url = f"{BASE}/installningar"
    data = {"csrf_token": csrf(ystad, url), "name": "Ystad", "brand_colour": "#ffee00"}
    page = ystad.post(url, data=data).get_data(as_text=True)
    assert "För låg kontrast (1,20:1)" in page


def _offered(page: str) -> dict[str, str]:
    """Each list's choice as a browser sends it untouched: the selected option, or the first."""
    chosen = {}
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        values = re.findall(r'<option([^>]*)value="([^"]*)"', options)
        chosen[name] = next((v for attrs, v in values if "selected" in attrs), values[0][1])
    return chosen


def test_a_new_plan_is_saved_as_the_form_offers_it(ystad):
    """The form offered a governing document that was not yet decided, which the rules refuse:
    a plan given only its title was sent back."""
    url = f"{BASE}/planer/ny"
    page = ystad.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf(ystad, url), "title": "Kustplan", **_offered(page)}
    assert data["kind"] == "governing" and data["status"] == "adopted"
    assert ystad.post(url, data=data).status_code == 302
