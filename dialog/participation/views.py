"""The dialogue's section of the goal and focus area pages, and what residents post there."""

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from dialog.accounts import limits
from dialog.accounts.limits import per_account, per_ip, refused_unless
from dialog.catalogue.models import FocusArea
from dialog.catalogue.queries import focus_area_or_404, goal_or_404
from dialog.catalogue.views import render_focus_area, render_goal
from dialog.core import frames
from dialog.core.forms import submission_token
from dialog.core.permissions import NotAllowed, may
from dialog.core.text import parse_page
from dialog.extensions import db
from dialog.participation import queries, services, shared, subjects
from dialog.participation.forms import (
    CommentForm,
    RatingForm,
    comment_target,
    post_form_ok,
    sent_again,
    thank_once,
)
from dialog.participation.models import CommentStatus, RatingQuestion
from dialog.participation.permissions import page_rights
from dialog.participation.personal import Reader
from dialog.participation.posting import goal_to_post_on
from dialog.participation.reply_mail import offer_after_posting, take_offer
from dialog.participation.subjects import Subject
from dialog.participation.windows import dialogue_state

bp = Blueprint("participation", __name__)


def page_arguments() -> tuple[str, int]:
    sort = request.args.get("sort", "newest")
    page = request.args.get("page", "1")
    number = parse_page(page, 100_000)
    if sort not in queries.SORTS or number is None:
        abort(400)
    return sort, number


def window_arguments() -> tuple[str, queries.Cursor | None, int]:
    """Sort and cursor (`after=` or `before=`) of the page of comments; an old `?page=N`
    address is still served (by offset). Anything malformed is a 400."""
    sort, page = page_arguments()
    cursor = None
    for direction in ("after", "before"):
        text = request.args.get(direction)
        if text is not None:
            if cursor is not None:
                abort(400)
            cursor = queries.Cursor.parse(direction, text, sort)
            if cursor is None:
                abort(400)
    return sort, cursor, page


def goal_section(subject: Subject, state: Mapping[str, Any]) -> Markup:
    """The window, ratings and one page of comments of a goal or focus area (a section of
    catalogue.goal and catalogue.focus_area). Nothing on a focus area its plan does not open
    for dialogue, unless it already has comments (they stay readable).

    What every reader sees alike comes from the shared cache (dialog/participation/shared.py);
    only the forms and the reader's part of each comment are made for this reader, and on a
    plain GET the section around them is a frame kept per kind of reader (dialog/core/frames.py).
    `state` may hold the comment or rating form shown again with its errors, and a problem."""
    state_now = dialogue_state(subject)
    if (
        isinstance(subject, FocusArea)
        and state_now.window is None
        and not subjects.comment_count(subject)
    ):
        return Markup("")
    sort, cursor, page = window_arguments()
    key = shared.section_key(subject, sort, cursor, page, state_now)
    # Kept in the process too, in front of the shared cache (the key holds the version).
    common = frames.kept(
        (key, "shared"),
        lambda _marks: shared.shared_section(key, subject, sort, cursor, page, state_now),
    )
    user = current_user._get_current_object()
    # The reader's own rows first, in one statement with whether a block is in force, so
    # that the rules below (page_rights, goal.take_part) need not ask for it again.
    own = None
    if user.is_authenticated:
        own = queries.personal_state(
            subject,
            user.id,
            common.comment_ids,
            with_ratings=state_now.is_open,
            with_block=True,
        )
    rights = page_rights(user, subject)
    problem = state.get("problem")
    mine: dict[str, int] = {}
    reactions: dict[int, str] = {}
    reported: frozenset[int] = frozenset()
    # Forms only for the signed-in: a form's CSRF token would give a visitor a session,
    # and their page could no longer be shared (dialog/core/cache.py).
    signed_in = False
    if rights.user_id is not None and own is not None:
        signed_in = True
        if problem is None:
            problem = may(user, "goal.take_part", subject)
        # Reactions only show on reaction forms, ratings only on the rating form.
        reactions = own.reactions if rights.takes_part else {}
        reported = frozenset(own.reported)
        mine = own.ratings if state_now.is_open and not problem else {}
    context = {
        "subject": subject,
        "plan": subject.plan,
        "state": state_now,
        "shared": common,
        "comment_list": common.comments.fill(Reader(rights, reactions, common.back, reported), key),
        "my_ratings": mine,
        "problem": problem,
        "max_length": services.max_comment_length(subject),
    }
    if state or not frames.keepable():
        forms = _forms(subject, state, mine, rights.user_id) if signed_in else {}
        return Markup(render_template("participation/_goal_section.html", **context, **forms))  # noqa: S704
    return _framed(subject, key, context, signed_in)


def _forms(
    subject: Subject, state: Mapping[str, Any], mine: Mapping[str, int], user_id: int | None
) -> dict[str, Any]:
    """The comment and rating forms of a signed-in reader (those shown again, or new ones)."""
    comment_form = state.get("comment_form") or CommentForm()
    if user_id is not None:
        comment_form.issue_token(user_id, comment_target(subject))
    rating_form = state.get("rating_form") or RatingForm(
        importance=str(mine.get("importance", "")),
        performance=str(mine.get("performance", "")),
    )
    return {
        "comment_form": comment_form,
        "rating_form": rating_form.word_for(subjects.rating_kind(subject)),
        "reader_name": current_user.display_name,
    }


