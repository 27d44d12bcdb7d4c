"""The moderation desk: queues, one comment in context, decisions and internal notes.

Every route is for the municipality's moderators and administrators (`role_required`); a
comment of another municipality is refused with 403 and the attempt goes to the audit log.
"""

from collections.abc import Sequence
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from dialog.accounts.guards import refuse_elsewhere, role_required
from dialog.catalogue.models import Municipality
from dialog.core import audit
from dialog.core.permissions import NotAllowed, Refusal, may
from dialog.core.templating import sorted_as_shown, translated_choice
from dialog.core.text import parse_page, whole_number
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation import alerts, blocks, policy, queries, services
from dialog.moderation.forms import (
    BlockForm,
    BulkForm,
    DecisionForm,
    FilterForm,
    NoteForm,
    SubscriptionForm,
)
from dialog.moderation.models import DONE_MESSAGES, Action, Decision
from dialog.moderation.permissions import DESK_ROLES, is_held_by_reports
from dialog.moderation.queries import Filters, Queue
from dialog.participation.language import language_of
from dialog.participation.models import Comment, HoldReason, ReportReason
from dialog.participation.text import LINK, count_links

bp = Blueprint("moderation", __name__, url_prefix="/hantera/<slug>/moderering")
ROLES = tuple(DESK_ROLES)


def _queue(value: str | None) -> Queue:
    try:
        return Queue(value or Queue.REPORTED.value)
    except ValueError:
        return Queue.REPORTED


#: With no queue asked for, the desk opens the first of these that holds a comment.
FIRST_QUEUES = (Queue.REPORTED, Queue.APPROVAL, Queue.WORD_LIST)


def _opening_queue(counts: dict[Queue, int]) -> Queue:
    """The reported queue or, when it is empty, the first that is not: a moderator opening the
    desk was told "Nothing waits in this queue" while comments waited for approval."""
    return next((queue for queue in FIRST_QUEUES if counts[queue]), Queue.REPORTED)


def _filter_form(municipality: Municipality, args: MultiDict) -> FilterForm:
    form = FilterForm(args)
    plans, goals = queries.plans_and_goals(municipality.id)
    plans, goals = sorted_as_shown(plans, "title"), sorted_as_shown(goals, "title")
    every = [SelectChoice("", _("All"))]
    form.plan.choices = every + [translated_choice(str(p.id), p, "title") for p in plans]
    form.goal.choices = every + [translated_choice(str(g.id), g, "title") for g in goals]
    form.reason.choices = every + [SelectChoice(r.value, desk_label(r)) for r in ReportReason]
    return form


def _filters(form: FilterForm, queue: Queue) -> Filters:
    """The form's filters for `queue` (a report's reason only where reports are)."""
    reasons = {r.value for r in ReportReason} if queue.has_reports else set()
    return Filters(
        plan_id=whole_number(form.plan.data),
        goal_id=whole_number(form.goal.data),
        reason=form.reason.data if form.reason.data in reasons else None,
        since=form.since.data,
        until=form.until.data,
    )


@bp.get("")
@role_required(*ROLES)
def desk(municipality: Municipality) -> ResponseReturnValue:
    """The chosen queue in the order it is worked in (`queries.order`), with every queue's
    count and the filters."""
    return render_desk(municipality, request.args)


