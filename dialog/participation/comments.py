"""One comment: its permalink, replies, editing, withdrawal, reactions and reports."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Select, func, select

from dialog.accounts import limits
from dialog.accounts.limits import per_account, per_ip, refused_unless
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.core.cache import cached_page
from dialog.core.permissions import NotAllowed, Refusal, may
from dialog.core.urls import safe_next
from dialog.extensions import db
from dialog.participation import queries, services, subjects
from dialog.participation.forms import (
    EditForm,
    ReplyForm,
    ReportForm,
    WithdrawForm,
    post_form_ok,
    reply_target,
    sent_again,
    thank_once,
)
from dialog.participation.models import Comment, CommentStatus, ReactionKind
from dialog.participation.notifications import notify_reply
from dialog.participation.permissions import edit_until, page_rights
from dialog.participation.personal import Reader, Slots
from dialog.participation.reply_mail import offer_after_posting
from dialog.participation.windows import dialogue_state

bp = Blueprint("comments", __name__, url_prefix="/kommentar")


def municipality_of(comment_id: int) -> Select[Municipality]:
    """The municipality of the comment's goal or focus area (catalogue.site.add_path_owner)."""
    plan_id = (
        select(func.coalesce(Goal.plan_id, FocusArea.plan_id))
        .select_from(Comment)
        .outerjoin(Goal, Goal.id == Comment.goal_id)
        .outerjoin(FocusArea, FocusArea.id == Comment.focus_area_id)
        .where(Comment.id == comment_id)
        .scalar_subquery()
    )
    return select(Municipality).join(Plan).where(Plan.id == plan_id)


def _comment_or_404(comment_id: int) -> Comment:
    return queries.comment_or_none(comment_id) or abort(404)


def _on_its_site(comment_id: int) -> Comment:
    """The comment, with its municipality remembered as the page's site (header and title),
    as on the goal page the resident came from."""
    found = _comment_or_404(comment_id)
    subjects.of_comment(found)
    return found


def _thread(comment: Comment) -> Comment:
    """The top-level comment of the thread a comment belongs to."""
    if comment.parent_id and comment.parent is not None:
        return comment.parent
    return comment


