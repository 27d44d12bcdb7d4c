"""The themes page of a goal, as an official uses it without JavaScript."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import Comment
from dialog.themes import queries, services
from tests.factories import csrf, make_goal, make_user
from tests.officials import make_official, sign_in_official
from tests.themes.fixture import add_comments, read


@pytest.fixture
def goal(app_context):
    goal = make_goal(slug="testkommun")
    add_comments(goal, make_user("boende@example.se", "Boende"), read("fixture")[1][:60])
    db.session.commit()
    return goal


def page(goal) -> str:
    return f"/hantera/testkommun/teman/mal/{goal.id}"


def test_a_communicator_computes_renames_merges_and_tags(client, goal):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    html = client.get(page(goal)).get_data(as_text=True)
    assert "Temana har inte beräknats ännu." in html
    token = csrf(client, page(goal))
    answer = client.post(page(goal) + "/berakna", data={"csrf_token": token})
    assert answer.status_code == 302
    run = queries.latest_run(goal_id=goal.id)
    first, second = queries.result(run).themes[:2]
    client.post(
        "/hantera/testkommun/teman/namn",
        data={"csrf_token": token, "theme_id": first.id, "label": "Att ta sig fram"},
    )
    client.post(
        "/hantera/testkommun/teman/sla-ihop",
        data={"csrf_token": token, "theme_id": second.id, "into_id": first.id},
    )
    comment_id = first.quote_ids[0]
    answer = client.post(
        f"/hantera/testkommun/teman/kommentar/{comment_id}/taggar",
        data={"csrf_token": token, "name": "Cykel"},
    )
    assert answer.headers["Location"].endswith(f"{page(goal)}#comment-{comment_id}")
    html = client.get(page(goal)).get_data(as_text=True)
    assert "Att ta sig fram" in html
    assert f"({first.size + second.size} " in html
    assert "Cykel" in html


def test_an_empty_tag_is_refused_with_a_message(client, goal):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    token = csrf(client, page(goal))
    first = db.session.scalars(db.select(Comment).where(Comment.goal_id == goal.id)).first()
    answer = client.post(
        f"/hantera/testkommun/teman/kommentar/{first.id}/taggar",
        data={"csrf_token": token, "name": "  "},
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    assert "Skriv etikettens namn." in html
    assert queries.tags_of([first.id]) == {}


def test_another_municipalitys_goal_is_refused_and_logged_as_a_goal(client, goal):
    """The same lookup and the same kind of target ("goals") as every other area."""
    elsewhere = make_goal(slug="annanstad")
    db.session.commit()
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    assert client.get(page(elsewhere)).status_code == 403
    denied = db.session.scalars(select(AuditEntry).filter_by(action="access.denied")).one()
    assert (denied.target_type, denied.target_id) == ("goals", elsewhere.id)
    assert denied.reason == "other_municipality"


def test_a_moderator_reads_but_cannot_change(client, goal):
    make_official("mod@testkommun.se", [("testkommun", Role.MODERATOR)])
    sign_in_official(client, "mod@testkommun.se")
    html = client.get(page(goal)).get_data(as_text=True)
    assert "berakna" not in html
    token = csrf(client, page(goal))
    assert client.post(page(goal) + "/berakna", data={"csrf_token": token}).status_code == 403


def test_summary_and_report_show_the_themes_and_tags(client, goal):
    import io

    import docx

    from dialog.themes import services

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    run = queries.latest_run(goal_id=goal.id)
    first = queries.result(run).themes[0]
    from dialog.themes.models import Theme

    services.rename(db.session.get(Theme, first.id), "Trafik och resor", official)
    services.tag(
        db.session.get(Comment, first.quote_ids[0]), "Cykel", goal.plan.municipality_id, official
    )
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")
    html = client.get(f"/hantera/testkommun/sammanfattning/mal/{goal.id}").get_data(as_text=True)
    assert "Trafik och resor" in html and f"<td>{first.size}</td>" in html
    assert "Cykel" in html
    answer = client.get(f"/hantera/testkommun/rapport/mal/{goal.id}?format=docx&lang=en")
    assert answer.status_code == 200
    document = docx.Document(io.BytesIO(answer.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Themes in the comments" in text
    assert "Trafik och resor" in cells and "Cykel" in cells


def test_the_themes_say_the_filter_does_not_apply_and_word_gives_local_time(app, client, goal):
    """Beside figures a filter narrowed (or hid), the themes of all comments did not say so; and
    the Word report gave the computation's time in UTC, an hour off the page and the PDF."""
    import io

    import docx

    from dialog.core.dates import moment
    from dialog.themes import services

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    run = queries.latest_run(goal_id=goal.id)
    sign_in_official(client, "kom@testkommun.se")
    summary = f"/hantera/testkommun/sammanfattning/mal/{goal.id}?lang=en&since=2030-01-01"
    html = client.get(summary).get_data(as_text=True)
    assert "The filter above does not apply: the themes are of all the comments." in html
    with app.test_request_context("/?lang=en"):
        local = moment(run.computed_at)
    computed = f"Computed {local} from {run.comment_count} comments."
    report = f"/hantera/testkommun/rapport/mal/{goal.id}?format=docx&lang=en"
    paragraphs = [p.text for p in docx.Document(io.BytesIO(client.get(report).data)).paragraphs]
    assert computed in paragraphs
    since = client.get(report + "&since=2026-01-01").data
    paragraphs = [p.text for p in docx.Document(io.BytesIO(since)).paragraphs]
    assert (
        f"{computed} The themes are of all the comments, whatever the period and filter."
        in paragraphs
    )


