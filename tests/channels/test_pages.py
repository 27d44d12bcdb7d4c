"""The officials' page for a goal's comments from other channels, the upload form, publishing,
the goal page, the command line, the summary's split by channel and the exports."""

import csv
import html
import io

import pytest
from sqlalchemy import func, select

from dialog import ROOT
from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.participation.services import post_comment
from dialog.participation.subjects import comment_count
from tests.factories import form_fields, make_goal, make_user
from tests.officials import make_official, sign_in_official

PAPER = (
    "text;channel;received_on;ref\n"
    "Fler bänkar i parken;paper;2026-11-02;P-1\n"
    "Belysning på gångvägen;paper;2026-11-03;P-2\n"
)


@pytest.fixture
def goal(app_context):
    return make_goal(slug="testkommun")


def page_url(goal) -> str:
    return f"/hantera/testkommun/mal/{goal.id}/andra-kanaler"


@pytest.fixture
def communicator(client, goal):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def upload(client, goal, text: str, name: str = "blanketter.csv", channel: str = ""):
    token = form_fields(client.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    return client.post(
        page_url(goal) + "/importera",
        data={
            "csrf_token": token,
            "channel": channel,
            "document": (io.BytesIO(text.encode("utf-8")), name),
        },
        content_type="multipart/form-data",
    )


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment)) or 0


def test_an_official_uploads_paper_forms_and_sees_them_listed(communicator, goal):
    response = upload(communicator, goal, PAPER)
    assert response.status_code == 302
    page = communicator.get(page_url(goal)).get_data(as_text=True)
    assert "Importerat: 2 nya, 0 redan importerade." in page
    assert "Fler bänkar i parken" in page and "P-2" in page
    assert "Publicera på målsidan" in page
    again = upload(communicator, goal, PAPER)
    assert again.status_code == 302
    assert "Importerat: 0 nya, 2 redan importerade." in communicator.get(page_url(goal)).get_data(
        as_text=True
    )
    assert count() == 2


def test_an_age_band_is_written_as_in_the_summaries(communicator, goal):
    """The list said "30-44" where the summaries and the filter say "30–44"."""
    upload(communicator, goal, "text;age_band\nFler bänkar i parken;30-44\n", channel="paper")
    page = communicator.get(page_url(goal)).get_data(as_text=True)
    assert "<dt>Åldersgrupp</dt><dd>30–44</dd>" in page


def test_a_file_with_problems_lists_them_and_writes_nothing(communicator, goal):
    response = upload(communicator, goal, "text,channel\n,paper\nHej,brev\n")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Inget importerades: 2 problem" in body
    assert 'rad 2, kolumn <span lang="en">text</span>: texten saknas' in body
    assert 'rad 3, kolumn <span lang="en">channel</span>: okänd kanal' in body
    assert count() == 0
    assert db.session.scalar(select(AuditEntry).filter_by(action="comments.import")) is None


EVERY_ERROR = (
    "text;channel;received_on;ref\n"
    ";paper;2026-11-02;B-1\n"
    "Bra;brevduva;2026-11-02;B-2\n"
    "Bra igen;paper;2026-02-30;B-3\n"
    "Dubbel;papper;2026-11-02;B-3\n"
)


def problems_of(body: str) -> str:
    return body.split('id="import-problems"', 1)[1].split("</div>", 1)[0]