def render_desk(
    municipality: Municipality,
    args: MultiDict,
    bulk_form: BulkForm | None = None,
    chosen: frozenset[int] = frozenset(),
) -> ResponseReturnValue:
    """The desk for `args` (queue, filters, page); a refused bulk decision passes its form and
    the ticked comments (200, as a decision refused on a comment's page), so that the moderator
    corrects it rather than starting over."""
    counts = queries.counts(municipality.id)
    queue = _queue(args["queue"]) if "queue" in args else _opening_queue(counts)
    form = _filter_form(municipality, args)
    number = parse_page(args.get("page", "1"), 100_000) or 1
    valid = form.validate()
    query = queries.queue_query(
        municipality.id, queue, _filters(form, queue) if valid else Filters()
    )
    page = _page(query, number)
    filters = {k: v for k, v in args.items() if k in form.data and v}
    if not queue.has_reports:
        filters.pop("reason", None)  # not offered here, and not kept by the page's links
    filters["queue"] = queue.value
    if page.total and page.page > page.pages:
        # The queue shrank below the page asked for (decided meanwhile, or a refused selection
        # sent from its last page): its last page, rather than "Nothing waits in this queue".
        if bulk_form is None:
            kept_args = {k: v for k, v in args.items() if k in ("lang", "chosen")}
            values = {**kept_args, **filters, "page": page.pages}
            return redirect(url_for("moderation.desk", slug=municipality.slug, **values))
        page = _page(query, page.pages)
    # An item opened from the list keeps the queue and its filters: its Skip walks them; the
    # bulk form carries them back to the list.
    kept = _filters(form, queue).args() if valid else {}
    item_args = {"queue": queue.value, **kept}
    # "Choose all on this page" without a script: the same page again, every box ticked.
    all_chosen = args.get("chosen") == "all" and bulk_form is None
    if all_chosen:
        chosen = frozenset(comment.id for comment in page.items)
    return render_template(
        "moderation/desk.html",
        municipality=municipality,
        queue=queue,
        counts=counts,
        form=form,
        page=page,
        reasons=queries.open_reasons([comment.id for comment in page.items]),
        reported_since=(
            queries.reported_since_of([comment.id for comment in page.items])
            if queue.has_reports
            else {}
        ),
        now=utcnow(),
        taken_down={comment.id for comment in page.items if is_held_by_reports(comment)},
        listed=(
            policy.listed_in_each(municipality.id, page.items) if queue is Queue.WORD_LIST else {}
        ),
        filters=filters,
        item_args=item_args,
        kept=kept,
        chosen=chosen,
        all_chosen=all_chosen,
        decided=just_decided(municipality, args),
        fold_at=FOLD_AT,
        fold_start=FOLD_START,
        bulk_form=bulk_form or BulkForm(formdata=None, queue=queue.value, prefix="bulk"),
        mail_form=SubscriptionForm(
            formdata=None, mode=alerts.mode_of(current_user, municipality.id).value
        ),
    ), (200 if valid else 400)


def _page(query: Select, number: int) -> Pagination:
    """Page `number` of the queue (empty beyond its last)."""
    per_page = current_app.config.get("MODERATION_PER_PAGE", 25)
    return db.paginate(query, page=number, per_page=per_page, error_out=False)


#: A comment longer than this folds in the desk's list: its first FOLD_START characters show,
#: the whole is behind "Show the whole comment", so that a full page of the queue stays short.
FOLD_AT = 220
FOLD_START = 75


def comment_here(municipality: Municipality, comment_id: int) -> Comment:
    """The comment, if it is this municipality's; 404 if unknown, 403 (logged) if elsewhere."""
    comment = db.get_or_404(Comment, comment_id)
    refusal = may(current_user, "moderation.decide", comment)
    if refusal is not None:
        audit.record(
            "access.denied",
            actor=current_user,
            municipality_id=municipality.id,
            target=comment,
            after={"endpoint": request.endpoint, "method": request.method, "path": request.path},
            reason=refusal.code,
        )
        db.session.commit()
        abort(403)
    if comment.subject.plan.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "comments", comment.id)
    return comment


def render_item(
    municipality: Municipality,
    comment: Comment,
    forms: dict[Action, DecisionForm] | None = None,
    note_form: NoteForm | None = None,
    queue: Queue | None = None,
    block_form: BlockForm | None = None,
    filters: Filters | None = None,
) -> str:
    """The comment page; `forms` replaces the blank form of an action sent with errors.

    The queue and its filters come from the address unless given: the page says where the
    comment stands among them and links to the next one (Skip) without deciding."""
    queue = queue or _queue(request.args.get("queue"))
    filters = Filters.read(request.args, queue) if filters is None else filters
    position = queries.position_in(municipality.id, queue, comment, filters)
    # Also when the comment has left the queue (someone else decided it): the way on.
    following = queries.after_in(municipality.id, queue, comment, filters)
    start = (
        queries.first_in(municipality.id, queue, filters)
        if position and following is None and position.total > 1
        else None
    )
    shown = {
        action: DecisionForm(prefix=action.value, formdata=None, version=comment.version)
        for action in Action
        if may(current_user, "moderation.decision", (comment, action)) is None
    }
    shown.update(forms or {})
    return render_template(
        "moderation/item.html",
        municipality=municipality,
        queue=queue,
        item=queries.context(comment, municipality.id),
        queues=queries.queues_of(comment),
        taken_down=is_held_by_reports(comment),
        listed=(
            policy.listed_in(comment.body, municipality.id)
            if comment.held_for == HoldReason.WORD_LIST
            else None
        ),
        filters=filters,
        item_args={"queue": queue.value, **filters.args()},
        position=position,
        following=following,
        decided=next(iter(just_decided(municipality, request.args, comment.id)), None),
        start=start,
        text_links=_links_before_decision(comment),
        forms=shown,
        note_form=note_form or NoteForm(formdata=None),
        block_form=block_form or BlockForm(formdata=None),
        block=(
            blocks.active_block(comment.author_id, municipality.id) if comment.author_id else None
        ),
    )