def _framed(subject: Subject, key: str, context: dict[str, Any], signed_in: bool) -> Markup:
    """The section from the frame kept for this kind of reader: what the rules gave them (a
    problem, whether the account is confirmed), their answers (checked in the rating form)
    and whether the reply-mail offer shows; their name, form token and comments filled in."""
    user = current_user._get_current_object()
    kind: tuple[object, ...] = ("signed out",)
    if signed_in:
        kind = (
            "signed in",
            str(context["problem"] or ""),
            bool(user.is_verified),
            tuple(sorted(context["my_ratings"].items())),
            take_offer(),
        )

    def render(marks: frames.Marks) -> str:
        forms = _forms(subject, {}, context["my_ratings"], None) if signed_in else {}
        if forms:
            forms["comment_form"].submission_token.data = marks("submission")
            forms["reader_name"] = marks("name")
        made = {**context, **forms, "comment_list": marks("comments")}
        return render_template("participation/_goal_section.html", **made)

    frame = frames.frame((key, request.full_path, *kind), render)
    values: dict[str, str | Markup] = {"comments": context["comment_list"]}
    if signed_in:
        values["submission"] = submission_token(user.id, comment_target(subject))
        values["name"] = user.display_name
    return frame.fill(values)


def _render(subject: Subject, status: int, **state: Any) -> tuple[str | bytes, int]:
    if isinstance(subject, FocusArea):
        return render_focus_area(subject, status, **state)
    return render_goal(subject, status, **state)


def _comment(subject: Subject) -> ResponseReturnValue:
    """Post a comment once, however many times the form arrives."""
    form = CommentForm()
    refusal = may(current_user, "comment.post", subject)
    if refusal:
        return _render(subject, 403, comment_form=form, problem=refusal)
    if not form.validate_on_submit() or not post_form_ok(form, subject, comment_target(subject)):
        return _render(subject, 400, comment_form=form)
    try:
        posted = services.post_comment(
            subject,
            current_user,
            form.body.data or "",
            form.category.data or None,
            form.checked_nonce(),
        )
    except NotAllowed as refused:
        form.submission_token.data = None  # nothing was stored: the next try gets a new token
        form.body.errors = [r.reason for r in refused.refusals]
        return _render(subject, 400, comment_form=form)
    # The address is made before the commit expires the goal it comes from.
    target = subjects.page_url(subject, _anchor=f"c{posted.comment_id}")
    # Sent again (a double press), it leads to the stored comment with the same thanks, while
    # the comment is still there to thank for.
    message = thanks(posted.status) if posted.created or posted.status in SHOWN else None
    if message is not None:
        offer_after_posting(current_user)  # the reply-mail offer too, as after the first
    if not posted.created:
        limits.repeat()  # sent again after a lost answer: stored and charged once
    db.session.commit()
    if message is not None:
        thank_once(message)
    return redirect(target)


#: What a comment sent again is thanked for: published, or held for a moderator.
SHOWN = (CommentStatus.PUBLISHED, CommentStatus.PENDING)


def thanks(status: CommentStatus) -> str:
    """Published at once, or held for a moderator by the municipality's policy or word list."""
    if status == CommentStatus.PENDING:
        return _("Thank you! A moderator reads your comment before it is published.")
    return _("Thank you! Your comment is published.")


def _rate(subject: Subject) -> ResponseReturnValue:
    """Answer or change the two rating questions."""
    form = RatingForm()
    refusal = may(current_user, "goal.rate", subject)
    if refusal:
        return _render(subject, 403, rating_form=form, problem=refusal)
    if not form.validate_on_submit():
        return _render(subject, 400, rating_form=form)
    answers = {
        question: int(getattr(form, question.value).data)
        for question in RatingQuestion
        if getattr(form, question.value).data
    }
    services.rate(subject, current_user, answers)
    target = subjects.page_url(subject, _anchor="ratings")  # before the commit expires the goal
    db.session.commit()
    # Shown in the ratings section the redirect leads to (participation/_ratings.html), not at
    # the top of the page, out of sight above the section.
    flash(
        _("Thank you! Your answers are saved. You can change them while the dialogue is open."),
        "rating",
    )
    return redirect(target)


@bp.post("/mal/<int:goal_id>/kommentera")
@login_required
@refused_unless(sent_again)
@per_account("LIMIT_POST_ACCOUNT")
@per_ip("LIMIT_POST_IP")
def comment(goal_id: int) -> ResponseReturnValue:
    """Comment on a goal."""
    return _comment(goal_to_post_on(goal_id, current_user.id))


@bp.post("/fokusomrade/<int:area_id>/kommentera")
@login_required
@refused_unless(sent_again)
@per_account("LIMIT_POST_ACCOUNT")
@per_ip("LIMIT_POST_IP")
def comment_focus_area(area_id: int) -> ResponseReturnValue:
    """Comment on a focus area."""
    return _comment(focus_area_or_404(area_id))


@bp.post("/mal/<int:goal_id>/betyg")
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def rate(goal_id: int) -> ResponseReturnValue:
    """Rate a goal."""
    return _rate(goal_or_404(goal_id, with_committees=False))


@bp.post("/fokusomrade/<int:area_id>/betyg")
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def rate_focus_area(area_id: int) -> ResponseReturnValue:
    """Rate a focus area."""
    return _rate(focus_area_or_404(area_id))
