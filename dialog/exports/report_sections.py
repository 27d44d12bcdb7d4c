"""The standard report sections: figures, ratings, matrix, comments per week, who took part,
quotes, responses, method. The PDF includes the summary page's own partials; the Word writers
below lay out the same Summary fields as tables."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog.core.dates import day, number
from dialog.exports.report import ReportContext, Section, register, table
from dialog.insights.presentation import (
    QuoteList,
    decimal,
    method_text,
    percent,
    quote_lists,
    rating_caption,
    status_row,
)

CHANNELS_NOTE = _l(
    "Comments from other channels (paper forms, meetings, e-mail, phone, surveys) were entered "
    "by the municipality. No account is behind them, so they are not counted as participants "
    "and are left out of the figures per resident above; they count here, in the comments by "
    "status and per week (in the week they were received), in the themes and in the exports."
)


def _figures(document: Any, context: ReportContext) -> None:
    summary = context.summary
    rows = [[_("Participants"), summary.participants]]
    rows += [[status_row(status), count] for status, count in summary.comments.items()]
    rows += [
        [_("Replies among all of these"), summary.replies],
        [_("Agree reactions"), summary.reactions["agree"]],
        [_("Disagree reactions"), summary.reactions["disagree"]],
        [_("Reports"), summary.reports],
        [
            _("Official responses"),
            _("Not recorded in Dialog yet") if summary.responses is None else summary.responses,
        ],
    ]
    table(document, [_("Figure"), _("Number")], rows)
    document.add_heading(_("Comments by channel"), level=2)
    table(
        document,
        [_("Channel"), _("Comments and replies"), _("Shown on the site"), _("Not shown")],
        [[row.channel.label, row.total, row.shown, row.not_shown] for row in summary.channels]
        or [[_("The website"), 0, 0, 0]],
    )
    document.add_paragraph(str(CHANNELS_NOTE))


def _ratings(document: Any, context: ReportContext) -> None:
    for question, figures in context.summary.ratings.items():
        document.add_heading(question.label, level=2)
        if not figures.n:
            document.add_paragraph(_("No answers to this question in the selection."))
            continue
        document.add_paragraph(
            _(
                "%(n)s answers. Mean %(mean)s (95%% confidence interval %(low)s–%(high)s), "
                'median %(median)s. %(dont_know)s answered "don\'t know".',
                n=number(figures.n),
                mean=decimal(figures.mean),
                low=decimal(figures.ci_low),
                high=decimal(figures.ci_high),
                median=decimal(figures.median),
                dont_know=number(figures.dont_know),
            )
        )
        rows = [
            [label, figures.counts.get(value, 0), percent(figures.share(value))]
            for value, label in question.scale
            if value
        ]
        rows.append([_("Don't know (not in the figures)"), figures.dont_know, "–"])
        table(
            document,
            [_("Answer"), _("Number"), _("Share")],
            rows,
            caption=rating_caption(question, figures),
        )


def _matrix(document: Any, context: ReportContext) -> None:
    found = context.summary.matrix
    if found is None:
        return
    if not found.points:
        document.add_paragraph(
            _("No goal or focus area has answers to both questions in the selection.")
        )
        return
    prioritised = "; ".join(p.subject.title for p in found.prioritise) or _("none")
    document.add_paragraph(_("Prioritise here:") + " " + prioritised)
    rows = [
        [
            place,
            point.subject.title,
            f"{decimal(point.importance)} ({number(point.importance_n)})",
            f"{decimal(point.performance)} ({number(point.performance_n)})",
            point.quadrant.label,
        ]
        for place, point in enumerate(found.points, start=1)
    ]
    header = [
        _("No."),
        _("Goal"),
        _("Importance (mean, answers)"),
        _("Performance (mean, answers)"),
        _("Quadrant"),
    ]
    # The goal's title is the long text; the figures and the quadrant are short words.
    table(document, header, rows, shares=[1, 4.7, 3.5, 3.5, 3.8])


def _weeks(document: Any, context: ReportContext) -> None:
    """The page's table of comments per week (dialog/templates/insights/_weeks.html)."""
    summary = context.summary
    split = summary.imported > 0
    caption = _("Comments and replies per week (weeks start on Monday)")
    header = [_("Week starting"), _("Comments")]
    if split:
        caption += _("; comments from other channels in the week they were received")
        header += [_("On the website"), _("From other channels")]
    rows = []
    for monday, web, other in summary.weeks_by_channel:
        row = [day(monday), number(web + other)]
        rows.append(row + [number(web), number(other)] if split else row)
    document.add_heading(_("Comments per week"), level=2)
    table(document, header, rows, caption=caption)


