"""The audit log for administrators: filter, page through, export as CSV (itself audited).

A municipality's administrators read its entries at /hantera/<slug>/logg; platform
administrators read every entry, including platform-wide ones, at /hantera/logg.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from flask import Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from dialog.accounts.guards import platform_admin_required, role_required
from dialog.accounts.manage import bp
from dialog.accounts.models import User
from dialog.accounts.official_forms import AuditFilterForm
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core import audit, audit_words
from dialog.core.audit import AuditEntry, AuditFilter
from dialog.core.collation import sorted_for_page
from dialog.core.text import parse_page
from dialog.extensions import db

FILTER_FIELDS = ("action", "actor", "target_type", "target_id", "since", "until")


def _scope(municipality: Municipality | None) -> frozenset[int] | None:
    return None if municipality is None else frozenset({municipality.id})


def _filter_form(scope: frozenset[int] | None) -> AuditFilterForm:
    """The filter form with the actions, people and kinds of target that occur in scope."""
    form = AuditFilterForm(request.args)
    actions, target_types = audit.known_values(scope)
    everything = [("", _("All"))]
    form.action.choices = [*everything, *_choices(actions, audit_words.action)]
    form.target_type.choices = [*everything, *_choices(target_types, audit_words.target)]
    actors = select(AuditEntry.actor_id).distinct().where(AuditEntry.actor_id.is_not(None))
    if scope is not None:
        actors = actors.where(AuditEntry.municipality_id.in_(sorted(scope)))
    people = sorted_for_page(
        db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(actors)).order_by(User.id)
        ),
        lambda person: person[1],
    )
    form.actor.choices = everything + [(str(i), f"{name} (#{i})") for i, name in people]
    return form


def _choices(
    codes: Iterable[str], say: Callable[[str], audit_words.Said]
) -> list[tuple[str, str, dict[str, str]]]:
    """The codes stay the values (links and exports keep them); the reader sees words, in
    the order of the page's language, and a code without words marked as English."""
    said = sorted_for_page(((code, say(code)) for code in codes), lambda pair: pair[1].text)
    return [(code, s.text, {"lang": "en"} if s.is_code else {}) for code, s in said]


def _selection(form: AuditFilterForm, scope: frozenset[int] | None) -> AuditFilter:
    return AuditFilter(
        municipality_ids=scope,
        action=form.action.data or None,
        actor_id=int(form.actor.data) if form.actor.data else None,
        target_type=form.target_type.data or None,
        target_id=form.target_id.data,
        since=form.since.data,
        until=form.until.data,
    )


def _names(
    model: type[User] | type[Municipality],
    column: InstrumentedAttribute[str],
    ids: Iterable[int | None],
) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(model.id, column).where(model.id.in_(wanted)))
    return {key: name for key, name in rows}


def _log_page(municipality: Municipality | None) -> ResponseReturnValue:
    scope = _scope(municipality)
    form = _filter_form(scope)
    number = parse_page(request.args.get("page", "1"), 100_000)
    if number is None:
        abort(400)
    if not form.validate():
        page, status = None, 400
    else:
        page, status = (
            db.paginate(
                audit.entries(_selection(form, scope)),
                page=number,
                per_page=current_app.config["AUDIT_PER_PAGE"],
                error_out=False,
            ),
            200,
        )
    entries = page.items if page else []
    return render_template(
        "accounts/manage/audit.html",
        municipality=municipality,
        form=form,
        page=page,
        actors=_names(User, User.display_name, (e.actor_id for e in entries)),
        places=_names(Municipality, Municipality.name, (e.municipality_id for e in entries)),
        filters={k: v for k, v in request.args.items() if k in FILTER_FIELDS and v},
        words=audit_words,
    ), status


def _export(municipality: Municipality | None) -> ResponseReturnValue:
    """Stream the filtered entries as CSV, after recording the export in the log."""
    scope = _scope(municipality)
    form = _filter_form(scope)
    if not form.validate():
        return _log_page(municipality)
    selection = _selection(form, scope)
    audit.record(
        "audit.export",
        actor=current_user,
        municipality_id=municipality.id if municipality else None,
        after=selection.as_dict(),
    )
    db.session.commit()
    query = (
        audit.entries(selection)
        .add_columns(User.display_name, Municipality.name)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .outerjoin(Municipality, Municipality.id == AuditEntry.municipality_id)
    )

    def rows() -> Iterator[tuple[AuditEntry, str, str]]:
        for entry, actor, place in db.session.execute(query.execution_options(yield_per=500)):
            yield entry, actor or "", place or ""

    name = f"audit-{municipality.slug if municipality else 'all'}-{date.today().isoformat()}.csv"
    # Built in memory: the log grows by officials' actions, not by residents' traffic; a job
    # (see the house issue) takes over if a municipality's log ever outgrows a request.
    return Response(
        "".join(audit.csv_lines(rows())),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<slug>/logg")
@role_required(Role.ADMIN)
def audit_log(municipality: Municipality) -> ResponseReturnValue:
    """What officials did in the municipality, and refused attempts, newest first."""
    return _log_page(municipality)


@bp.get("/<slug>/logg.csv")
@role_required(Role.ADMIN)
def audit_export(municipality: Municipality) -> ResponseReturnValue:
    """The municipality's filtered log as CSV (UTF-8 with BOM, formulas neutralised)."""
    return _export(municipality)


@bp.get("/logg")
@platform_admin_required
def platform_audit_log() -> ResponseReturnValue:
    """Every entry, platform-wide ones included."""
    return _log_page(None)


@bp.get("/logg.csv")
@platform_admin_required
def platform_audit_export() -> ResponseReturnValue:
    """Every entry as CSV."""
    return _export(None)