def test_comment_export_has_theme_and_tags(client, goal):
    import csv
    import io

    from dialog.themes import services
    from dialog.themes.models import Theme

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    first = queries.result(queries.latest_run(goal_id=goal.id)).themes[0]
    services.rename(db.session.get(Theme, first.id), "Trafik och resor", official)
    tagged = first.quote_ids[0]
    services.tag(db.session.get(Comment, tagged), "Cykel", goal.plan.municipality_id, official)
    services.tag(db.session.get(Comment, tagged), "Buss", goal.plan.municipality_id, official)
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")
    url = f"/hantera/testkommun/export/plan/{goal.plan.slug}/kommentarer?format=csv"
    answer = client.get(url, buffered=True)  # streamed: read within the request
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    by_id = {int(row["comment_id"]): row for row in rows}
    assert by_id[tagged]["theme"] == "Trafik och resor"
    assert by_id[tagged]["tags"] == "Buss; Cykel"
    assert sum(row["theme"] == "Trafik och resor" for row in rows) == first.size


def test_a_plans_export_names_the_plans_themes_and_a_goals_the_goals(client, goal):
    """The plan's themes page says that every theme's comments are in the comment export, and
    the plan's report lists the plan's themes; the plan's export named each comment's goal's
    themes instead (nothing for a goal without), so no theme of the report could be found in
    it."""
    import csv
    import io

    from dialog.themes.models import Theme

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    services.request_run(goal.plan, official)
    db.session.commit()
    of_goal = queries.result(queries.latest_run(goal_id=goal.id)).themes[0]
    of_plan = queries.result(queries.latest_run(plan_id=goal.plan_id)).themes[0]
    services.rename(db.session.get(Theme, of_goal.id), "Målets tema", official)
    services.rename(db.session.get(Theme, of_plan.id), "Planens tema", official)
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")

    def themes_in(url: str) -> list[str]:
        answer = client.get(url + "?format=csv", buffered=True)
        rows = csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")))
        return [row["theme"] for row in rows]

    plan = themes_in(f"/hantera/testkommun/export/plan/{goal.plan.slug}/kommentarer")
    assert plan.count("Planens tema") == of_plan.size and "Målets tema" not in plan
    own = themes_in(f"/hantera/testkommun/export/mal/{goal.id}/kommentarer")
    assert own.count("Målets tema") == of_goal.size and "Planens tema" not in own


