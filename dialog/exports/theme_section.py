"""The report's section on themes in the comments (a goal's or a plan's, as last computed)."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.catalogue.models import Goal, Plan
from dialog.core.dates import moment, number
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
        count=number(found.run.comment_count),
    )
    if context.selection.as_dict():
        text += " " + _("The themes are of all the comments, whatever the period and filter.")
    return text


def method_texts() -> list[str]:
    """How the themes were found and what they cannot say: the theme page's own explanation
    and the limits a reader of the report needs (the names are the computer's, not anyone's
    summary; a theme's size counts comments, not residents who agree)."""
    return [
        _(
            "Comments are grouped by the words they use, Swedish or English, with inflections, "
            "compounds and misspellings taken into account. The number of themes is not chosen "
            "in advance. Each theme shows the three comments nearest its centre. Officials may "
            "have renamed or merged themes and tagged comments; the computation keeps that."
        ),
        _(
            "The themes are computed by the computer as an aid to reading the comments: a "
            "theme's name is a list of its commonest words, not a summary anyone wrote. Each "
            "comment is in at most one theme. The number beside a theme counts comments, not "
            "residents who agree with them, and those who commented chose to take part and are "
            "not a random sample of residents."
        ),
    ]


def _prepare(context: ReportContext) -> Overview | None:
    """The overview (kept under "themes", as `overview_for` reads it) and, for the PDF's
    template, the method's paragraphs in the report's language."""
    context.parts["themes_method"] = method_texts()
    return overview_for(context)


def _applies(context: ReportContext) -> bool:
    return not context.empty and overview_for(context) is not None


def _write(document: Any, context: ReportContext) -> None:
    """The PDF's order and levels: how the themes were found, then the themes (a table, then
    each theme under its own heading one level down), then the tags."""
    found = overview_for(context)
    assert found is not None  # noqa: S101 (_applies)
    document.add_paragraph(computed_text(found, context))
    document.add_heading(_("How the themes were found"), level=2)
    for paragraph in method_texts():
        document.add_paragraph(paragraph)
    document.add_heading(_("The themes"), level=2)
    table(
        document,
        [_("Theme"), _("Comments")],
        [[view.name, view.size] for view in found.found.themes],
        caption=_("Themes, largest first"),
    )
    for view in found.found.themes:
        document.add_heading(view.name, level=3)
        for quote_id in view.quote_ids:
            if quote_id in found.quotes:
                document.add_paragraph(found.quotes[quote_id].body, style="Quote")
    if found.tags:
        document.add_heading(_("Tags"), level=2)
        table(
            document,
            [_("Tag"), _("Comments")],
            [[name, count] for name, count in found.tags],
            caption=_("Tags officials gave comments"),
        )


register(
    Section(
        "themes",
        _l("Themes in the comments"),
        "exports/report/themes.html",
        _write,
        applies=_applies,
        prepare=_prepare,
    ),
    before="responses",
)