def test_the_problems_name_the_channels_in_the_pages_language(communicator, goal):
    """A Swedish page names the channels in Swedish (the importer reads both), and an English
    one in English: no English words are left in a Swedish problem, nor the reverse."""
    swedish = html.unescape(upload(communicator, goal, EVERY_ERROR).get_data(as_text=True))
    assert "Inget importerades: 4 problem" in swedish
    assert (
        "rad 3, kolumn <span lang=\"en\">channel</span>: okänd kanal 'brevduva' "
        "(använd papper, möte, e-post, telefon, enkät, annat)" in swedish
    )
    assert (
        'rad 4, kolumn <span lang="en">received_on</span>: '
        "2026-02-30 är inte ett datum som finns i kalendern" in swedish
    )
    assert (
        'rad 5, kolumn <span lang="en">ref</span>: '
        "referensen 'B-3' för papper finns också på rad 4" in swedish
    )
    assert "meeting" not in problems_of(swedish) and "paper" not in problems_of(swedish)

    token = form_fields(communicator.get(page_url(goal) + "?lang=en").get_data(as_text=True))
    english = communicator.post(
        page_url(goal) + "/importera?lang=en",
        data={
            "csrf_token": token["csrf_token"],
            "channel": "",
            "document": (io.BytesIO(EVERY_ERROR.encode("utf-8")), "fel.csv"),
        },
        content_type="multipart/form-data",
    )
    english = html.unescape(english.get_data(as_text=True))
    assert "Nothing was imported: 4 problems" in english
    assert "(use paper, meeting, email, phone, survey, other)" in english
    assert (
        "line 5, column ref: the reference "
        "'<span lang=\"sv\">B-3</span>' for paper is also on line 4" in english
    )
    assert "möte" not in problems_of(english) and "annat" not in problems_of(english)
    assert count() == 0


def test_no_file_chosen(communicator, goal):
    token = form_fields(communicator.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    response = communicator.post(
        page_url(goal) + "/importera", data={"csrf_token": token, "channel": ""}
    )
    assert response.status_code == 200
    assert "Välj en fil att ladda upp." in response.get_data(as_text=True)


def test_the_default_channel_from_the_form(communicator, goal):
    assert upload(communicator, goal, "text\nSagt på mötet\n", channel="meeting").status_code == 302
    assert db.session.scalar(select(Comment.channel)).value == "meeting"


def test_unpublished_imports_stay_off_the_goal_page_until_published(communicator, client, goal):
    upload(communicator, goal, PAPER)
    goal_page = f"/mal/{goal.id}"
    assert "Fler bänkar i parken" not in client.get(goal_page).get_data(as_text=True)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    assert client.get(f"/kommentar/{comment.id}").status_code == 404
    assert client.get(f"/api/v1/goals/{goal.id}/comments").get_json()["total"] == 0

    page = communicator.get(page_url(goal)).get_data(as_text=True)
    response = communicator.post(
        f"/hantera/testkommun/kommentarer/{comment.id}/publicera",
        data={"csrf_token": form_fields(page)["csrf_token"]},
    )
    assert response.status_code == 302
    shown = client.get(goal_page).get_data(as_text=True)
    assert "Fler bänkar i parken" in shown and "Inkommen på pappersblankett" in shown
    assert "Belysning på gångvägen" not in shown
    assert client.get(f"/kommentar/{comment.id}").status_code == 200
    (listed,) = client.get(f"/api/v1/goals/{goal.id}/comments").get_json()["items"]
    assert (listed["channel"], listed["author"], listed["former_participant"]) == (
        "paper",
        None,
        False,
    )
    assert comment_count(goal) == 1
    entry = db.session.scalar(select(AuditEntry).filter_by(action="comment.publish"))
    assert entry.target_id == comment.id and entry.after["ref"] == "P-1"
    communicator.post(
        f"/hantera/testkommun/kommentarer/{comment.id}/publicera",
        data={"csrf_token": form_fields(page)["csrf_token"]},
    )
    assert comment_count(goal) == 1  # published once


def test_a_moderator_sees_the_list_but_cannot_import(client, goal):
    make_official("mod@testkommun.se", [("testkommun", Role.MODERATOR)])
    sign_in_official(client, "mod@testkommun.se")
    page = client.get(page_url(goal))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' not in page.get_data(as_text=True)


def test_another_municipalitys_goal_is_refused_and_logged(communicator, app_context):
    elsewhere = make_goal(slug="annanstad")
    url = f"/hantera/testkommun/mal/{elsewhere.id}/andra-kanaler"
    assert communicator.get(url).status_code == 403
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).one()
    assert denied.reason == "other_municipality" and denied.after["path"] == url


