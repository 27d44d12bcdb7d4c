"""Dialogue on focus areas: everything a resident does on a goal works on a focus area whose plan
opens its focus areas, and on no other."""

from sqlalchemy import func, select

from dialog.catalogue.models import FocusArea, Plan
from dialog.extensions import db
from dialog.participation import queries, services
from dialog.participation.models import (
    Comment,
    GoalTally,
    Rating,
    RatingQuestion,
    Reaction,
    Report,
)
from dialog.participation.windows import dialogue_state
from tests.factories import (
    counted_queries,
    form_fields,
    make_focus_area,
    make_user,
    sign_in,
    tally,
)


def _post(client, area_id, body="Mer grönska i hela kommunen."):
    fields = form_fields(client.get(f"/fokusomrade/{area_id}").get_data(as_text=True))
    data = {
        "body": body,
        "csrf_token": fields["csrf_token"],
        "submission_token": fields["submission_token"],
    }
    return client.post(f"/fokusomrade/{area_id}/kommentera", data=data), data


def test_the_plan_says_which_level_is_open(app_context):
    area = make_focus_area("focus_areas")
    goal = area.plan.goals[0]
    assert dialogue_state(area).is_open
    assert dialogue_state(goal).phase == "none"
    area.plan.dialogue_level = "goals"
    assert dialogue_state(area).phase == "none"
    assert dialogue_state(goal).is_open
    area.plan.dialogue_level = "both"
    assert dialogue_state(area).is_open and dialogue_state(goal).is_open
    area.kind = "section"  # a heading within the document is never discussed on its own
    assert dialogue_state(area).phase == "none"


