"""The public "what we heard" page: chosen, published, shown, taken down."""

import re

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from tests.factories import csrf
from tests.insights.captions import repeated_captions
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official

EDIT = "/hantera/testkommun/sammanfattning/plan/planen/vad-vi-hort"
PUBLIC = "/kommun/testkommun/plan/planen/vad-vi-hort"


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def communicator(client, dialogue):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def publish(communicator, **fields):
    """The "what we heard" form sent with `fields` (boxes as "y", quotes as a list of ids)."""
    return communicator.post(EDIT, data={**fields, "csrf_token": csrf(communicator, EDIT)})


def test_publish_show_and_take_down(communicator, client, dialogue, app):
    assert client.get(PUBLIC).status_code == 404
    assert PUBLIC not in client.get("/kommun/testkommun/plan/planen").get_data(as_text=True)
    form = communicator.get(EDIT)
    assert form.status_code == 200
    assert "Fler bänkar i parken" in form.get_data(as_text=True)  # a candidate quote
    sent = publish(
        communicator,
        intro="Tack för alla synpunkter! Trygghet kom upp oftast.",
        show_figures="y",
        show_matrix="y",
        quote_ids=[str(dialogue.c_n1.id)],
    )
    assert sent.status_code == 302
    html = communicator.get(PUBLIC).get_data(as_text=True)
    assert "Tack för alla synpunkter!" in html
    assert "Fler bänkar i parken" in html
    assert "SUMMA" not in html  # not chosen
    assert "Söder" not in html and "Norr" not in html  # no breakdowns in public
    assert "<svg" in html  # the matrix
    assert PUBLIC in communicator.get("/kommun/testkommun/plan/planen").get_data(as_text=True)
    assert db.session.scalar(
        select(AuditEntry.action).where(AuditEntry.action == "feedback.publish")
    )
    communicator.post(f"{EDIT}/ta-bort", data={"csrf_token": csrf(communicator, EDIT)})
    assert communicator.get(PUBLIC).status_code == 404


def test_a_quote_no_longer_published_is_left_out(communicator, dialogue):
    publish(communicator, quote_ids=[str(dialogue.c_n1.id)])
    comment = db.session.merge(dialogue.c_n1)
    comment.status = "rejected"
    db.session.commit()
    assert "Fler bänkar i parken" not in communicator.get(PUBLIC).get_data(as_text=True)


def test_too_long_an_introduction_is_refused(communicator, dialogue):
    sent = publish(communicator, intro="x" * 5001)
    assert sent.status_code == 400
    assert 'class="field-error"' in sent.get_data(as_text=True)


def test_goal_titles_on_the_english_page_are_english_or_marked_swedish(communicator, dialogue):
    """A screen reader reads a Swedish goal title with a Swedish voice (WCAG 3.1.2), and an
    English title is shown where the municipality wrote one."""
    publish(communicator, show_matrix="y", quote_ids=[str(dialogue.c_n1.id)])
    html = communicator.get(PUBLIC + "?lang=en").get_data(as_text=True)
    assert '<th scope="row"><span lang="sv">Mål A</span></th>' in html  # the matrix's table
    assert 'On <span lang="sv">Mål A</span>' in html  # the quote
    goal = db.session.merge(dialogue.c_n1).goal
    goal.title_en = "Goal A"
    db.session.commit()
    html = communicator.get(PUBLIC + "?lang=en").get_data(as_text=True)
    assert '<th scope="row">Goal A</th>' in html and "On Goal A" in html
    swedish = communicator.get(PUBLIC).get_data(as_text=True)
    assert '<th scope="row">Mål A</th>' in swedish and "Goal A" not in swedish


