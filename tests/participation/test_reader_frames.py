"""The signed-in goal page is kept rendered per kind of reader and filled for each one
(dialog/core/frames.py). These tests run with a real cache, so that a frame made for one reader
and filled for another would show: the filled page must equal a full rendering for the same
reader and data, and what decides a reader's kind (session, block, roles, name) must take
effect on the very next request, whatever was kept."""

import re

import pytest
from sqlalchemy import delete, select

from dialog.accounts.models import User, UserSession
from dialog.accounts.roles import Membership
from dialog.core import frames
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Block
from dialog.participation import services
from dialog.participation.models import RatingQuestion, ReactionKind
from tests.factories import form_fields, make_goal, make_user, sign_in

_TOKENS = (
    r'(name="csrf_token" type="hidden" value=")[^"]*(")',
    r'(name="csrf_token" value=")[^"]*(")',
    r'(name="submission_token" type="hidden" value=")[^"]*(")',
)


def _same_for_any_request(html: str) -> str:
    """The page without what every request makes anew: its CSRF token (signed with the time)
    and the comment form's one-time token."""
    for pattern in _TOKENS:
        html = re.sub(pattern, r"\1…\2", html)
    return html


@pytest.fixture
def page(make_app, app_context):
    """A server with a cache of its own; a goal with comments by Anna and Bo, Bo's reaction
    to Anna's, and Anna's rating; clients for Anna (resident), Mona (moderator) and Olle
    (communicator: may respond)."""
    server = make_app(CACHE_TYPE="SimpleCache")
    goal = make_goal()
    anna, bo = make_user(), make_user("bo@example.se", "Bo <b>")
    mona, olle = make_user("mona@example.se", "Mona"), make_user("olle@example.se", "Olle")
    annas = services.post_comment(goal, anna, "Fler bänkar.", None, "frame-1").comment
    services.post_comment(goal, bo, "Bättre ljus.", None, "frame-2")
    db.session.flush()
    services.react(annas, bo, ReactionKind.AGREE)
    services.rate(goal, anna, {RatingQuestion.IMPORTANCE: 4})
    db.session.commit()
    clients = {name: server.test_client() for name in ("anna", "bo", "mona", "olle")}
    for name in clients:
        sign_in(clients[name], f"{name}@example.se")
    # Roles after signing in (an official's sign-in asks for a second factor first).
    municipality_id = goal.plan.municipality_id
    for user, role in ((mona, "moderator"), (olle, "communicator")):
        db.session.add(Membership(user_id=user.id, municipality_id=municipality_id, role=role))
    db.session.commit()
    return server, goal, clients


