"""Each named region on a resident's page has a name of its own (axe's landmark-unique): a
screen reader's list of regions that shows "1 reply" twice, or "My ratings" twice, does not
tell the listener which is which."""

from collections import Counter
from html.parser import HTMLParser

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import RatingQuestion
from tests.factories import make_goal, make_user, sign_in


class Regions(HTMLParser):
    """Named regions (named <section>, role=region, named <nav>) and the text of every id."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[tuple[str, str | None, str | None]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        named = found.get("aria-label") or found.get("aria-labelledby")
        if named and (tag in ("section", "nav", "aside", "form") or found.get("role") == "region"):
            self.regions.append((tag, found.get("aria-label"), found.get("aria-labelledby")))
        if "id" in found:
            self._open.append((tag, found["id"]))
            self.texts[found["id"]] = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _tag, ident in self._open:
            self.texts[ident] += data

    def names(self) -> list[str]:
        return [
            label or " ".join(" ".join(self.texts.get(i, "").split()) for i in labelled_by.split())
            for _tag, label, labelled_by in self.regions
        ]


def repeated_names(html: str) -> list[str]:
    parser = Regions()
    parser.feed(html)
    return [name for name, n in Counter(parser.names()).items() if n > 1]


def test_the_replies_under_two_comments_are_told_apart(client, app_context):
    goal = make_goal()
    anna, bo = make_user("anna@example.se", "Anna"), make_user("bo@example.se", "Bo")
    for n in range(2):
        top = services.post_comment(goal, anna, f"Synpunkt {n}", None, f"{n}" * 32).comment
        services.post_comment(goal, bo, f"Svar {n}", None, f"r{n}" * 16, parent=top)
    db.session.commit()
    for language in ("sv", "en"):
        page = client.get(f"/mal/{goal.id}?lang={language}").get_data(as_text=True)
        assert page.count('class="replies"') == 2
        assert repeated_names(page) == [], language


def test_my_page_names_its_ratings_table_apart_from_its_section(client, app_context):
    goal = make_goal()
    user = make_user()
    services.rate(goal, user, {RatingQuestion.IMPORTANCE: 4, RatingQuestion.PERFORMANCE: 2})
    db.session.commit()
    sign_in(client)
    for language in ("sv", "en"):
        page = client.get(f"/mina-sidor?lang={language}").get_data(as_text=True)
        assert 'class="table-scroll"' in page
        assert repeated_names(page) == [], language
