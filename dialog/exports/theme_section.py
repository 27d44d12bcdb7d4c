"""The report's section on themes in the comments (a goal's or a plan's, as last computed)."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.catalogue.models import Goal, Plan
from dialog.core.dates import moment
from dialog.exports import report_sections  # noqa: F401  (registers the sections placed before)
from dialog.exports.report import ReportContext, Section, register, table
from dialog.themes.queries import Overview, overview


def overview_for(context: ReportContext) -> Overview | None:
    """The themes of the report's goal or plan, read once (kept in `context.parts`)."""
    if "themes" not in context.parts:
        found = None
        if isinstance(context.target, Goal):
            found = overview(goal_id=context.target.id)
        elif isinstance(context.target, Plan):
            found = overview(plan_id=context.target.id)
        context.parts["themes"] = found
    return context.parts["themes"]


def computed_text(found: Overview, context: ReportContext) -> str:
    """When and from how many comments, in local time as on the page and in the PDF (the Word
    report said UTC); a report with a period or filter says that the themes have none."""
    text = _(
        "Computed %(when)s from %(count)s comments.",
        when=moment(found.run.computed_at),
        count=found.run.comment_count,
    )
    if context.selection.as_dict():
        text += " " + _("The themes are of all the comments, whatever the period and filter.")
    return text


def _applies(context: ReportContext) -> bool:
    return not context.empty and overview_for(context) is not None


def _write(document: Any, context: ReportContext) -> None:
    found = overview_for(context)
    assert found is not None  # noqa: S101 (_applies)
    document.add_paragraph(computed_text(found, context))
    table(
        document,
        [_("Theme"), _("Comments")],
        [[view.name, view.size] for view in found.found.themes],
    )
    for view in found.found.themes:
        document.add_heading(view.name, level=2)
        for quote_id in view.quote_ids:
            if quote_id in found.quotes:
                document.add_paragraph(found.quotes[quote_id].body, style="Quote")
    if found.tags:
        table(document, [_("Tag"), _("Comments")], [[name, count] for name, count in found.tags])


register(
    Section(
        "themes",
        _l("Themes in the comments"),
        "exports/report/themes.html",
        _write,
        applies=_applies,
    ),
    before="responses",
)