def test_the_plan_title_in_the_heading_is_english_or_marked_swedish(communicator, dialogue):
    """The heading named the plan in Swedish without saying so, and never in English."""
    publish(communicator, show_figures="y")
    html = communicator.get(PUBLIC + "?lang=en").get_data(as_text=True)
    assert '<h1>What we heard: <span lang="sv">Planen</span></h1>' in html
    assert "<title>What we heard: Planen – " in html  # a title holds no markup
    plan = db.session.merge(dialogue.c_n1).goal.plan
    plan.title_en = "The plan"
    db.session.commit()
    html = communicator.get(PUBLIC + "?lang=en").get_data(as_text=True)
    assert "<h1>What we heard: The plan</h1>" in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_figures_table_does_not_repeat_its_heading(communicator, dialogue, language):
    """'Deltagande' as the heading and again as the caption was read out twice: the caption
    says what the table counts, and the table keeps its name."""
    publish(communicator, show_figures="y")
    html = communicator.get(f"{PUBLIC}?lang={language}").get_data(as_text=True)
    assert 'aria-labelledby="figures-caption"' in html
    assert '<caption id="figures-caption">' in html
    assert repeated_captions(html) == []


@pytest.mark.parametrize(
    ("language", "explained"),
    [
        ("sv", "Det här är bara summor: de säger ingenting om vem som skrev en kommentar."),
        ("en", "These are totals only: they say nothing about who wrote a comment."),
    ],
)
def test_moderation_counts_are_totals_explained_and_name_no_one(
    communicator, dialogue, language, explained
):
    """Counts by moderation status are aggregate transparency: the page says what they mean and
    links the dialogue rules, and neither the held comment's text nor its writer appears."""
    publish(communicator, show_figures="y")
    html = communicator.get(f"{PUBLIC}?lang={language}").get_data(as_text=True)
    assert explained in html
    assert re.search(r'<a href="[^"]*/regler(\?lang=en)?">', html)  # the dialogue rules
    assert "Väntar på granskning" not in html and "Söder 1" not in html


def test_not_shown_is_explained_in_the_words_of_the_rows(communicator, dialogue):
    """The note under the channels said "väntar på granskning" and "återtagen" beside rows
    called "Väntar på moderering" and "Tillbakadragen": one thing, one word."""
    publish(communicator, show_figures="y")
    html = communicator.get(PUBLIC).get_data(as_text=True)
    sentence = re.search(r"Visas inte: ([^.]*)\.", html)
    assert sentence
    for row, words in (
        (
            "Kommentarer och svar som inte publicerades eftersom de bröt mot reglerna",
            "bröt mot reglerna",
        ),
        (
            "Kommentarer och svar som ännu inte har lästs av en moderator",
            "ännu inte har lästs av en moderator",
        ),
    ):
        assert f'<th scope="row">{row}</th>' in html
        assert words in sentence.group(1)


def test_residents_read_why_comments_were_not_published_not_the_desks_statuses(
    communicator, dialogue
):
    """The public page listed the moderators' desk rows ("Avvisade", "Dolda av en moderator",
    "Väntar på moderering"): residents get the number not published because it broke the rules
    (rejected and hidden together, both kept as public records), with a link to the rules."""
    from dialog.participation.models import CommentStatus

    c_n2 = db.session.merge(dialogue.c_n2)
    c_n2.status = CommentStatus.HIDDEN.value
    db.session.commit()
    publish(communicator, show_figures="y")
    html = communicator.get(PUBLIC).get_data(as_text=True)
    assert "Avvisade kommentarer och svar" not in html
    assert "Kommentarer och svar som väntar på moderering" not in html
    assert "som en moderator har dolt" not in html
    assert re.search(
        r"1 kommentar eller svar publicerades inte eftersom den bröt mot "
        r'<a href="[^"]*/regler">dialogreglerna</a>\.',
        html,
    )
    assert "allmän handling" in html
    summary = communicator.get("/hantera/testkommun/sammanfattning/plan/planen").get_data(
        as_text=True
    )
    assert "Kommentarer och svar som en moderator har dolt" in summary  # officials keep the rows


def _how_to_read(html: str, heading: str) -> list[str]:
    """The paragraphs under the page's last heading, which explains the figures."""
    section = html.split(f"<h2>{heading}</h2>", 1)[1].split("</div>", 1)[0]
    return [
        re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<p>(.*?)</p>", section, re.S)
    ]