def test_the_command_line(runner, goal, tmp_path):
    path = tmp_path / "blanketter.csv"
    path.write_text(PAPER, encoding="utf-8")
    result = runner.invoke(args=["dialog", "import-comments", str(path), "--goal", str(goal.id)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 already imported." in result.output
    again = runner.invoke(args=["dialog", "import-comments", str(path), "--goal", str(goal.id)])
    assert "0 new, 2 already imported." in again.output
    bad = tmp_path / "fel.csv"
    bad.write_text("text,channel,received_on\nHej,paper,2026-13-01\n", encoding="utf-8")
    failed = runner.invoke(args=["dialog", "import-comments", str(bad), "--goal", str(goal.id)])
    assert failed.exit_code == 1
    assert "rad 2, kolumn received_on: 2026-13-01" in failed.output
    assert "Inget importerades: 1 problem." in failed.output  # the problems' language
    missing = runner.invoke(args=["dialog", "import-comments", str(path), "--goal", "999999"])
    assert missing.exit_code == 1 and "No goal with id 999999." in missing.output
    assert count() == 2


def test_summary_splits_comments_by_channel(communicator, goal):
    resident = make_user()
    post_comment(goal, resident, "Från webben", None, "t" * 32)
    db.session.commit()
    upload(communicator, goal, PAPER)
    upload(communicator, goal, "text,channel,ref\nSagt på mötet,meeting,M-1\n")
    body = communicator.get(f"/hantera/testkommun/sammanfattning/mal/{goal.id}").get_data(
        as_text=True
    )
    table = body[body.index("Kommentarer per kanal") :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Webbplatsen</th><td>1</td>' in table
    assert '<th scope="row">Pappersblankett</th><td>2</td>' in table
    assert '<th scope="row">Möte</th><td>1</td>' in table
    figures = body[body.index('<table class="figures">') :]
    assert '<th scope="row">Deltagare</th><td>1</td>' in figures  # residents only


def test_a_summary_with_only_imported_comments_is_not_empty(communicator, goal):
    upload(communicator, goal, PAPER)
    body = communicator.get(f"/hantera/testkommun/sammanfattning/mal/{goal.id}").get_data(
        as_text=True
    )
    assert "Det fanns ingen dialog" not in body
    assert '<th scope="row">Pappersblankett</th><td>2</td>' in body


def test_comment_exports_carry_channel_and_ref(app, communicator, goal):
    resident = make_user()
    post_comment(goal, resident, "Från webben", None, "t" * 32)
    db.session.commit()
    upload(communicator, goal, PAPER)
    response = communicator.get(
        f"/hantera/testkommun/export/plan/{goal.plan.slug}/kommentarer?format=csv", buffered=True
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    by_text = {row["text"]: row for row in rows}
    assert by_text["Fler bänkar i parken"]["channel"] == "paper"
    assert by_text["Fler bänkar i parken"]["ref"] == "P-1"
    assert by_text["Fler bänkar i parken"]["author"] == ""
    assert by_text["Från webben"]["channel"] == "web" and by_text["Från webben"]["ref"] == ""
    json_rows = communicator.get(
        f"/hantera/testkommun/export/plan/{goal.plan.slug}/kommentarer?format=json", buffered=True
    ).get_json()
    assert {row["ref"] for row in json_rows} == {"P-1", "P-2", ""}


def test_moderators_handle_an_imported_comment_without_a_writer(communicator, client, goal):
    from dialog.moderation.models import Action
    from dialog.moderation.services import Request, decide

    upload(communicator, goal, PAPER)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    moderator = make_official("mod@testkommun.se", [("testkommun", Role.MODERATOR)])
    decision = decide(comment, moderator, Request(Action.HIDE, comment.version, reason="spam"))
    db.session.commit()
    assert decision.author_id is None and comment.status == "hidden"
    sign_in_official(client, "mod@testkommun.se")
    item = client.get(f"/hantera/testkommun/moderering/{comment.id}").get_data(as_text=True)
    assert "Inkommen på pappersblankett (P-1)" in item
    assert "Det finns ingen skribent att spärra." in item
    blocked = client.post(
        f"/hantera/testkommun/moderering/{comment.id}/blockera",
        data={"csrf_token": form_fields(item)["csrf_token"], "period": "7", "justification": "x"},
    )
    assert blocked.status_code == 302


def test_the_report_has_comments_by_channel(communicator, goal):
    from tests.exports.test_report import docx_text, pdf_text

    upload(communicator, goal, PAPER)
    url = f"/hantera/testkommun/rapport/mal/{goal.id}"
    text, cells = docx_text(communicator.get(f"{url}?format=docx&lang=en", buffered=True).data)
    assert "Comments by channel" in text
    assert ["Paper form", "2", "0", "2"] in cells  # comments, shown on the site, not shown
    pdf = pdf_text(communicator.get(f"{url}?format=pdf&lang=sv", buffered=True).data)
    assert "Kommentarer per kanal" in pdf and "Pappersblankett" in pdf


def test_a_resident_replies_to_a_published_imported_comment(app, communicator, goal):
    from dialog.channels.services import publish
    from dialog.participation.notifications import notify_reply

    upload(communicator, goal, PAPER)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    official = make_official("admin@testkommun.se", [("testkommun", Role.ADMIN)])
    assert publish(comment, official)
    resident = make_user()
    reply = post_comment(goal, resident, "Håller med!", None, "r" * 32, parent=comment).comment
    assert notify_reply(reply) is False  # nobody wrote the paper form here to tell
    db.session.commit()
    assert comment.reply_count == 1


def publish_and_unpublish_urls(comment) -> tuple[str, str]:
    base = f"/hantera/testkommun/kommentarer/{comment.id}"
    return base + "/publicera", base + "/avpublicera"


def test_an_official_hides_a_published_import_again_and_it_is_kept(communicator, client, goal):
    upload(communicator, goal, PAPER)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    publish_url, unpublish_url = publish_and_unpublish_urls(comment)
    token = form_fields(communicator.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    communicator.post(publish_url, data={"csrf_token": token})
    listed = communicator.get(page_url(goal)).get_data(as_text=True)
    assert "Dölj på målsidan" in listed and f'action="{unpublish_url}"' in listed
    assert "Fler bänkar i parken" in client.get(f"/mal/{goal.id}").get_data(as_text=True)

    response = communicator.post(unpublish_url, data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(f"#c{comment.id}")
    page = communicator.get(page_url(goal)).get_data(as_text=True)
    assert "Kommentaren visas inte längre på målets sida." in page
    assert "Fler bänkar i parken" not in client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert client.get(f"/kommentar/{comment.id}").status_code == 404
    assert client.get(f"/api/v1/goals/{goal.id}/comments").get_json()["total"] == 0
    # hidden, not destroyed: still on the officials' list, counted, and can be published again
    db.session.expire_all()
    kept = db.session.get(Comment, comment.id)
    assert kept is not None and kept.published_at is None and kept.status == "published"
    assert "Fler bänkar i parken" in page and f'action="{publish_url}"' in page
    assert comment_count(goal) == 0
    entry = db.session.scalar(select(AuditEntry).filter_by(action="comment.unpublish"))
    assert entry.target_id == comment.id and entry.after == {"channel": "paper", "ref": "P-1"}
    assert entry.before["published_at"] is not None

    again = communicator.post(unpublish_url, data={"csrf_token": token})
    assert again.status_code == 302
    assert "Kommentaren var inte publicerad på målets sida." in communicator.get(
        page_url(goal)
    ).get_data(as_text=True)
    assert comment_count(goal) == 0  # taken off once
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).filter_by(action="comment.unpublish")
        )
        == 1
    )
    communicator.post(publish_url, data={"csrf_token": token})
    assert "Fler bänkar i parken" in client.get(f"/mal/{goal.id}").get_data(as_text=True)


def test_unpublishing_needs_the_form_and_an_imported_comment(communicator, goal):
    upload(communicator, goal, PAPER)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    publish_url, unpublish_url = publish_and_unpublish_urls(comment)
    token = form_fields(communicator.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    communicator.post(publish_url, data={"csrf_token": token})
    assert communicator.post(unpublish_url, data={}).status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).published_at is not None
    web = post_comment(goal, make_user(), "Från webben", None, "w" * 32).comment
    db.session.commit()
    response = communicator.post(
        f"/hantera/testkommun/kommentarer/{web.id}/avpublicera", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert "Här döljs bara kommentarer från andra kanaler." in communicator.get(
        page_url(goal)
    ).get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry).filter_by(action="comment.unpublish")) is None


def test_a_moderator_cannot_unpublish(communicator, client, goal):
    from dialog.channels.services import publish

    upload(communicator, goal, PAPER)
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    publish(comment, make_official("admin@testkommun.se", [("testkommun", Role.ADMIN)]))
    db.session.commit()
    make_official("mod@testkommun.se", [("testkommun", Role.MODERATOR)])
    sign_in_official(client, "mod@testkommun.se")
    token = form_fields(client.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    assert "Dölj på målsidan" not in client.get(page_url(goal)).get_data(as_text=True)
    _publish_url, unpublish_url = publish_and_unpublish_urls(comment)
    assert client.post(unpublish_url, data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).published_at is not None


def test_another_municipalitys_import_is_refused_and_logged(communicator, goal):
    from dialog.channels.services import import_file, publish

    elsewhere = make_goal(slug="annanstad")
    result, _problems = import_file(elsewhere, "p.csv", PAPER.encode(), None)
    assert result is not None
    comment = db.session.scalar(select(Comment).filter_by(goal_id=elsewhere.id, source_ref="P-1"))
    publish(comment, make_official("admin@annanstad.se", [("annanstad", Role.ADMIN)]))
    db.session.commit()
    token = form_fields(communicator.get(page_url(goal)).get_data(as_text=True))["csrf_token"]
    url = f"/hantera/testkommun/kommentarer/{comment.id}/avpublicera"
    assert communicator.post(url, data={"csrf_token": token}).status_code == 403
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).one()
    assert denied.reason == "other_municipality" and denied.target_id == comment.id
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).published_at is not None


def test_unpublish_service_refuses_what_it_does_not_handle(goal):
    from dialog.channels.services import unpublish
    from dialog.core.permissions import NotAllowed

    web = post_comment(goal, make_user(), "Från webben", None, "v" * 32).comment
    admin = make_official("admin@testkommun.se", [("testkommun", Role.ADMIN)])
    with pytest.raises(ValueError, match="only imported comments"):
        unpublish(web, admin)
    db.session.commit()
    from dialog.channels.services import import_file

    import_file(goal, "p.csv", PAPER.encode(), None)
    paper = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    assert unpublish(paper, admin) is False  # never published
    resident = make_user("invanare@example.se")
    with pytest.raises(NotAllowed):
        unpublish(paper, resident)


def test_the_goal_title_is_marked_swedish_on_the_english_page(communicator, goal):
    """WCAG 3.1.2: the Swedish goal title is read in Swedish on the English page."""
    english = communicator.get(page_url(goal) + "?lang=en").get_data(as_text=True)
    assert '<span lang="sv">Trygga parker</span></a>' in english
    swedish = communicator.get(page_url(goal)).get_data(as_text=True)
    assert ">Trygga parker</a>" in swedish


def test_the_swedish_form_names_the_column_as_the_swedish_file_does(communicator, goal):
    """The file's help names the Swedish columns (kanal, ...): the default channel's hint said
    "kolumn channel" beside it."""
    html = communicator.get(page_url(goal)).get_data(as_text=True)
    assert 'kolumnerna <code lang="sv">kommentar</code>, <code lang="sv">kanal</code>' in html
    assert "filens kolumn kanal (channel) är tom eller saknas" in html


def test_the_swedish_import_calls_the_text_a_kommentar_as_the_officials_pages_do(
    communicator, goal
):
    """The form's help named the text "synpunkt" ("Bara synpunkten måste finnas") where the
    officials' pages, the problems and the list say "kommentar"; a file may still name its
    column "synpunkt" (residents' word, read as the text)."""
    refused = upload(communicator, goal, "synpunkt;kanal\n;papper\nFler bänkar;brev\n")
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert "Inget importerades: 2 problem" in html
    assert "Bara kommentaren måste finnas." in html
    assert "synpunkt" not in html.lower()
    assert upload(communicator, goal, "Synpunkt;Kanal\nFler bänkar;papper\n").status_code == 302
    assert count() == 1


def test_the_guide_names_the_page_as_the_officials_see_it():
    """docs/comments-from-other-channels.md sent officials to a page "Synpunkter från andra
    kanaler"; its heading says "Kommentarer från andra kanaler"."""
    guide = (ROOT / "docs" / "comments-from-other-channels.md").read_text(encoding="utf-8")
    words = " ".join(guide.split())
    assert "**Kommentarer från andra kanaler**" in words
    assert "Synpunkter från andra" not in words


def test_the_english_form_marks_the_swedish_column_names(communicator, goal):
    """On the English page "kommentar, kanal, … åldersgrupp" ran on in the English sentence,
    to be read with an English voice (WCAG 3.1.2)."""
    html = communicator.get(page_url(goal) + "?lang=en").get_data(as_text=True)
    assert 'the columns <code lang="en">text</code>, <code lang="en">channel</code>' in html
    assert (
        'Swedish names <code lang="sv">kommentar</code>, <code lang="sv">kanal</code>, '
        '<code lang="sv">inkommen</code>, <code lang="sv">referens</code>, '
        '<code lang="sv">kommundel</code>, <code lang="sv">åldersgrupp</code>); '
    ) in html


def test_a_source_reference_is_marked_as_the_municipalitys_swedish(communicator, goal):
    """The municipality's own reference, in Swedish ("Dialogmöte 2"), ran on in the English
    heading. (A button's name is read as one string: a span in it would mark nothing.)"""
    upload(communicator, goal, "text;ref\nFler bänkar i parken;Dialogmöte 2\n", channel="meeting")
    html = communicator.get(page_url(goal) + "?lang=en").get_data(as_text=True)
    assert 'class="comment-heading">Meeting <span lang="sv">Dialogmöte 2</span></h3>' in html


MARKED = (
    "text;channel;ref;district\n"
    "Fler bänkar;papper;Dialogmöte 2;Centrum\n"
    "Mer ljus;paper;Dialogmöte 2;Söder\n"
    "Hej;brevduva;;\n"
)


def upload_english(client, goal, text: str):
    token = form_fields(client.get(page_url(goal) + "?lang=en").get_data(as_text=True))
    return client.post(
        page_url(goal) + "/importera?lang=en",
        data={
            "csrf_token": token["csrf_token"],
            "channel": "",
            "document": (io.BytesIO(text.encode("utf-8")), "fel.csv"),
        },
        content_type="multipart/form-data",
    )


def test_problems_on_the_english_page_mark_the_municipalitys_swedish(communicator, goal):
    """WCAG 3.1.2: the districts the file may name and the municipality's own references are
    Swedish in an English sentence; a value the importer could not read ("Söder", "brevduva")
    is of unknown language and stays unmarked; the plain text is unchanged."""
    from dialog.catalogue.models import District

    for position, name in enumerate(("Centrum", "Norr"), start=1):
        db.session.add(
            District(municipality_id=goal.plan.municipality_id, name=name, position=position)
        )
    db.session.commit()
    found = problems_of(upload_english(communicator, goal, MARKED).get_data(as_text=True))
    assert (
        'line 3, column ref: the reference &#39;<span lang="sv">Dialogmöte 2</span>&#39; '
        "for paper is also on line 2"
    ) in found
    assert (
        "line 3, column district: unknown district &#39;Söder&#39; (the districts: "
        '<span lang="sv">centrum</span>, <span lang="sv">norr</span>)'
    ) in found
    # English column and channel names are the page's own language: not marked.
    assert "line 4, column channel: unknown channel &#39;brevduva&#39; (use paper, meeting" in found
    assert count() == 0


def test_problems_on_the_swedish_page_mark_the_english_column_names(communicator, goal):
    found = problems_of(
        upload(communicator, goal, "text;kanal\nHej;brevduva\n").get_data(as_text=True)
    )
    assert 'rad 2, kolumn <span lang="en">channel</span>: okänd kanal &#39;brevduva&#39;' in found
    header = problems_of(upload(communicator, goal, "text;färg\nHej;blå\n").get_data(as_text=True))
    assert (
        "okänd kolumn &#39;färg&#39; (kolumnerna är: "
        '<span lang="en">text</span>, <span lang="en">channel</span>,'
    ) in header


def test_an_imported_comments_district_is_marked_swedish_on_the_english_page(communicator, goal):
    from dialog.catalogue.models import District

    db.session.add(District(municipality_id=goal.plan.municipality_id, name="Centrum"))
    db.session.commit()
    upload(communicator, goal, "text;district\nFler bänkar;Centrum\n", channel="paper")
    english = communicator.get(page_url(goal) + "?lang=en").get_data(as_text=True)
    assert '<dt>District</dt><dd><span lang="sv">Centrum</span></dd>' in english
