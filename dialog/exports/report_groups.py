"""The report's opinion-group section: a plan's groups as last computed (dialog/insights/groups)."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.catalogue.models import Plan
from dialog.core.dates import number
from dialog.exports import report_sections  # noqa: F401  (registers the sections placed before)
from dialog.exports.report import ReportContext, Section, register, table
from dialog.insights.groups.presentation import groups_context, outcome_text
from dialog.insights.presentation import decimal, percent


def _prepare(context: ReportContext) -> dict:
    return groups_context(context.target.id)


def _write_docx(document: Any, context: ReportContext) -> None:
    found = context.parts["groups"]["opinion_groups"]
    if found is None or not found.shown:
        document.add_paragraph(outcome_text(found))
        return
    document.add_paragraph(outcome_text(found))
    numbers = [_("Group %(number)s", number=g.number) for g in found.groups]
    rows = []
    for group in found.groups:
        apart = "; ".join(f"{item.goal.title}: {item.text}" for item in group.representative)
        size = f"{number(group.size)} ({percent(group.share)})"
        rows.append([numbers[group.number - 1], size, apart])
    document.add_heading(_("The groups"), level=2)
    table(document, [_("Group"), _("Residents"), _("Goals that represent the group")], rows)
    document.add_heading(_("Common ground: important to every group"), level=2)
    if found.consensus:
        rows = [
            [row.goal.title, *[percent(c.share_high or 0) for c in row.cells], decimal(row.score)]
            for row in found.consensus
        ]
        table(document, [_("Goal"), *numbers, _("Score")], rows)
        document.add_paragraph(found.score_note)
    else:
        document.add_paragraph(_("No goal was rated 4 or 5 by more than half of every group."))
    document.add_heading(_("Where opinions split"), level=2)
    if found.divisive:
        rows = [
            [row.goal.title, *[decimal(c.mean) for c in row.cells], decimal(row.score)]
            for row in found.divisive
        ]
        table(document, [_("Goal"), *numbers, _("Difference")], rows)
        document.add_paragraph(found.difference_note)
    else:
        document.add_paragraph(
            _("The groups' mean ratings differ by less than one step on every goal.")
        )
    for paragraph in context.parts["groups"]["groups_method_text"]():
        document.add_paragraph(paragraph)


register(
    Section(
        "groups",
        _l("Opinion groups"),
        "exports/report/groups.html",
        _write_docx,
        applies=lambda c: isinstance(c.target, Plan),
        prepare=_prepare,
    ),
    before="weeks",
)
