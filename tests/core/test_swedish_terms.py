"""Swedish terms kept in English sentences ("public record (allmän handling)", the agencies'
names, the law's title) are marked lang="sv" on English pages, so that a screen reader says
them in Swedish (WCAG 3.1.2); on Swedish pages they are plain text."""

import re
from html.parser import HTMLParser

import pytest

from dialog.extensions import db
from dialog.participation import services
from tests.factories import make_goal, make_user, sign_in

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
#: Swedish words without å, ä or ö, which the general check cannot see.
TERMS = ("offentlighetsprincipen", "gallring", "Integritetsskyddsmyndigheten")


class UnmarkedSwedish(HTMLParser):
    """Text in <main> that looks Swedish and has no lang="sv" around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        in_main = any(tag == "main" for tag, _lang in self.stack)
        languages = [lang for _tag, lang in self.stack if lang]
        swedish = bool(languages) and languages[-1].startswith("sv")
        looks_swedish = re.search("[åäöÅÄÖ]", data) or any(term in data for term in TERMS)
        if in_main and looks_swedish and not swedish:
            self.found.append(" ".join(data.split()))


def unmarked_swedish(html: str) -> list[str]:
    parser = UnmarkedSwedish()
    parser.feed(html)
    return parser.found


def data(app) -> tuple[int, int]:
    """A goal with a comment, and Anna to sign in; made in an app context of its own, so
    that each request below chooses its language afresh."""
    with app.app_context():
        goal = make_goal()
        bo = make_user("bo@example.se", "Bo")
        comment = services.post_comment(goal, bo, "Hej", None, "a" * 32).comment
        make_user()
        db.session.commit()
        return goal.id, comment.id


@pytest.mark.parametrize("path", ["/konto/registrera", "/regler", "/tillganglighet", "/integritet"])
def test_english_pages_for_everyone_mark_their_swedish_terms(app, client, path):
    data(app)  # a municipality, for the contacts on the privacy and accessibility pages
    page = client.get(f"{path}?lang=en").get_data(as_text=True)
    assert '<span lang="sv">' in page
    assert unmarked_swedish(page) == []
    assert '<span lang="sv">' not in client.get(f"{path}?lang=sv").get_data(as_text=True)


def test_the_comment_and_reply_forms_mark_allman_handling(app, client):
    goal_id, comment_id = data(app)
    sign_in(client)
    for path in (f"/mal/{goal_id}", f"/kommentar/{comment_id}"):
        page = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert 'public record (<span lang="sv">allmän handling</span>)' in page, path
        swedish = client.get(f"{path}?lang=sv").get_data(as_text=True)
        assert "Det du skriver blir en allmän handling hos kommunen." in swedish, path