def test_plan_themes_and_the_public_page(client, goal):
    from dialog.insights import feedback
    from dialog.themes import services

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    plan_page = f"/hantera/testkommun/teman/plan/{goal.plan.slug}"
    token = csrf(client, plan_page)
    assert client.post(plan_page + "/berakna", data={"csrf_token": token}).status_code == 302
    run = queries.latest_run(plan_id=goal.plan_id)
    assert run is not None and run.comment_count == 60
    first = queries.result(run).themes[0]
    html = client.get(plan_page).get_data(as_text=True)
    assert first.name in html
    feedback.publish(goal.plan, {"show_themes": True}, official)
    services.tag(
        db.session.get(Comment, first.quote_ids[0]), "Intern", goal.plan.municipality_id, official
    )
    db.session.commit()
    public = client.get(f"/kommun/testkommun/plan/{goal.plan.slug}/vad-vi-hort").get_data(
        as_text=True
    )
    assert "Teman i kommentarerna" in public and first.name in public
    assert "Intern" not in public  # officials' tags are working notes


def test_the_english_page_marks_the_swedish_goal_title(client, goal):
    """WCAG 3.1.2 in the heading; the browser tab's title stays plain text."""
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    html = client.get(page(goal) + "?lang=en").get_data(as_text=True)
    assert '<h1>Themes in the comments: <span lang="sv">Trygga parker</span></h1>' in html
    assert "<title>Themes in the comments: Trygga parker" in html


def test_the_first_computation_is_not_called_computing_again(client, goal):
    """A first-time visitor is not asked to compute "again" what was never computed."""
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    html = client.get(page(goal)).get_data(as_text=True)
    assert '<button type="submit">Beräkna temana</button>' in html and "Beräkna igen" not in html
    client.post(page(goal) + "/berakna", data={"csrf_token": csrf(client, page(goal))})
    html = client.get(page(goal)).get_data(as_text=True)
    assert '<button type="submit">Beräkna igen</button>' in html and "Beräkna temana" not in html


def test_the_english_pages_mark_swedish_theme_names_and_tags(client, goal):
    """Theme names come from residents' Swedish words (and officials name them in Swedish):
    on an English page they are marked lang="sv" so that a screen reader pronounces them as
    Swedish (WCAG 3.1.2); the Swedish page needs no marking."""
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    client.post(page(goal) + "/berakna", data={"csrf_token": csrf(client, page(goal))})
    first = queries.result(queries.latest_run(goal_id=goal.id)).themes[0]
    from dialog.themes import services

    services.tag(
        db.session.get(Comment, first.quote_ids[0]),
        "Cykelvägar",
        goal.plan.municipality_id,
        official,
    )
    db.session.commit()
    english = client.get(page(goal) + "?lang=en").get_data(as_text=True)
    assert f'<h2 id="theme-{first.id}"><span lang="sv">{first.name}</span>' in english
    assert '<li><span lang="sv">Cykelvägar</span>' in english
    assert f'<option value="{first.id}" lang="sv">' in english
    summary = client.get(f"/hantera/testkommun/sammanfattning/mal/{goal.id}?lang=en")
    assert f'<th scope="row"><span lang="sv">{first.name}</span></th>' in summary.get_data(
        as_text=True
    )
    swedish = client.get(page(goal)).get_data(as_text=True)
    assert f'<h2 id="theme-{first.id}">{first.name} <span' in swedish


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_theme_and_tag_ids_are_ascii_digits_the_database_holds(client, goal):
    """ "١٢" was theme 12 to WTForms (`int` reads every script's digits), and an id past the
    integer column was a 500 on PostgreSQL: both are no theme, and nothing changes."""
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    token = csrf(client, page(goal))
    client.post(page(goal) + "/berakna", data={"csrf_token": token})
    first, second = queries.result(queries.latest_run(goal_id=goal.id)).themes[:2]
    comment = db.session.get(Comment, first.quote_ids[0])
    from dialog.themes import services

    services.tag(comment, "Cykel", goal.plan.municipality_id, official)
    db.session.commit()
    from dialog.themes.models import Tag

    tag_id = db.session.scalar(db.select(Tag.id).where(Tag.name == "Cykel"))
    for theme_id in (str(first.id).translate(ARABIC_INDIC), "9" * 30):
        renamed = client.post(
            "/hantera/testkommun/teman/namn",
            data={"csrf_token": token, "theme_id": theme_id, "label": "Fel"},
        )
        merged = client.post(
            "/hantera/testkommun/teman/sla-ihop",
            data={"csrf_token": token, "theme_id": str(second.id), "into_id": theme_id},
        )
        assert renamed.status_code == merged.status_code == 302
    for sent in (str(tag_id).translate(ARABIC_INDIC), "9" * 30):
        untagged = client.post(
            f"/hantera/testkommun/teman/kommentar/{comment.id}/taggar/ta-bort",
            data={"csrf_token": token, "tag_id": sent},
        )
        assert untagged.status_code == 302
    themes = queries.result(queries.latest_run(goal_id=goal.id)).themes
    assert [t.id for t in themes[:2]] == [first.id, second.id]  # nothing merged
    assert "Fel" not in {t.name for t in themes}  # nothing renamed
    assert queries.tags_of([comment.id])[comment.id] == ["Cykel"]  # the tag is still on


