"""The privacy notice, the dialogue rules and the accessibility statement in words a resident of
70 understands (no "scrypt hash", no "headless browser"), and what a new version of the notice
or the rules does: it says what changed, and nobody who accepted an earlier one is stopped."""

import re

from sqlalchemy import select

from dialog.extensions import db
from dialog.participation.models import Comment
from tests.factories import make_goal, make_user, sign_in
from tests.participation.test_comments import post_comment

#: Words of the trade that a resident should not have to look up, in either language.
JARGON = re.compile(
    r"scrypt|hash|headless|chromium|engine|assistive technology|criterion|kriterier"
    r"|legal basis is|rättsliga grunden är|rules for disposal|notification choices"
    r"|val av aviseringar|personuppgiftsansvarig för|påtala",
    re.IGNORECASE,
)


def words(client, url):
    html = client.get(url).get_data(as_text=True)
    main = html.split('<main id="content"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_notice_says_plainly_how_the_password_is_kept(client, app_context):
    english = words(client, "/integritet?lang=en")
    assert (
        "We never store the password itself, only a scrambled form of it that cannot be "
        "turned back into the password." in english
    )
    swedish = words(client, "/integritet")
    assert "Vi sparar aldrig själva lösenordet, bara en förvrängd form av det" in swedish
    assert "for example “Firefox, Windows”" in english  # what "browser and system" means
    assert "the person who checks that the municipality handles personal data" in english


def test_no_jargon_in_the_notice_the_rules_or_the_accessibility_statement(client, app_context):
    for url in ("/integritet", "/regler", "/tillganglighet"):
        for language in ("sv", "en"):
            page = words(client, f"{url}?lang={language}")
            assert not JARGON.search(page), (url, language, JARGON.search(page))
    rules = words(client, "/regler?lang=en")
    assert "A moderator, a person who reads comments on behalf of the municipality," in rules
    statement = words(client, "/tillganglighet?lang=en")
    assert "JavaScript (small programs that web pages run in your browser)" in statement
    assert "screen readers (programs that read the screen aloud)" in statement


def test_each_page_says_what_its_current_version_changed(app, client, app_context):
    for url, key in (("/integritet", "PRIVACY_VERSION"), ("/regler", "RULES_VERSION")):
        version = app.config[key]
        assert version > "2026-11"  # the wording changed, so the version did
        english = words(client, f"{url}?lang=en")
        assert f"Version {version}." in english
        assert f"What changed in version {version}:" in english, url
        swedish = words(client, url)
        assert f"Det här har ändrats i version {version}:" in swedish, url
    assert "What we store, and why, is the same as before" in words(client, "/integritet?lang=en")


def test_the_statement_tells_its_own_update_apart_from_the_assessment(client, app_context):
    page = words(client, "/tillganglighet")
    assert (
        "Den senaste bedömningen gjordes den 28 november 2026. "
        "Redogörelsen uppdaterades senast den 7 december 2026." in page
    )


def test_who_accepted_the_earlier_version_goes_on_as_before(app, client, app_context):
    """A clearer wording is no new processing: nobody is sent through an acceptance step."""
    goal = make_goal()
    user = make_user()
    assert user.privacy_version == "2026-11" != app.config["PRIVACY_VERSION"]
    sign_in(client)
    assert client.get("/mina-sidor").status_code == 200
    response, _data = post_comment(client, goal.id)
    assert response.status_code == 302 and "/konto" not in response.headers["Location"]
    db.session.refresh(user)
    # What they accepted stays recorded as what they accepted.
    assert (user.privacy_version, user.rules_version) == ("2026-11", "2026-11")
    assert db.session.scalar(select(Comment.author_id)) == user.id
