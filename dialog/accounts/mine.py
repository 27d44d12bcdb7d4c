"""My page, my data as JSON, and deleting my account; other areas plug in through hooks."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialog.accounts import sessions
from dialog.accounts.forms import DeleteAccountForm
from dialog.accounts.hooks import hooks
from dialog.accounts.personal_data import personal_data
from dialog.accounts.services import check_password, erase_account, record_my_page_visit
from dialog.core.urls import home_url
from dialog.db import utcnow
from dialog.extensions import db

bp = Blueprint("mine", __name__, url_prefix="/mina-sidor")


@bp.get("")
def my_page() -> ResponseReturnValue:
    """What I have written and rated (each area's section), and my data."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.path))
    user = current_user._get_current_object()
    sections = [section(user) for section in hooks().my_page]
    # After the sections, which mark what arrived since the previous visit as new.
    record_my_page_visit(user)
    db.session.commit()
    return render_template("accounts/my_page.html", sections=sections)


@bp.get("/mina-data")
@login_required
def download() -> ResponseReturnValue:
    """Everything stored about me, as a JSON file."""
    data = personal_data(current_user._get_current_object())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    name = f"dialog-mina-data-{utcnow():%Y-%m-%d}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/radera-konto", methods=["GET", "POST"])
@login_required
def delete_account() -> ResponseReturnValue:
    """Erase personal data now; comments are withdrawn or stay under "former participant"."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not check_password(user, form.current_password.data):
            form.current_password.errors = [
                *form.current_password.errors,
                _("The password is wrong."),
            ]
        else:
            erase_account(user, withdraw=form.comments.data == "withdraw")
            db.session.commit()
            sessions.forget_this_browser()  # erase_account ended every device's session
            flash(_("Your account is deleted and your personal data erased."), "success")
            return redirect(home_url())
    return render_template("accounts/delete_account.html", form=form), (400 if form.errors else 200)
