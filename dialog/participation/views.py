"""The goal page with its dialogue, and what residents do there."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialog.accounts.limits import per_account, per_ip
from dialog.catalogue.queries import goal_or_404
from dialog.core.text import parse_page
from dialog.extensions import db
from dialog.participation import queries, services
from dialog.participation.forms import CommentForm, RatingForm, comment_target
from dialog.participation.models import RatingQuestion
from dialog.participation.reply_mail import offer_after_posting
from dialog.participation.windows import dialogue_state

bp = Blueprint("participation", __name__)


def page_arguments() -> tuple[str, int]:
    sort = request.args.get("sort", "newest")
    page = request.args.get("page", "1")
    number = parse_page(page, 100_000)
    if sort not in queries.SORTS or number is None:
        abort(400)
    return sort, number


def render_goal(goal, comment_form=None, rating_form=None, problem=None, status=200):
    """The goal with its window, ratings and one page of comments."""
    sort, page = page_arguments()
    user_id = current_user.id if current_user.is_authenticated else None
    comments = queries.comment_page(
        goal.id, sort, page, current_app.config["COMMENTS_PER_PAGE"], user_id
    )
    mine = queries.my_ratings(goal.id, user_id)
    comment_form = comment_form or CommentForm()
    if current_user.is_authenticated:
        comment_form.issue_token(current_user.id, comment_target(goal))
    if rating_form is None:
        rating_form = RatingForm(
            importance=str(mine.get("importance", "")), performance=str(mine.get("performance", ""))
        )
    return render_template(
        "participation/goal.html",
        goal=goal,
        plan=goal.plan,
        state=dialogue_state(goal),
        comments=comments,
        distributions=queries.rating_distributions(goal.id),
        my_ratings=mine,
        comment_form=comment_form,
        rating_form=rating_form.word_for(goal.kind),
        problem=problem or _participation_problem(goal),
        max_length=services.max_comment_length(goal),
    ), status


def _participation_problem(goal) -> str | None:
    return services.refusal(current_user, goal) if current_user.is_authenticated else None


@bp.get("/mal/<int:goal_id>")
def goal(goal_id: int):
    """One goal, assignment or aspect with everything residents need to discuss it."""
    return render_goal(goal_or_404(goal_id))


@bp.post("/mal/<int:goal_id>/kommentera")
@login_required
@per_account("LIMIT_POST_ACCOUNT")
@per_ip("LIMIT_POST_IP")
def comment(goal_id: int):
    """Post a comment once, however many times the form arrives."""
    found = goal_or_404(goal_id)
    form = CommentForm()
    problem = services.refusal(current_user, found)
    if problem:
        return render_goal(found, comment_form=form, problem=problem, status=403)
    if not form.validate_on_submit() or not post_form_ok(form, found, comment_target(found)):
        return render_goal(found, comment_form=form, status=400)
    try:
        posted = services.post_comment(
            found, current_user, form.body.data, form.category.data or None, form.nonce
        )
    except services.NotAllowed as refusal:
        form.submission_token.data = None  # nothing was stored: the next try gets a new token
        form.body.errors = [str(refusal)]
        return render_goal(found, comment_form=form, status=400)
    if posted.created:
        offer_after_posting(current_user)
    db.session.commit()
    if posted.created:
        flash(_("Thank you! Your comment is published."), "success")
    return redirect(
        url_for("participation.goal", goal_id=found.id, _anchor=f"c{posted.comment.id}")
    )


def post_form_ok(form, goal, target: str) -> bool:
    """Honeypot, the municipality's length and link limits, and the one-time token, which must
    have been issued to this account for this target (a goal or the comment replied to)."""
    if form.caught_a_bot:
        form.website.errors = [_("Leave this field empty.")]
        return False
    problem = services.check_body(form.body.data, goal)
    if not problem:
        problem = form.token_problem(current_user.id, target)
    if problem:
        form.body.errors = [problem]
    return not problem


@bp.post("/mal/<int:goal_id>/betyg")
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def rate(goal_id: int):
    """Answer or change the two rating questions."""
    found = goal_or_404(goal_id)
    form = RatingForm()
    problem = services.refusal(current_user, found)
    if problem:
        return render_goal(found, rating_form=form, problem=problem, status=403)
    if not form.validate_on_submit():
        return render_goal(found, rating_form=form, status=400)
    answers = {
        question: int(getattr(form, question.value).data)
        for question in RatingQuestion
        if getattr(form, question.value).data
    }
    services.rate(found, current_user, answers)
    db.session.commit()
    flash(
        _("Thank you! Your answers are saved. You can change them while the dialogue is open."),
        "success",
    )
    return redirect(url_for("participation.goal", goal_id=found.id, _anchor="ratings"))


def init_app(app) -> None:
    from dialog.participation import activity, comments, mine, reply_mail, search, templating

    templating.init_app(app)
    search.init_app()
    activity.init_app()
    app.register_blueprint(bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(mine.bp)
    app.register_blueprint(reply_mail.bp)
    app.add_template_global(reply_mail.take_offer, "reply_mail_offer")
