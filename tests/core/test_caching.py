"""Pages shown to a signed-in person are kept out of every cache; public pages are not."""

from tests.factories import make_goal, make_user, sign_in

PERSONAL = [
    "/mina-sidor",
    "/mina-sidor/mina-data",
    "/mina-sidor/profil",
    "/mina-sidor/aviseringar",
    "/mina-sidor/konto",
    "/mina-sidor/radera-konto",
]


def _directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def test_personal_pages_and_the_data_download_are_private_no_store(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    for path in [*PERSONAL, f"/mal/{goal.id}"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert {"private", "no-store"} <= _directives(response), path


def test_public_pages_and_static_files_for_visitors_are_cacheable(client, app_context):
    goal = make_goal()
    for path in ("/", f"/mal/{goal.id}"):
        assert "no-store" not in _directives(client.get(path)), path
    make_user()
    sign_in(client)
    static = client.get("/static/css/dialog.css")
    static.close()
    assert "no-store" not in _directives(static)