def render_thread(
    comment: Comment,
    reply_form: ReplyForm | None = None,
    problem: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    top = _thread(comment)
    subject = subjects.of_comment(top)
    replies = queries.replies_of([top.id]).get(top.id, [])
    user = current_user._get_current_object()
    rights = page_rights(user, subject)
    reactions: dict[int, str] = {}
    reported: frozenset[int] = frozenset()
    # Forms only for the signed-in: a form's CSRF token would give a visitor a session.
    if rights.user_id is not None:
        reply_form = reply_form or ReplyForm()
        reply_form.issue_token(rights.user_id, reply_target(top))
        if problem is None:
            problem = may(user, "goal.take_part", subject)
        # The reader's reactions and reports on the thread, in one statement.
        ids = [top.id] + [r.id for r in replies]
        own = queries.personal_state(subject, rights.user_id, ids, with_ratings=False)
        reactions = own.reactions if rights.takes_part else {}
        reported = frozenset(own.reported)
    slots = Slots()
    page = render_template(
        "participation/thread.html",
        subject=subject,
        plan=subject.plan,
        top=top,
        replies=replies,
        slots=slots,
        state=dialogue_state(subject),
        focus=comment,
        reply_form=reply_form,
        problem=problem,
        max_length=services.max_comment_length(subject),
    )
    back = url_for("comments.show", comment_id=top.id)
    return slots.holes(page).fill(Reader(rights, reactions, back, reported)), status


@bp.get("/<int:comment_id>")
@cached_page
def show(comment_id: int) -> ResponseReturnValue:
    """Permalink: the comment with its thread and, where allowed, a reply form."""
    return render_thread(_comment_or_404(comment_id))


@bp.post("/<int:comment_id>/svara")
@login_required
@refused_unless(sent_again)
@per_account("LIMIT_POST_ACCOUNT")
@per_ip("LIMIT_POST_IP")
def reply(comment_id: int) -> ResponseReturnValue:
    """Reply to a top-level comment (one level of nesting)."""
    parent = _comment_or_404(comment_id)
    subject = subjects.of_comment(parent)
    form = ReplyForm()
    refusal = may(current_user, "comment.reply", parent)
    if refusal:
        return render_thread(parent, reply_form=form, problem=refusal, status=403)
    if not form.validate_on_submit() or not post_form_ok(form, subject, reply_target(parent)):
        return render_thread(parent, reply_form=form, status=400)
    try:
        posted = services.post_comment(
            subject, current_user, form.body.data or "", None, form.checked_nonce(), parent=parent
        )
    except NotAllowed as refused:
        form.submission_token.data = None  # nothing was stored: the next try gets a new token
        form.body.errors = [r.reason for r in refused.refusals]
        return render_thread(parent, reply_form=form, status=400)
    published = posted.status == CommentStatus.PUBLISHED
    if posted.created and published:
        notify_reply(posted.comment)  # its outbox row commits with the reply
        offer_after_posting(current_user)
    if not posted.created:
        limits.repeat()  # sent again after a lost answer: stored and charged once
    db.session.commit()
    # Sent again (a double press), it is thanked as the first was, while the reply is there.
    if posted.created or posted.status == CommentStatus.PENDING or published:
        thank_once(
            _("Thank you! Your reply is published.")
            if published
            else _("Thank you! A moderator reads your reply before it is published.")
        )
    return redirect(url_for("comments.show", comment_id=parent.id, _anchor=f"c{posted.comment_id}"))


@bp.route("/<int:comment_id>/redigera", methods=["GET", "POST"])
@login_required
@per_account("LIMIT_POST_ACCOUNT")
def edit(comment_id: int) -> ResponseReturnValue:
    """The author corrects a comment within the first minutes; earlier text is kept."""
    found = _comment_or_404(comment_id)
    subject = subjects.of_comment(found)
    refusal = may(current_user, "comment.edit", found)
    if refusal:
        # Sent after the minutes ran out: the new text is shown back, not lost (see template).
        sent = request.form.get("body", "") if request.method == "POST" else ""
        return render_template(
            "participation/cannot_edit.html",
            comment=found,
            subject=subject,
            problem=refusal,
            sent=sent.strip(),
        ), 403
    form = EditForm(obj=found) if request.method == "GET" else EditForm()
    if form.validate_on_submit():
        try:
            services.edit_comment(
                found, current_user, form.body.data or "", form.category.data or None
            )
        except NotAllowed as refused:
            form.body.errors = [r.reason for r in refused.refusals]
        else:
            db.session.commit()
            if found.status == CommentStatus.PENDING:
                flash(
                    _("Your comment is updated. A moderator reads it before it is shown."),
                    "success",
                )
            else:
                flash(_("Your comment is updated."), "success")
            return redirect(url_for("comments.show", comment_id=found.id, _anchor=f"c{found.id}"))
    is_reply = found.parent_id is not None
    return render_template(
        "participation/edit.html",
        form=form,
        comment=found,
        subject=subject,
        is_reply=is_reply,
        editable_until=edit_until(found),
        max_length=services.max_comment_length(subject),
    ), (400 if form.errors else 200)


@bp.route("/<int:comment_id>/dra-tillbaka", methods=["GET", "POST"])
@login_required
def withdraw(comment_id: int) -> ResponseReturnValue:
    """The author withdraws a comment: readers see a marker, the record stays."""
    found = _on_its_site(comment_id)
    if may(current_user, "comment.withdraw", found):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw_comment(found, current_user)
        db.session.commit()
        flash(_("Your comment is withdrawn."), "success")
        return redirect(url_for("comments.show", comment_id=found.id))
    return render_template("participation/withdraw.html", form=form, comment=found)


@bp.post("/<int:comment_id>/reaktion")
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def react(comment_id: int) -> ResponseReturnValue:
    """Agree, disagree or take back; one reaction per resident and comment."""
    found = _comment_or_404(comment_id)
    choice = request.form.get("reaction", "")
    kinds = {kind.value: kind for kind in ReactionKind}
    if choice not in kinds and choice != "none":
        abort(400)
    # Back to the comment itself (#c…): dialog.js puts the message just above it and focuses
    # it, so the resident hears what happened instead of landing on the page's body.
    back = f"{safe_next(request.form.get('next')).split('#', 1)[0]}#c{found.id}"
    try:
        services.react(found, current_user, kinds.get(choice))
    except NotAllowed as refused:
        for refusal in refused.refusals:
            flash(refusal.reason, "error")
        return redirect(back)
    db.session.commit()
    if choice == "none":
        flash(_("Your reaction is removed."), "success")
    else:
        flash(_("Your reaction is saved."), "success")
    return redirect(back)


@bp.route("/<int:comment_id>/anmal", methods=["GET", "POST"])
@login_required
@per_account("LIMIT_ACT_ACCOUNT")
def report(comment_id: int) -> ResponseReturnValue:
    """Report a comment to the moderators, with a reason from the dialogue rules; once."""
    found = _on_its_site(comment_id)
    problem = may(current_user, "comment.report", found)
    if problem:
        return render_template(
            "participation/cannot_report.html", comment=found, problem=problem
        ), (409 if problem.code == "not_published" else 403)
    if queries.has_reported(current_user.id, found.id):
        return _reported_already(found)
    form = ReportForm()
    if form.validate_on_submit():
        stored = services.report_comment(
            found, current_user, form.reason.data, form.details.data or None
        )
        db.session.commit()
        if not stored:  # sent twice at once: the other one was stored
            return _reported_already(found)
        flash(_("Thank you. A moderator will look at the comment."), "success")
        return redirect(url_for("comments.show", comment_id=found.id))
    return render_template("participation/report.html", form=form, comment=found), (
        400 if form.errors else 200
    )


def _reported_already(comment: Comment) -> ResponseReturnValue:
    """One report per resident and comment: the form, opened again, says it was sent instead
    of asking again; sent again (or twice at once), it leads back to the comment, as the first
    one did, with that message."""
    if request.method == "POST":
        flash(_("You have already reported this comment."), "info")
        return redirect(url_for("comments.show", comment_id=comment.id))
    return render_template("participation/reported.html", comment=comment)