def test_the_known_tags_are_offered_in_the_pages_order(client, goal):
    """The database's C collation offered capitals first and Ä before Å."""
    from dialog.themes import services

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    comment = db.session.scalars(db.select(Comment).where(Comment.goal_id == goal.id)).first()
    for name in ("Översvämning", "Ängar", "Åtgärd", "Zon", "buss"):
        services.tag(comment, name, goal.plan.municipality_id, official)
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")
    for query, expected in (
        ("", ["buss", "Zon", "Åtgärd", "Ängar", "Översvämning"]),
        ("?lang=en", ["Ängar", "Åtgärd", "buss", "Översvämning", "Zon"]),
    ):
        html = client.get(page(goal) + query).get_data(as_text=True)
        datalist = html.split('<datalist id="known-tags">', 1)[1].split("</datalist>", 1)[0]
        assert re.findall(r'<option value="([^"]*)">', datalist) == expected, query


def test_each_theme_offers_its_edge_comments_for_tagging(client, goal):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    client.post(page(goal) + "/berakna", data={"csrf_token": csrf(client, page(goal))})
    found = queries.result(queries.latest_run(goal_id=goal.id))
    view = next(v for v in found.themes if v.edge_ids)
    html = client.get(page(goal) + "?lang=en").get_data(as_text=True)
    section = html.split(f'id="theme-{view.id}"', 1)[1].split("</section>", 1)[0]
    edge_part = section.split("Comments at the edge of the theme", 1)[1].split("theme-more", 1)[0]
    for comment_id in view.edge_ids:
        assert f'id="tag-{comment_id}"' in edge_part  # each with its own tag form
        # and not listed a second time among the theme's other comments
        assert section.count(f'id="comment-{comment_id}"') == 1


def _computed_with_a_tag(client, goal):
    """Signed in as a communicator, themes computed, and the first quote tagged "Cykel"."""
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    token = csrf(client, page(goal))
    client.post(page(goal) + "/berakna", data={"csrf_token": token})
    client.get(page(goal))  # reads the message that the themes are computed
    comment_id = queries.result(queries.latest_run(goal_id=goal.id)).themes[0].quote_ids[0]
    answer = client.post(
        f"/hantera/testkommun/teman/kommentar/{comment_id}/taggar?lang=en",
        data={"csrf_token": token, "name": "Cykel", "scope": "goal"},
    )
    return comment_id, answer


