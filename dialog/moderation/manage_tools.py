"""The desk's other pages: blocks, the moderator's mail, the figures and the settings.

They join the desk's blueprint (`manage.bp`), under the same roles and municipality checks.
"""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.models import User
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.permissions import NotAllowed, may
from dialog.extensions import db
from dialog.moderation import alerts, blocks, policy, retention, services
from dialog.moderation.figures import desk_figures
from dialog.moderation.forms import BlockForm, PolicyForm, SubscriptionForm
from dialog.moderation.manage import (
    ROLES,
    bp,
    comment_here,
    item_url,
    queue_sent,
    render_item,
)


@bp.post("/epost")
@role_required(*ROLES)
def subscribe(municipality: Municipality) -> ResponseReturnValue:
    """Choose mail about new items in the queues: never, at once or a daily digest."""
    form = SubscriptionForm()
    if form.validate_on_submit():
        alerts.subscribe(current_user, municipality.id, alerts.Mode(form.mode.data))
        db.session.commit()
        flash(_("Your choice of e-mail is saved."), "success")
    else:
        flash(_("Choose when to get e-mail."), "error")
    return redirect(url_for("moderation.desk", slug=municipality.slug))


@bp.post("/<int:comment_id>/blockera")
@role_required(*ROLES)
def block(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Block the comment's writer from this municipality's dialogue, with a justification."""
    comment = comment_here(municipality, comment_id)
    queue, filters = queue_sent()
    back = item_url(municipality, comment.id, queue, filters)
    if comment.author is None:
        flash(
            _("This comment came in through another channel: there is no writer to block."), "error"
        )
        return redirect(back)
    form = BlockForm()
    if not form.validate_on_submit():
        return render_item(municipality, comment, block_form=form, queue=queue, filters=filters)
    try:
        blocks.block(
            comment.author,
            municipality.id,
            current_user,
            form.period.data,
            form.justification.data or "",
        )
    except NotAllowed as refused:
        db.session.rollback()
        form.justification.errors = [r.reason for r in refused.refusals]
        return render_item(municipality, comment, block_form=form, queue=queue, filters=filters)
    db.session.commit()
    flash(_("%(name)s is blocked.", name=comment.author.display_name), "success")
    return redirect(back)


@bp.post("/<int:comment_id>/hav-blockering")
@role_required(*ROLES)
def unblock(municipality: Municipality, comment_id: int) -> ResponseReturnValue:
    """Lift the block on the comment's writer in this municipality."""
    comment = comment_here(municipality, comment_id)
    found = blocks.active_block(comment.author_id, municipality.id) if comment.author_id else None
    if found is None:
        flash(_("The writer is not blocked."), "error")
    else:
        blocks.lift(found, current_user)
        db.session.commit()
        flash(_("The block is lifted."), "success")
    queue, filters = queue_sent()
    return redirect(item_url(municipality, comment.id, queue, filters))


#: Fields of the retention confirmation: save after all, or back to the form with its values.
CONFIRMED = "bekraftat"
BACK = "tillbaka"


@bp.route("/installningar", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings(municipality: Municipality) -> ResponseReturnValue:
    """The municipality's policy (post- or pre-moderation), its word list and retention period.

    Turning retention on or shortening it deletes comments for good at the next run, so the
    administrator first sees how many on a page of its own (no script needed) and confirms."""
    current = policy.policy_of(municipality.id)
    form = PolicyForm(
        policy="pre" if current.is_premoderated else "post",
        words="\n".join(current.words),
        retention_days=current.retention_days,
    )
    # Back from the confirmation, the form shows the entered values and nothing is saved.
    if request.method == "POST" and request.form.get(BACK) != "ja":
        lines = (form.words.data or "").splitlines()
        valid = form.validate_on_submit()
        problems = policy.check_words(policy.clean_words(lines))  # shown with any other error
        form.words.errors = list(form.words.errors) + problems
        days = form.retention_days.data
        asks = valid and not problems and request.form.get(CONFIRMED) != "ja"
        if asks and days is not None and retention.shortens(current.retention_days, days):
            return confirm_retention(municipality, form, days)
        if valid and not problems:
            policy.save_policy(
                municipality,
                current_user,
                form.policy.data == "pre",
                lines,
                form.retention_days.data,
            )
            db.session.commit()
            flash(_("The moderation settings are saved."), "success")
            return redirect(url_for("moderation.settings", slug=municipality.slug))
    return render_template(
        "moderation/settings.html", municipality=municipality, form=form, current=current
    )


def confirm_retention(municipality: Municipality, form: PolicyForm, days: int) -> str:
    """The page that says what the next retention run would delete under `days`, and asks."""
    return render_template(
        "moderation/confirm_retention.html",
        municipality=municipality,
        form=form,
        days=days,
        preview=retention.preview(municipality, days),
    )


@bp.get("/siffror")
@role_required(*ROLES)
def figures(municipality: Municipality) -> ResponseReturnValue:
    """Queue lengths, time from submission to decision, decisions per reason."""
    return render_template(
        "moderation/figures.html",
        municipality=municipality,
        figures=desk_figures(municipality.id),
    )


@bp.app_template_filter("duration")
def duration(value: timedelta | None) -> str:
    """A wait in days, hours and minutes, as people say it."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h", d=days, h=hours)
    if hours:
        return _("%(h)s h %(m)s min", h=hours, m=minutes)
    return _("%(m)s min", m=minutes)


def start_links(user: User, municipality: Municipality) -> list[tuple[str, str]]:
    """For the officials' start page: the desk, and its settings for administrators."""
    links = []
    if may(user, "moderation.desk", municipality) is None:
        links.append((url_for("moderation.desk", slug=municipality.slug), _("Moderation desk")))
    if may(user, "moderation.configure", municipality) is None:
        links.append(
            (url_for("moderation.settings", slug=municipality.slug), _("Moderation settings"))
        )
    return links


def rule_reasons() -> list[str]:
    """For the published dialogue rules: the grounds moderators give, in their words."""
    return [reason.label for reason in services.REASONS]