def _links_before_decision(comment: Comment) -> bool:
    """Whether the resident's texts above the decision (the comment, the one it replies to,
    earlier versions) hold links: each is a Tab stop, so the page then offers a skip link."""
    texts = [comment.body, *(v.body for v in comment.versions)]
    if comment.parent is not None:
        texts.append(comment.parent.body)
    return any(count_links(text) for text in texts)


@bp.get("/<int:comment_id>")
@role_required(*ROLES)
def item(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """One comment in context, with the decisions that fit its state."""
    return render_item(municipality, comment_here(municipality, comment_id))


@bp.post("/<int:comment_id>/beslut")
@role_required(*ROLES)
def decide(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Apply one decision; a stale form is told the comment was already handled."""
    comment = comment_here(municipality, comment_id)
    try:
        action = Action(request.form.get("do", ""))
    except ValueError:
        flash(_("Choose what to do with the comment."), "error")
        return redirect(url_for("moderation.item", slug=municipality.slug, comment_id=comment.id))
    form = DecisionForm(prefix=action.value)
    queue = _queue(form.queue.data)
    filters = Filters.read(request.form, queue)
    if not form.validate_on_submit():
        return render_item(municipality, comment, {action: form}, queue=queue, filters=filters)
    asked = services.Request(action, form.version.data or 0, form.reason.data, form.message.data)
    try:
        services.decide(comment, current_user, asked)
    except NotAllowed as refused:
        db.session.rollback()
        reasons = [r for r in refused.refusals if r.code == "reason"]
        if reasons and len(reasons) == len(refused.refusals):
            form.reason.errors = [reasons[0].reason]
            return render_item(municipality, comment, {action: form}, queue=queue, filters=filters)
        flash(refused.first.reason, "error")
        return redirect(item_url(municipality, comment.id, queue, filters))
    db.session.commit()
    flash(_done(municipality, queue, action, comment, filters), "success")
    # On to the next comment after this one, as Skip goes: one skipped earlier does not come
    # straight back. After the last, the list, which shows any that were skipped.
    # `decided` names the comment just decided on the page that follows: its way back, should
    # the moderator regret the decision (the queue no longer shows it).
    following = queries.after_in(municipality.id, queue, comment, filters)
    if following is None:
        desk_url = _in_queue_url(
            "moderation.desk", municipality, queue, filters, decided=comment.id
        )
        return redirect(desk_url)
    return redirect(item_url(municipality, following, queue, filters, decided=comment.id))


def just_decided(
    municipality: Municipality, args: MultiDict, shown: int | None = None
) -> list[int]:
    """The comments the moderator decided on just before (`decided` in the address: one after
    a decision on a comment's page, each of a selection after a bulk decision), those of them
    that are this municipality's and have a decision, without the one shown: the page links
    back to them, since a comment leaves the queue when it is decided, and a wrong Enter among
    200 needs a way back other than the browser's history (whose page holds a stale form)."""
    named = (whole_number(value) for value in args.getlist("decided")[:BULK_MAX])
    found = [n for n in dict.fromkeys(named) if n is not None and n != shown]
    if not found:
        return []
    decided = select(Decision.comment_id).where(
        Decision.comment_id.in_(found), Decision.municipality_id == municipality.id
    )
    have = set(db.session.scalars(decided.distinct()))
    return [n for n in found if n in have]


def _in_queue_url(
    endpoint: str, municipality: Municipality, queue: Queue, filters: Filters, **values: Any
) -> str:
    """A desk address that keeps the queue and its filters (before any other value)."""
    return url_for(
        endpoint, slug=municipality.slug, **{"queue": queue.value, **filters.args(), **values}
    )


def item_url(
    municipality: Municipality, comment_id: int, queue: Queue, filters: Filters, **values: Any
) -> str:
    """The comment's page in the queue and filters it was worked in."""
    return _in_queue_url(
        "moderation.item", municipality, queue, filters, comment_id=comment_id, **values
    )


def queue_sent() -> tuple[Queue, Filters]:
    """The queue and filters a form on the item page carries (its note, block and unblock
    forms), so that the page it returns to still says where the comment stands and Skip."""
    queue = _queue(request.form.get("queue"))
    return queue, Filters.read(request.form, queue)


def _done(
    municipality: Municipality, queue: Queue, action: Action, comment: Comment, filters: Filters
) -> str:
    """What was decided on which comment and how much is left in the queue: the moderator who
    lands on the next item hears both without returning to the desk."""
    return f"{DONE_MESSAGES[action] % {'id': comment.id}} {_left(municipality, queue, filters)}"


def _left(municipality: Municipality, queue: Queue, filters: Filters) -> str:
    """How much is left: in a filtered queue, what the moderator is working on first, then the
    whole queue (its count alone did not say when the filtered work is done)."""
    left = queries.count_in(municipality.id, queue)
    if not left:
        return _("Nothing is left in “%(queue)s”.", queue=queue.label)
    if not filters:
        return ngettext(
            "%(num)d comment is left in “%(queue)s”.",
            "%(num)d comments are left in “%(queue)s”.",
            left,
            queue=queue.label,
        )
    narrowed = queries.count_in(municipality.id, queue, filters)
    if not narrowed:
        here = _("Nothing is left in the filtered queue “%(queue)s”.", queue=queue.label)
    else:
        here = ngettext(
            "%(num)d comment is left in the filtered queue “%(queue)s”.",
            "%(num)d comments are left in the filtered queue “%(queue)s”.",
            narrowed,
            queue=queue.label,
        )
    whole = ngettext(
        "%(num)d comment is left in the whole queue.",
        "%(num)d comments are left in the whole queue.",
        left,
    )
    return f"{here} {whole}"


@bp.post("/<int:comment_id>/anteckning")
@role_required(*ROLES)
def note(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Add an internal note, seen by officials only."""
    comment = comment_here(municipality, comment_id)
    queue, filters = queue_sent()
    form = NoteForm()
    if not form.validate_on_submit():
        return render_item(municipality, comment, note_form=form, queue=queue, filters=filters)
    services.add_note(comment, current_user, form.body.data or "")
    db.session.commit()
    flash(_("The note is saved."), "success")
    return redirect(item_url(municipality, comment.id, queue, filters, _anchor="notes"))


#: At most this many comments in one bulk decision (a page of the queue is 25).
BULK_MAX = 100


@bp.post("/urval")
@role_required(*ROLES)
def bulk(municipality: Municipality) -> ResponseReturnValue:
    """One decision on every ticked comment: all of them, or none with every problem named."""
    form = BulkForm(prefix="bulk")
    queue = _queue(form.queue.data)
    filters = Filters.read(request.form, queue)  # back to the list as the moderator narrowed it
    ids = [whole_number(v) for v in request.form.getlist("selected")]
    page = request.form.get("page", "1")
    shown = MultiDict({"queue": queue.value, **filters.args(), "page": page})
    ticked = frozenset(n for n in ids if n)
    if not form.validate_on_submit() or None in ids or len(ids) > BULK_MAX:
        if None in ids:
            flash(_("Choose comments from the list."), "error")
        elif len(ids) > BULK_MAX:  # refused whole: none is left out unsaid
            flash(_("Choose at most %(num)d comments at a time.", num=BULK_MAX), "error")
        return render_desk(municipality, shown, form, ticked)
    chosen, gone = [], []
    for comment_id in dict.fromkeys(n for n in ids if n is not None):
        comment = comment_listed(municipality, comment_id)
        if comment is None:
            gone.append(comment_id)
            continue
        seen = whole_number(request.form.get(f"version-{comment_id}")) or 0
        chosen.append((comment, seen))
    asked = services.Request(Action(form.action.data), 0, form.reason.data, form.message.data)

    def again(refusals: Sequence[Refusal]) -> ResponseReturnValue:
        """The list with nothing changed, every problem named, and the boxes ticked that no
        problem names (a comment handled meanwhile is read again before it is decided)."""
        flash(_("Nothing was changed."), "error")
        for problem in refusals:
            if problem.code == "reason":  # named at its field, as on a comment's page
                form.reason.errors = [problem.reason]
            else:
                flash(problem.reason, "error")
        unsure = services.to_look_at(chosen, current_user, asked)
        return render_desk(municipality, shown, form, ticked - unsure - set(gone))

    if gone:  # a list grown stale: nothing changes, and the moderator is told which and why
        db.session.commit()  # the audit entries of any comment of another municipality
        others = services.check_all(chosen, current_user, asked) if chosen else []
        return again(services.gone_refusals(gone) + others)
    if asked.action in services.CONFIRMED_FIRST and request.form.get("confirmed") != "yes":
        if not services.check_all(chosen, current_user, asked):  # else refused below
            back = _in_queue_url("moderation.desk", municipality, queue, filters, page=page)
            return _confirm_bulk(municipality, form, asked, chosen, filters, back)
    try:
        done = services.decide_all(chosen, current_user, asked)
    except NotAllowed as refused:
        db.session.rollback()
        return again(refused.refusals)
    db.session.commit()
    applied = ngettext(
        "“%(action)s” is applied to %(num)d comment.",
        "“%(action)s” is applied to %(num)d comments.",
        done,
        action=asked.action.label,
    )
    flash(f"{applied} {_left(municipality, queue, filters)}", "success")
    # Each comment of the selection, named as a single decision names its one: the list links
    # back to them (they have left the queue), should the moderator regret the decision.
    decided = [comment.id for comment, _seen in chosen]
    return redirect(_in_queue_url("moderation.desk", municipality, queue, filters, decided=decided))


def comment_listed(municipality: Municipality, comment_id: int) -> Comment | None:
    """A ticked comment, or None when it is gone or another municipality's: a list can go
    stale (a comment deleted, say), so the moderator is told rather than shown a 404. An id
    of another municipality is logged as `comment_here` logs it, and told as one gone, which
    says nothing of the other municipality."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        return None
    refusal = may(current_user, "moderation.decide", comment)
    elsewhere = comment.subject.plan.municipality_id != municipality.id
    if refusal is not None or elsewhere:
        audit.record(
            "access.denied",
            actor=current_user,
            municipality_id=municipality.id,
            after={"endpoint": request.endpoint, "method": request.method, "path": request.path},
            target_type="comments",
            target_id=comment_id,
            reason=refusal.code if refusal is not None else "other_municipality",
        )
        return None
    return comment


def _confirm_bulk(
    municipality: Municipality,
    form: BulkForm,
    asked: services.Request,
    chosen: list[tuple[Comment, int]],
    filters: Filters,
    back: str,
) -> str:
    """The step before rejecting or hiding a selection: which comments, why, the way back."""
    return render_template(
        "moderation/confirm_bulk.html",
        municipality=municipality,
        form=form,
        asked=asked,
        chosen=chosen,
        kept=filters.args(),
        back=back,
    )


def desk_label(reason: ReportReason) -> str:
    """A reason as the desk names it: as the rules word it, but "Other" without the report
    form's "(describe below)", which means nothing in a filter or a list of reports."""
    return _("Other reason") if reason is ReportReason.OTHER else reason.label


@bp.app_template_filter("report_reason_label")
def report_reason_label(value: str) -> str:
    """A stored reason code as the desk names it."""
    try:
        return desk_label(ReportReason(value))
    except ValueError:
        return value


@bp.app_template_filter("words_lang")
def words_lang(text: str | None) -> Markup:
    """` lang="…"` for a resident's short text outside a comment body (a report's details),
    when its words clearly say which language it is (see `language_of`); else nothing."""
    found = language_of(LINK.sub(" ", text)) if text else None
    return Markup(f' lang="{found}"' if found else "")  # noqa: S704 ("sv" or "en" only)