@pytest.mark.parametrize(
    "language, heading, not_a_poll, details",
    [
        (
            "en",
            "How to read the figures",
            "So this is not a poll of all residents.",
            "For those who want the details: ",
        ),
        (
            "sv",
            "Så läser du siffrorna",
            "Därför är det här inte en undersökning av alla invånare.",
            "För den som vill veta mer: ",
        ),
    ],
)
def test_the_figures_are_explained_in_plain_words(
    communicator, dialogue, language, heading, not_a_poll, details
):
    """The method was one paragraph of 110 words for statisticians ("Student's t distribution
    with n − 1 degrees of freedom", "(agree + disagree) × smaller ÷ larger"): a first-time
    reader of 70 could not tell what the numbers mean. Now: short sentences in everyday words,
    that those who took part chose to (not a poll), what each figure shown is, and the
    technical names last, in a paragraph of their own."""
    publish(
        communicator,
        show_figures="y",
        show_ratings="y",
        show_matrix="y",
        quote_ids=[str(dialogue.c_n1.id)],
    )
    html = communicator.get(f"{PUBLIC}?lang={language}").get_data(as_text=True)
    *plain, technical = _how_to_read(html, heading)
    assert len(plain) == 7 and not_a_poll in plain[0]
    assert technical.startswith(details) and "Student" in technical
    for paragraph in plain:
        assert "Student" not in paragraph and "×" not in paragraph
        for sentence in re.split(r"(?<=[.:]) ", paragraph):
            assert len(sentence.split()) <= 20, sentence

    publish(communicator, show_figures="y")
    html = communicator.get(f"{PUBLIC}?lang={language}").get_data(as_text=True)
    only_figures = _how_to_read(html, heading)
    assert len(only_figures) == 2 and not_a_poll in only_figures[0]  # nothing about ratings


def test_each_quote_to_choose_is_marked_swedish_and_says_where_and_how_received(
    communicator, dialogue
):
    """The choices were bare comment texts: unmarked Swedish on an English page (WCAG 3.1.2),
    and two comments with the same words could not be told apart."""
    html = communicator.get(EDIT + "?lang=en").get_data(as_text=True)
    box = re.search(
        r'<input aria-describedby="(quote_ids-\d+)-context" id="\1" name="quote_ids" '
        rf'type="checkbox" value="{dialogue.c_n1.id}">',
        html,
    )
    assert box, "the box of the comment 'Fler bänkar i parken'"
    option = box.group(1)
    assert f'<label for="{option}"><span lang="sv">Fler bänkar i parken</span></label>' in html
    context = re.search(rf'<p class="hint" id="{option}-context">(.*?)</p>', html)
    assert context and context.group(1) == 'On <span lang="sv">Mål A</span> · 3 agree, 1 disagree'


def test_a_boxs_hint_follows_its_own_label(communicator, dialogue):
    """Above its box, the opinion groups' hint read as the hint of the themes' box before it."""
    html = communicator.get(EDIT + "?lang=en").get_data(as_text=True)
    themes, groups = html.index('<label for="show_themes"'), html.index('<label for="show_groups"')
    assert themes < groups < html.index('id="show_groups-hint"')


def test_the_public_matrix_does_not_tell_residents_where_they_should_prioritise(
    communicator, dialogue
):
    """The matrix's text, written for officials, read "är där ni bör prioritera" (where you
    should prioritise) on the public page too, as if residents set the municipality's
    priorities; it says where the municipality may need to."""
    publish(communicator, show_matrix="y", quote_ids=[str(dialogue.c_n1.id)])
    summary = communicator.get("/hantera/testkommun/sammanfattning/plan/planen")
    for html in (communicator.get(PUBLIC).get_data(as_text=True), summary.get_data(as_text=True)):
        assert "där ni bör prioritera" not in html
        assert "är där kommunen kan behöva prioritera." in html