def _item(html: str, comment_id: int) -> str:
    """The page's list item of one comment."""
    rest = html.split(f'<li id="comment-{comment_id}">', 1)[1]
    return re.split(r'<li id="comment-|</ol>', rest, maxsplit=1)[0]


def test_tagging_is_confirmed_at_the_comment_the_page_returns_to(client, goal):
    """The page comes back at the comment (#comment-N), far below the messages at the top,
    where the confirmation used to be: out of view, and never read out there."""
    comment_id, answer = _computed_with_a_tag(client, goal)
    html = client.get(answer.headers["Location"]).get_data(as_text=True)
    told = f"Comment {comment_id} is tagged “Cykel”."
    assert f'<p class="flash flash-success" role="status">{told}</p>' in _item(html, comment_id)
    assert html.count(told) == 1
    assert "flash-messages" not in html


def test_a_tag_is_taken_off_on_the_page(client, goal):
    """The page could add a tag but not take one off: a wrong tag stayed, steering the next
    computation, with no way back but a developer."""
    comment_id, answer = _computed_with_a_tag(client, goal)
    item = _item(client.get(answer.headers["Location"]).get_data(as_text=True), comment_id)
    form = re.search(r'<form method="post" action="([^"]+/taggar/ta-bort[^"]*)"', item)
    tag_id = re.search(r'<input type="hidden" name="tag_id" value="(\d+)">', item)
    assert form and tag_id, item
    assert 'Remove tag<span class="visually-hidden"> “Cykel” from comment' in item
    token = csrf(client, page(goal))
    taken = client.post(
        form.group(1), data={"csrf_token": token, "tag_id": tag_id.group(1), "scope": "goal"}
    )
    assert taken.headers["Location"].endswith(f"#comment-{comment_id}")
    assert queries.tags_of([comment_id]) == {}
    item = _item(client.get(taken.headers["Location"]).get_data(as_text=True), comment_id)
    assert f"The tag is removed from comment {comment_id}." in item
    assert "Cykel" not in item
    again = client.post(
        form.group(1), data={"csrf_token": token, "tag_id": tag_id.group(1), "scope": "goal"}
    )
    item = _item(client.get(again.headers["Location"]).get_data(as_text=True), comment_id)
    assert f"Comment {comment_id} did not have that tag." in item


def test_the_message_after_computing_says_what_happened(client, goal, monkeypatch):
    """Without a broker the job runs before the redirect, and the page already shows the themes:
    "being computed" under them was not true. With a broker it still is."""
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    answer = client.post(page(goal) + "/berakna", data={"csrf_token": csrf(client, page(goal))})
    html = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Temana är beräknade." in html and "Temana beräknas." not in html

    queued = SimpleNamespace(enqueue=lambda run_id: None)  # as with a broker: the job waits
    monkeypatch.setattr(services, "compute_job", queued)
    answer = client.post(page(goal) + "/berakna", data={"csrf_token": csrf(client, page(goal))})
    html = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Temana beräknas." in html and "Temana är beräknade." not in html


def _computed(client, goal):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    token = csrf(client, page(goal))
    client.post(page(goal) + "/berakna", data={"csrf_token": token})
    client.get(page(goal))  # reads the message that the themes are computed
    return token, queries.result(queries.latest_run(goal_id=goal.id))


