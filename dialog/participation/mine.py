"""My page: what I have written and rated, my data as JSON, and deleting my account."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash

from dialog.accounts import sessions
from dialog.accounts.forms import DeleteAccountForm
from dialog.accounts.services import erase_account
from dialog.core.text import parse_page
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation import queries
from dialog.participation.news import whats_new
from dialog.participation.personal_data import erase_participation, personal_data

bp = Blueprint("mine", __name__, url_prefix="/mina-sidor")


@bp.get("")
def my_page():
    """My comments and replies with their status, and my ratings."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.path))
    page = parse_page(request.args.get("page", "1"), 100_000)
    if page is None:
        return redirect(url_for("mine.my_page"))
    comments = queries.comments_by(current_user.id, page, 50)
    news = whats_new(current_user)  # also stores this visit, so the next one starts here
    db.session.commit()
    return render_template(
        "participation/my_page.html",
        comments=comments,
        ratings=queries.ratings_by(current_user.id),
        news=news,
    )


@bp.get("/mina-data")
@login_required
def download():
    """Everything stored about me, as a JSON file."""
    body = json.dumps(personal_data(current_user), ensure_ascii=False, indent=2)
    name = f"dialog-mina-data-{utcnow():%Y-%m-%d}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/radera-konto", methods=["GET", "POST"])
@login_required
def delete_account():
    """Erase personal data now; comments are withdrawn or stay under "former participant"."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.current_password.data):
            form.current_password.errors.append(_("The password is wrong."))
        else:
            user = current_user._get_current_object()
            erase_participation(user, withdraw_comments=form.comments.data == "withdraw")
            erase_account(user)
            db.session.commit()
            sessions.forget_this_browser()  # erase_account ended every device's session
            flash(_("Your account is deleted and your personal data erased."), "success")
            return redirect(url_for("catalogue.index"))
    return render_template("participation/delete_account.html", form=form), (
        400 if form.errors else 200
    )