@pytest.mark.parametrize("reader", ["anna", "bo", "mona", "olle"])
@pytest.mark.parametrize("language", ["", "?lang=en"])
def test_the_filled_page_is_the_full_rendering(page, monkeypatch, reader, language):
    _server, goal, clients = page
    url = f"/mal/{goal.id}{language}"
    made = clients[reader].get(url)  # renders and keeps the frames
    kept = clients[reader].get(url)  # fills the kept frames
    assert made.status_code == kept.status_code == 200
    with monkeypatch.context() as patch:
        patch.setattr(frames, "keepable", lambda: False)
        full = clients[reader].get(url)
    assert full.status_code == 200
    expected = _same_for_any_request(full.get_data(as_text=True))
    assert _same_for_any_request(made.get_data(as_text=True)) == expected
    assert _same_for_any_request(kept.get_data(as_text=True)) == expected
    assert kept.headers["Cache-Control"] == "private, no-store"


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"(?: type="hidden")? value="([^"]*)"', html))


def test_each_reader_gets_their_own_name_and_tokens(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    anna = clients["anna"].get(url).get_data(as_text=True)
    bo = clients["bo"].get(url).get_data(as_text=True)
    assert "Bara ditt namn, Anna," in anna
    assert "Bara ditt namn, Bo &lt;b&gt;," in bo and "Bo <b>" not in bo  # escaped
    assert "Bara ditt namn, Anna" not in bo
    assert len(_tokens(anna)) == len(_tokens(bo)) == 1
    assert _tokens(anna) != _tokens(bo)
    submission = form_fields(bo)["submission_token"]
    again = clients["bo"].get(url).get_data(as_text=True)
    assert form_fields(again)["submission_token"] != submission  # a new one per view


def test_a_revoked_session_is_signed_out_at_once(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    assert "Logga ut" in clients["anna"].get(url).get_data(as_text=True)
    anna_id = db.session.scalar(select(User.id).filter_by(email="anna@example.se"))
    db.session.execute(delete(UserSession).where(UserSession.user_id == anna_id))
    db.session.commit()
    after = clients["anna"].get(url).get_data(as_text=True)
    assert "Logga ut" not in after and "Bara ditt namn" not in after
    assert 'name="csrf_token"' not in after


def test_a_block_takes_effect_at_once(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    assert 'name="body"' in clients["bo"].get(url).get_data(as_text=True)
    bo = db.session.scalar(select(User).filter_by(email="bo@example.se"))
    block = Block(
        user_id=bo.id,
        municipality_id=goal.plan.municipality_id,
        justification="Hot mot en granne.",
    )
    db.session.add(block)
    db.session.commit()
    blocked = clients["bo"].get(url).get_data(as_text=True)
    assert 'name="body"' not in blocked and "spärrat" in blocked
    assert 'name="body"' in clients["anna"].get(url).get_data(as_text=True)
    block.lifted_at = utcnow()
    db.session.commit()
    assert 'name="body"' in clients["bo"].get(url).get_data(as_text=True)


def test_a_removed_role_takes_effect_at_once(page):
    """Roles are not content (writing them leaves the content version alone): the kind of
    reader is decided afresh on each request."""
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    olle = clients["olle"].get(url).get_data(as_text=True)
    assert 'href="/hantera"' in olle and "Återkoppla som kommunen" in olle
    mona = clients["mona"].get(url).get_data(as_text=True)
    assert 'href="/hantera"' in mona and "Återkoppla som kommunen" not in mona
    db.session.execute(delete(Membership))
    db.session.commit()
    for name in ("olle", "mona"):
        after = clients[name].get(url).get_data(as_text=True)
        assert 'href="/hantera"' not in after and "Återkoppla som kommunen" not in after


def test_a_changed_name_shows_at_once(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    assert "Bara ditt namn, Anna," in clients["anna"].get(url).get_data(as_text=True)
    anna = db.session.scalar(select(User).filter_by(email="anna@example.se"))
    anna.display_name = "Anna & Co"
    db.session.commit()
    after = clients["anna"].get(url).get_data(as_text=True)
    assert "Bara ditt namn, Anna &amp; Co," in after


def test_a_message_is_shown_once_then_the_kept_page(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    client = clients["anna"]
    fields = form_fields(client.get(url).get_data(as_text=True))
    posted = client.post(f"{url}/kommentera", data={**fields, "body": "En till tanke."})
    assert posted.status_code == 302
    thanked = client.get(url).get_data(as_text=True)
    assert "Tack!" in thanked and "En till tanke." in thanked
    assert "Tack!" not in client.get(url).get_data(as_text=True)


def test_the_thanks_for_ratings_is_shown_once_then_the_kept_page(page):
    """The thanks stands in the ratings section; taking it from the session there let the
    page be kept with the comment's thanks in it, shown again on every later view."""
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    client = clients["anna"]
    fields = form_fields(client.get(url).get_data(as_text=True))
    client.post(f"{url}/kommentera", data={**fields, "body": "En till tanke."})
    client.post(f"{url}/betyg", data={"importance": "2", "csrf_token": fields["csrf_token"]})
    thanked = client.get(url).get_data(as_text=True)
    assert thanked.count("Tack!") == 2
    assert thanked.index('id="ratings"') < thanked.index("Tack! Dina svar är sparade.")
    assert "Tack!" not in client.get(url).get_data(as_text=True)
    assert "Tack!" not in client.get(url).get_data(as_text=True)


def test_an_edited_goal_shows_at_once_and_a_missing_one_is_a_404(page):
    """The goal itself is kept per content version, which its edit replaces."""
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    assert "Trygga parker" in clients["anna"].get(url).get_data(as_text=True)
    goal.title = "Trygga & ljusa parker"
    db.session.commit()
    assert "Trygga &amp; ljusa parker" in clients["anna"].get(url).get_data(as_text=True)
    assert clients["anna"].get(f"/mal/{goal.id + 1000}").status_code == 404


def test_the_edit_link_goes_when_the_edit_time_is_over(page):
    """The words and link patterns are kept per language, the deadline is read per request:
    nothing written bumps the content version when the minutes run out."""
    server, goal, clients = page
    url = f"/mal/{goal.id}"
    annas = re.compile(r'href="[^"]*/redigera"')
    assert annas.search(clients["anna"].get(url).get_data(as_text=True))
    assert annas.search(clients["anna"].get(url).get_data(as_text=True))  # from what was kept
    server.config["COMMENT_EDIT_MINUTES"] = 0
    after = clients["anna"].get(url).get_data(as_text=True)
    assert not annas.search(after) and "/dra-tillbaka" in after
    assert not annas.search(clients["bo"].get(url).get_data(as_text=True))


def test_a_filled_frame_carries_its_own_utf8(page, monkeypatch):
    """A filled frame's bytes are joined from pieces encoded once (dialog/core/frames.py,
    `Encoded`): they must be the UTF-8 of its text, with values escaped or kept as Markup, and
    the signed-in goal page goes out as those bytes, not encoded again."""
    from markupsafe import Markup

    frame = frames.Frame(("<p>Åsa ", "name", " säger ", "list", " – ", "csrf", "</p>"))
    inner = frames.Frame(("<li>bänk ", "who", "</li>")).fill({"who": "Ö<ö>"})
    filled = frame.fill({"name": "Bo <b>", "list": inner, "csrf": Markup("<i>ä</i>")})
    assert str(filled) == "<p>Åsa Bo &lt;b&gt; säger <li>bänk Ö&lt;ö&gt;</li> – <i>ä</i></p>"
    assert filled.encoded == str(filled).encode()
    joined = frames.join(Markup("\n\n"), [inner, Markup("<hr>")])
    assert joined.encoded == str(joined).encode() == "<li>bänk Ö&lt;ö&gt;</li>\n\n<hr>".encode()
    # What Markup's operations make of it carries no bytes of the text before.
    derived = [filled + "<x>", filled.replace("Bo", "Cia"), Markup("{}").format(filled)]
    for changed in derived:
        assert frames.encoding(changed) == str(changed).encode()
        again = frames.Frame(("", "v", "")).fill({"v": changed})
        assert again.encoded == str(again).encode() == str(changed).encode()

    server, goal, clients = page
    clients["bo"].get(f"/mal/{goal.id}")  # keeps the frames
    encoded = []
    original = frames.Frame.fill

    def noting(self, values):
        made = original(self, values)
        encoded.append(made.encoded)
        return made

    monkeypatch.setattr(frames.Frame, "fill", noting)
    response = clients["bo"].get(f"/mal/{goal.id}")
    assert response.status_code == 200
    assert response.get_data() == encoded[-1]  # the page's own fill, sent as it was joined
    assert "Bättre ljus." in response.get_data(as_text=True)