def _people(document: Any, context: ReportContext) -> None:
    """The page's tables by district and age band: a cell of fewer than 5 participants shows
    no figures, as on the page (`queries.breakdown` leaves them out)."""
    summary = context.summary
    for heading, caption, cells in [
        (
            _("By district"),
            _("Participants, comments and mean ratings by district"),
            summary.by_district,
        ),
        (
            _("By age band"),
            _("Participants, comments and mean ratings by age band"),
            summary.by_age,
        ),
    ]:
        document.add_heading(heading, level=2)
        if not cells:
            document.add_paragraph(_("No participants in the selection."))
            continue
        header = [
            _("Group"),
            _("Participants"),
            _("Comments"),
            _("Importance (mean)"),
            _("Performance (mean)"),
        ]
        rows = [
            [cell.label, "", "", "", ""]
            if cell.suppressed
            else [
                cell.label,
                number(cell.participants),
                number(cell.comments),
                decimal(cell.importance),
                decimal(cell.performance),
            ]
            for cell in cells
        ]
        grid = table(document, header, rows, caption=caption, shares=[2.6, 1.9, 1.9, 2.2, 2.4])
        for cell, row in zip(cells, grid.rows[1:], strict=True):
            if cell.suppressed:  # one cell across the figures, as the page's colspan
                row.cells[1].merge(row.cells[4]).text = SUPPRESSED()


def SUPPRESSED() -> str:  # noqa: N802 (a text, looked up in the report's language)
    return _("Fewer than 5 participants: not shown, to protect them.")


def quote_groups(context: ReportContext) -> list[QuoteList]:
    """The summary page's three lists, each leaving out what a list above shows. The report had
    no "most disagreed with": what most residents who reacted rejected was in it only when it
    was divisive too, so a report for politicians showed what residents agreed with alone."""
    return quote_lists(context.summary, ("agreed", "disagreed", "divisive"))


def _quotes(document: Any, context: ReportContext) -> None:
    for found in context.parts["quotes"]:
        document.add_heading(found.heading, level=2)
        if found.empty:
            document.add_paragraph(found.empty)
        for comment in found.comments:
            document.add_paragraph(comment.body, style="Quote")
            document.add_paragraph(
                _("On %(goal)s", goal=comment.subject.title)
                + " · "
                + _(
                    "%(agree)s agree, %(disagree)s disagree",
                    agree=comment.agree_count,
                    disagree=comment.disagree_count,
                )
            )
        if found.note:
            document.add_paragraph(found.note)


def _responses(document: Any, context: ReportContext) -> None:
    summary = context.summary
    if summary.responses is None:
        document.add_paragraph(_("Official responses are not recorded in Dialog yet."))
    else:
        document.add_paragraph(_("Official responses: %(count)s.", count=summary.responses))
    for response in summary.official_responses:
        document.add_heading(response.goal.title, level=2)
        document.add_paragraph(response.body)
    document.add_paragraph(_("Goals with comments but no official response:"))
    for goal in summary.without_response:
        named = f"{goal.title} ({goal.plan.title})" if summary.names_plans else goal.title
        document.add_paragraph(named, style="List Bullet")
    if not summary.without_response:
        document.add_paragraph(_("None."))


def _method(document: Any, context: ReportContext) -> None:
    document.add_paragraph(method_text())


register(Section("figures", _l("Participation"), "exports/report/figures.html", _figures))
register(Section("ratings", _l("Ratings"), "exports/report/ratings.html", _ratings))
register(
    Section(
        "matrix",
        _l("Importance and performance"),
        "exports/report/matrix.html",
        _matrix,
        applies=lambda c: not c.empty and c.summary.matrix is not None,
    )
)
register(
    Section(
        "weeks",
        _l("Over time"),
        "exports/report/weeks.html",
        _weeks,
        applies=lambda c: not c.empty and bool(c.summary.weeks),
    )
)
register(Section("people", _l("Who took part"), "exports/report/people.html", _people))
register(
    Section(
        "quotes",
        _l("What residents said"),
        "exports/report/quotes.html",
        _quotes,
        prepare=quote_groups,
    )
)
register(
    Section("responses", _l("Official responses"), "exports/report/responses.html", _responses)
)
register(
    Section(
        "method",
        _l("How these figures were computed"),
        "exports/report/method.html",
        _method,
        applies=lambda c: True,
    )
)
