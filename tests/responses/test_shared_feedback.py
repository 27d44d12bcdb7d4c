"""The response section of the goal page is rendered once per content version and shared by
every reader (dialog/responses/views.py); only an official's link to answer is added per
reader. These tests run with a real cache, so a section kept too long, or an official's link
kept for the next reader, would show."""

import pytest
from sqlalchemy import delete

from dialog.accounts.roles import Membership, Role
from dialog.extensions import db
from dialog.participation import services as participation
from tests.factories import counted_queries, form_fields, make_goal, make_user, sign_in
from tests.officials import make_official, sign_in_official

HEADING = "Så här tar vi hand om synpunkterna"


@pytest.fixture
def cached(make_app, app_context):
    """A server with a cache of its own (in process), a goal with a comment, a signed-in
    resident, a communicator of the goal's municipality and an anonymous visitor."""
    server = make_app(CACHE_TYPE="SimpleCache")
    goal = make_goal(slug="lund", title="Trygga parker")
    anna = make_user("anna@example.se", "Anna")
    participation.post_comment(goal, anna, "Fler lampor i parken.", None, "a" * 32)
    make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    db.session.commit()
    clients = {name: server.test_client() for name in ("anna", "official", "anonymous")}
    sign_in(clients["anna"], "anna@example.se")
    sign_in_official(clients["official"], "c@lund.se")
    return server, goal, clients


def _answer_page(goal) -> str:
    return f"/hantera/lund/mal/{goal.id}/aterkoppling"


def _publish(client, goal, body: str, revision: int) -> None:
    page = _answer_page(goal)
    token = form_fields(client.get(page).get_data(as_text=True))["csrf_token"]
    response = client.post(
        page + "/publicera", data={"csrf_token": token, "body": body, "revision": str(revision)}
    )
    assert response.status_code == 302


def test_a_new_or_changed_response_shows_at_once_to_every_reader(cached):
    _server, goal, clients = cached
    url = f"/mal/{goal.id}"
    for name in ("anna", "anonymous", "official"):
        assert "Vi sätter upp lampor" not in clients[name].get(url).get_data(as_text=True)
    assert HEADING not in clients["anna"].get(url).get_data(as_text=True)

    _publish(clients["official"], goal, "Vi sätter upp lampor i höst.", 0)
    for name in ("anna", "anonymous", "official"):
        page = clients[name].get(url).get_data(as_text=True)
        assert HEADING in page and "Vi sätter upp lampor i höst." in page, name

    _publish(clients["official"], goal, "Vi sätter upp lampor i vinter.", 1)
    for name in ("anna", "anonymous", "official"):
        page = clients[name].get(url).get_data(as_text=True)
        assert "Vi sätter upp lampor i vinter." in page and "i höst." not in page, name


@pytest.mark.parametrize("first", ["official", "anna", "anonymous"])
def test_only_an_official_gets_the_link_to_answer_whoever_read_first(cached, first):
    _server, goal, clients = cached
    url = f"/mal/{goal.id}"
    link = _answer_page(goal)
    _publish(clients["official"], goal, "Vi sätter upp lampor i höst.", 0)
    clients[first].get(url)  # renders and keeps the shared section
    pages = {name: clients[name].get(url).get_data(as_text=True) for name in clients}
    assert pages["official"].count(link) == 1
    assert link not in pages["anna"] and link not in pages["anonymous"]
    for page in pages.values():
        assert page.count("Vi sätter upp lampor i höst.") == 1


def test_an_official_gets_the_link_before_there_is_anything_to_show(cached):
    _server, goal, clients = cached
    url = f"/mal/{goal.id}"
    clients["anna"].get(url)
    official = clients["official"].get(url).get_data(as_text=True)
    assert HEADING in official and official.count(_answer_page(goal)) == 1
    anna = clients["anna"].get(url).get_data(as_text=True)
    assert HEADING not in anna and "/hantera/" not in anna


def test_a_second_reader_reads_no_response_status_or_tally_rows(cached):
    server, goal, clients = cached
    url = f"/mal/{goal.id}"
    _publish(clients["official"], goal, "Vi sätter upp lampor i höst.", 0)
    clients["anna"].get(url)
    with counted_queries(server) as statements:
        page = clients["official"].get(url).get_data(as_text=True)
    assert "Vi sätter upp lampor i höst." in page
    for table in ("official_responses", "goal_status_updates", "goal_tallies"):
        assert not [s for s in statements if f"FROM {table}" in s], table


def test_the_comment_count_follows_a_new_comment_at_once(cached):
    _server, goal, clients = cached
    url = f"/mal/{goal.id}"
    assert "Till kommentarerna (1 kommentar eller svar)" in clients["anna"].get(url).get_data(
        as_text=True
    )
    bo = make_user("bo@example.se", "Bo")
    participation.post_comment(goal, bo, "Bättre belysning.", None, "b" * 32)
    db.session.commit()
    for name in ("anna", "official"):
        page = clients[name].get(url).get_data(as_text=True)
        assert (
            "Till kommentarerna (2 kommentarer och svar)" in page and "Bättre belysning." in page
        ), name


def test_roles_come_with_the_account_and_a_revoked_role_loses_the_link_at_once(cached):
    server, goal, clients = cached
    url = f"/mal/{goal.id}"
    with counted_queries(server) as statements:
        page = clients["official"].get(url).get_data(as_text=True)
    assert page.count(_answer_page(goal)) == 1
    assert not [s for s in statements if "FROM memberships" in s], "read with the account"
    assert len([s for s in statements if "memberships" in s]) == 1
    db.session.execute(delete(Membership))
    db.session.commit()
    assert _answer_page(goal) not in clients["official"].get(url).get_data(as_text=True)


def test_with_redis_the_version_comes_with_the_account_and_a_response_shows_on_every_server(
    make_app, app_context, redis_settings
):
    """Two servers sharing Redis: a signed-in goal page reads the version in the statement
    that loads the account (no statement of its own, nor a Redis read: dialog/accounts/
    sessions.py), and a response published through one server shows at once on the other."""
    one, two = make_app(**redis_settings), make_app(**redis_settings)
    goal = make_goal(slug="lund", title="Trygga parker")
    make_user("anna@example.se", "Anna")
    make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    db.session.commit()
    anna, official = one.test_client(), two.test_client()
    sign_in(anna, "anna@example.se")
    sign_in_official(official, "c@lund.se")
    page = f"/mal/{goal.id}"
    assert HEADING not in anna.get(page).get_data(as_text=True)
    with counted_queries(one) as statements:
        assert HEADING not in anna.get(page).get_data(as_text=True)
    versions_read = [s for s in statements if "cache_versions" in s]
    assert len(versions_read) == 1 and "FROM users" in versions_read[0], "\n".join(statements)
    _publish(official, goal, "Vi sätter upp lampor i höst.", 0)
    shown = anna.get(page).get_data(as_text=True)
    assert "Vi sätter upp lampor i höst." in shown and _answer_page(goal) not in shown