def test_renaming_and_merging_come_before_the_comments(client, goal):
    """A keyboard user passed every comment's tag form of a theme to reach its "Rename", and
    every theme's comments to reach the next: now one merge form is at the top, a list of the
    themes links to each, and each rename form is under its theme's heading."""
    _token, found = _computed(client, goal)
    html = client.get(page(goal)).get_data(as_text=True)
    first_tag = html.index('id="tag-')
    assert html.count('action="/hantera/testkommun/teman/sla-ihop"') == 1
    assert html.index('id="merge-theme"') < html.index('id="merge-into"') < first_tag
    contents = html.split('<nav class="theme-contents"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#theme-(\d+)"', contents) == [str(v.id) for v in found.themes]
    assert html.index('<nav class="theme-contents"') < first_tag
    for view in found.themes:
        section = html.split(f'<h2 id="theme-{view.id}">', 1)[1].split("</section>", 1)[0]
        assert section.index(f'id="label-{view.id}"') < section.index("<h3>")
    # Each comment's tag forms are folded under it.
    assert html.count('<details class="tag-comment">') == html.count('id="tag-')


def test_merging_a_theme_with_itself_is_refused(client, goal):
    """One form chooses both themes, so both can be the same: said so, and nothing changes."""
    token, found = _computed(client, goal)
    first = found.themes[0]
    answer = client.post(
        "/hantera/testkommun/teman/sla-ihop",
        data={"csrf_token": token, "theme_id": first.id, "into_id": first.id},
        follow_redirects=True,
    )
    assert "Välj två olika teman att slå ihop." in answer.get_data(as_text=True)
    after = queries.result(queries.latest_run(goal_id=goal.id))
    assert [v.id for v in after.themes] == [v.id for v in found.themes]


def test_the_page_comes_back_with_the_tagged_comment_unfolded(client, goal):
    """After tagging a comment at a theme's edge or among its other comments, the page comes back
    at #comment-N: the fold it is in is open (no script needed), and its tag form is open again
    after an error, to be sent once more."""
    token, found = _computed(client, goal)
    view = next(v for v in found.themes if v.edge_ids and len(v.comment_ids) > 7)
    edge = view.edge_ids[0]
    other = next(c for c in view.comment_ids if c not in view.quote_ids + view.edge_ids)

    def section(location: str) -> str:
        html = client.get(location).get_data(as_text=True)
        return html.split(f'<h2 id="theme-{view.id}">', 1)[1].split("</section>", 1)[0]

    html = section(page(goal))
    assert '<details class="theme-edge">' in html and '<details class="theme-more">' in html
    tagged = client.post(
        f"/hantera/testkommun/teman/kommentar/{edge}/taggar",
        data={"csrf_token": token, "name": "Cykel", "scope": "goal"},
    )
    html = section(tagged.headers["Location"])
    assert '<details class="theme-edge" open>' in html and '<details class="theme-more">' in html
    assert 'class="tag-comment" open' not in html  # done: nothing more to do there
    refused = client.post(
        f"/hantera/testkommun/teman/kommentar/{other}/taggar",
        data={"csrf_token": token, "name": " ", "scope": "goal"},
    )
    html = section(refused.headers["Location"])
    assert '<details class="theme-more" open>' in html
    assert '<details class="tag-comment" open>' in _item(html, other)


def test_the_report_says_how_the_themes_were_found_and_what_they_cannot_say(client, goal):
    """Theme names such as "byta, elbilar, snabbare" stood in the report with no word on where
    they came from: a politician could read them as the municipality's summary, and a theme's
    size as a count of residents who agree."""
    import io

    import docx
    from pypdf import PdfReader

    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")
    report = f"/hantera/testkommun/rapport/mal/{goal.id}?lang=sv&format="
    document = docx.Document(io.BytesIO(client.get(report + "docx").data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    text = "\n".join(p.text for p in document.paragraphs)
    pages = PdfReader(io.BytesIO(client.get(report + "pdf").data)).pages
    printed = " ".join(" ".join(page.extract_text() for page in pages).split())
    for words in (text, printed):
        assert "Så togs temana fram" in words
        assert "inte en sammanfattning som någon har skrivit" in words
        assert "räknar kommentarer, inte invånare som håller med dem" in words
    themes = headings.index("Teman i kommentarerna")
    assert (
        themes
        < headings.index("Så togs temana fram")
        < headings.index("Återkoppling från kommunen")
    )
