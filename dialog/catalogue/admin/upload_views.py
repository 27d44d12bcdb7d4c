"""Upload a goal document in the browser: the importer's report first, then confirm once."""

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.guards import role_required
from dialog.accounts.roles import Role
from dialog.catalogue.admin import uploads
from dialog.catalogue.admin.forms import ConfirmUploadForm, UploadForm
from dialog.catalogue.admin.views import HERE, bp
from dialog.catalogue.cli import dump_document
from dialog.catalogue.importer import ImportReport, export_municipality
from dialog.catalogue.models import Municipality
from dialog.core.text import whole_number
from dialog.extensions import db


def _target(upload_id: int) -> str:
    return f"catalogue-upload:{upload_id}"


@bp.route(HERE + "/ladda-upp", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def upload(municipality: Municipality) -> ResponseReturnValue:
    """Check a goal document and show what importing it would change; nothing is written."""
    form = UploadForm()
    problems: list[str] = []
    report: ImportReport | None = None
    confirm: ConfirmUploadForm | None = None
    if form.validate_on_submit():
        file = form.document.data
        name = (getattr(file, "filename", "") or "").rsplit("/", 1)[-1]
        if not name:
            form.document.errors = [_("Choose a file to upload.")]
        else:
            raw = file.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
            data, problems = uploads.read_upload(municipality, name, raw)
            if data is not None:
                report = uploads.dry_run(data)
                kept = uploads.keep_upload(municipality, current_user, name, raw)
                db.session.commit()
                confirm = ConfirmUploadForm(formdata=None, upload=str(kept.id))
                confirm.issue_token(current_user.id, _target(kept.id))
    return render_template(
        "catalogue/admin/upload.html",
        municipality=municipality,
        form=form,
        problems=uploads.for_page(problems),
        report=report,
        changes=uploads.for_page(report.in_words(marked=True)) if report else [],
        confirm=confirm,
    )


@bp.post(HERE + "/ladda-upp/bekrafta")
@role_required(Role.ADMIN)
def confirm_upload(municipality: Municipality) -> ResponseReturnValue:
    """Import the previewed document; a second confirmation of the same preview does nothing."""
    form = ConfirmUploadForm()
    upload_id = whole_number(form.upload.data)
    kept = db.session.get(uploads.CatalogueUpload, upload_id) if upload_id is not None else None
    if kept is None or kept.municipality_id != municipality.id or kept.user_id != current_user.id:
        flash(_("That preview is not yours or no longer exists. Upload the file again."), "error")
        return redirect(url_for("catalogue_admin.upload", slug=municipality.slug))
    problem = form.token_problem(current_user.id, _target(kept.id)) if form.validate() else None
    if not form.validate() or problem:
        flash(problem or _("The form was incomplete. Reload the page and try again."), "error")
        return redirect(url_for("catalogue_admin.upload", slug=municipality.slug))
    report, problems = uploads.apply_upload(municipality, kept, current_user)
    if problems:
        db.session.rollback()
        return render_template(
            "catalogue/admin/upload.html",
            municipality=municipality,
            form=UploadForm(),
            problems=uploads.for_page(problems),
            report=None,
            changes=[],
            confirm=None,
        )
    db.session.commit()
    if report is None:
        flash(_("This document was imported already; nothing more was changed."), "info")
    else:
        summary = _(
            "Imported: %(added)s added, %(changed)s changed, %(archived)s archived.",
            added=len(report.added),
            changed=len(report.changed),
            archived=len(report.archived),
        )
        flash(_("No changes.") if report.is_empty else summary, "success")
    return redirect(url_for("catalogue_admin.overview", slug=municipality.slug))


@bp.get(HERE + "/ladda-upp/nuvarande.yaml")
@role_required(Role.ADMIN)
def download_document(municipality: Municipality) -> ResponseReturnValue:
    """The municipality's content as a goal document: the file to change and upload again, and
    the example of the format an administrator has at hand (the format's description is not on
    the site)."""
    headers = {"Content-Disposition": f'attachment; filename="{municipality.slug}.yaml"'}
    text = dump_document(export_municipality(municipality))
    return Response(text, mimetype="application/yaml", headers=headers)