def test_a_resident_comments_on_a_focus_area(client, app_context):
    area = make_focus_area()
    make_user(name="Anna")
    sign_in(client)
    page = client.get(f"/fokusomrade/{area.id}").get_data(as_text=True)
    assert "Hur viktigt är det här fokusområdet för dig?" in page
    assert f'action="/fokusomrade/{area.id}/kommentera"' in page
    response, data = _post(client, area.id)
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert response.headers["Location"] == f"/fokusomrade/{area.id}#c{comment.id}"
    assert (comment.goal_id, comment.focus_area_id, comment.subject) == (None, area.id, area)
    # The same form again (double click) stores nothing new.
    assert client.post(f"/fokusomrade/{area.id}/kommentera", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    assert tally(area)[0] == 1
    assert db.session.scalar(select(func.count()).select_from(GoalTally)) == 0
    page = client.get(f"/fokusomrade/{area.id}").get_data(as_text=True)
    assert (
        "Mer grönska i hela kommunen." in page
        and '<span class="count">(1 kommentar eller svar)</span>' in page
    )
    thread = client.get(f"/kommentar/{comment.id}").get_data(as_text=True)
    assert f'href="/fokusomrade/{area.id}#comments-heading"' in thread
    assert "Tillbaka till alla kommentarer om fokusområdet" in thread


def test_a_form_for_a_goal_is_not_a_form_for_a_focus_area(client, app_context):
    area = make_focus_area("both")
    goal = area.plan.goals[0]
    make_user()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    data = {"body": "Fel ställe", **fields}
    # The token was issued for the goal: it does not post on the focus area.
    assert client.post(f"/fokusomrade/{area.id}/kommentera", data=data).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_closed_or_not_opened_focus_areas_take_nothing(client, app_context):
    area = make_focus_area("goals")
    make_user()
    sign_in(client)
    page = client.get(f"/fokusomrade/{area.id}").get_data(as_text=True)
    assert 'id="comments-heading"' not in page  # no dialogue shown where none is held
    token = form_fields(client.get(f"/mal/{area.plan.goals[0].id}").get_data(as_text=True))
    data = {"body": "Hej", "importance": "3", **token}
    assert client.post(f"/fokusomrade/{area.id}/kommentera", data=data).status_code == 403
    assert client.post(f"/fokusomrade/{area.id}/betyg", data=data).status_code == 403
    assert client.post("/fokusomrade/999999/kommentera", data=data).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 0


def test_reply_react_report_and_rate_on_a_focus_area(client, app_context):
    area = make_focus_area()
    bo = make_user("bo@example.se", "Bo")
    top = services.post_comment(area, bo, "Bos tanke om fokusområdet.", None, "f" * 32).comment
    db.session.commit()
    make_user()
    sign_in(client)

    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    response = client.post(f"/kommentar/{top.id}/svara", data={"body": "Håller med!", **fields})
    assert response.status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    assert (reply.goal_id, reply.focus_area_id) == (None, area.id)
    db.session.refresh(top)
    assert top.reply_count == 1
    assert tally(area)[0] == 1  # replies are not counted

    token = form_fields(client.get(f"/fokusomrade/{area.id}").get_data(as_text=True))["csrf_token"]
    react = {"reaction": "agree", "next": f"/fokusomrade/{area.id}", "csrf_token": token}
    assert client.post(f"/kommentar/{top.id}/reaktion", data=react).status_code == 302
    db.session.refresh(top)
    assert top.agree_count == 1
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 1

    url = f"/kommentar/{top.id}/anmal"
    token = form_fields(client.get(url).get_data(as_text=True))["csrf_token"]
    data = {"reason": "off_topic", "csrf_token": token}
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(select(Report.comment_id)) == top.id

    rating = {"importance": "4", "performance": "0", "csrf_token": token}
    response = client.post(f"/fokusomrade/{area.id}/betyg", data=rating)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fokusomrade/{area.id}#ratings"
    rows = db.session.execute(
        select(Rating.goal_id, Rating.focus_area_id, Rating.question, Rating.value)
    ).all()
    assert sorted(rows) == [
        (None, area.id, "importance", 4),
        (None, area.id, "performance", 0),
    ]
    client.post(f"/fokusomrade/{area.id}/betyg", data={**rating, "importance": "2"})
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 2
    with client.application.test_request_context():
        counts = queries.rating_distributions(area)[RatingQuestion.IMPORTANCE].counts
    assert counts[2] == 1 and counts[4] == 0


def test_my_page_shows_what_i_said_on_focus_areas(client, app_context):
    area = make_focus_area()
    anna = make_user()
    services.post_comment(area, anna, "Om fokusområdet.", None, "g" * 32)
    services.rate(area, anna, {RatingQuestion.IMPORTANCE: 5})
    db.session.commit()
    sign_in(client)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Kommentar om Ekologisk hållbarhet" in page
    assert f'href="/fokusomrade/{area.id}#ratings"' in page
    assert "Hur viktigt är det här fokusområdet för dig?" in page


def test_a_reply_stays_with_its_parents_subject(app_context):
    area = make_focus_area("both")
    goal = area.plan.goals[0]
    anna = make_user()
    top = services.post_comment(area, anna, "Om fokusområdet.", None, "h" * 32).comment
    try:
        services.post_comment(goal, anna, "Svar", None, "i" * 32, parent=top)
    except services.NotAllowed as refused:
        assert refused.refusals[0].code == "nested"
    else:
        raise AssertionError("a reply on another subject was stored")


def test_focus_area_page_queries_do_not_grow_with_comments(app, client, app_context):
    area = make_focus_area()
    viewer = make_user()

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            author = make_user(f"skribent{n}@example.se", f"Skribent {n}")
            top = services.post_comment(area, author, f"Kommentar {n}.", None, f"t-{n}").comment
            services.post_comment(area, viewer, f"Svar {n}.", None, f"r-{n}", parent=top)
        db.session.commit()

    add(0, 2)
    sign_in(client)
    with counted_queries(app) as few:
        client.get(f"/fokusomrade/{area.id}")
    add(2, 30)
    with counted_queries(app) as many:
        page = client.get(f"/fokusomrade/{area.id}").get_data(as_text=True)
    assert '<span class="count">(60 kommentarer och svar)</span>' in page
    assert len(many) == len(few), "\n".join(many)


def test_lunds_focus_areas_are_open_for_dialogue(seeded, app_context):
    plan = db.session.scalar(select(Plan).filter_by(slug="vara-fokusomraden"))
    assert plan.dialogue_level == "focus_areas"
    areas = db.session.scalars(select(FocusArea).filter_by(plan_id=plan.id)).all()
    assert len(areas) == 6
    assert all(not area.goals and dialogue_state(area).is_open for area in areas)
