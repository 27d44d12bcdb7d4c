"""A queue filtered to nothing says so and leads back to the whole queue; dates the wrong way
round are named at their field.

The walk-through filtered the approval queue (35 comments) from 8 to 1 December and was told
"Nothing waits in this queue": a moderator could take the queue for done.
"""

import pytest

from tests.moderation.helpers import desk_world
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"


@pytest.fixture
def moderator(client, app_context):
    desk_world()
    sign_in_official(client, "mod@lund.se")
    return client


def test_a_queue_filtered_to_nothing_says_so(moderator):
    page = moderator.get(f"{DESK}?queue=approval&since=2000-01-01&until=2000-01-02")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ingen kommentar i kön passar filtret." in text
    assert "Inget väntar i den här kön." not in text
    assert f'<a href="{DESK}?queue=approval">Visa hela kön (1 kommentar)</a>' in text


def test_dates_the_wrong_way_round_are_named(moderator):
    page = moderator.get(f"{DESK}?queue=approval&since=2026-12-08&until=2026-12-01")
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Skriven senast: Den sista dagen ligger före den första." in text
    assert "Väntar på godkännande." in text  # the whole queue, not nothing
    english = moderator.get(f"{DESK}?queue=approval&since=2026-12-08&until=2026-12-01&lang=en")
    assert "The last day comes before the first day." in english.get_data(as_text=True)
