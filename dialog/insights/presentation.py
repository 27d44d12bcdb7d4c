"""Charts and labels for a summary, shared by the summary pages, the report and the public page."""

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from dialog.core.dates import day, number
from dialog.insights import charts, stats
from dialog.insights.summary import QUOTED, Summary
from dialog.participation.models import Comment, CommentStatus, RatingQuestion


def decimal(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, "0.00")


def percent(share: float) -> str:
    """A share in whole per cent; a share that rounds to 0 or 100 without being so says
    "< 1 %" or "> 99 %": 3 answers of 772 are not "0 %" of them (honest numbers)."""
    whole = format_decimal(share * 100, "0")
    if whole == "0" and share > 0:
        return "< 1 %"
    if whole == "100" and share < 1:
        return "> 99 %"
    return whole + " %"


@dataclass
class Charts:
    ratings: dict[RatingQuestion, Markup]
    weeks: Markup | None
    matrix: Markup | None


def rating_chart(question: RatingQuestion, figures: stats.Distribution) -> Markup:
    rows = [
        (label, figures.counts.get(value, 0), str(figures.counts.get(value, 0)))
        for value, label in question.scale
        if value
    ]
    desc = _(
        "%(n)s answers; mean %(mean)s, median %(median)s, 95%% confidence interval "
        "%(low)s to %(high)s; %(dont_know)s answered don't know.",
        n=figures.n,
        mean=decimal(figures.mean),
        median=decimal(figures.median),
        low=decimal(figures.ci_low),
        high=decimal(figures.ci_high),
        dont_know=figures.dont_know,
    )
    return charts.bars(question.label, desc, rows)


def week_chart(summary: Summary) -> Markup | None:
    if not summary.weeks:
        return None
    desc = _(
        "%(total)s comments from the week of %(first)s to the week of %(last)s.",
        total=sum(count for _w, count in summary.weeks),
        first=day(summary.weeks[0][0]),
        last=day(summary.weeks[-1][0]),
    )
    if summary.imported:
        desc += " " + _(
            "Of them %(other)s came in on other channels, counted in the week received.",
            other=sum(other for _w, _web, other in summary.weeks_by_channel),
        )
    rows = [(monday.strftime("%d/%m"), count) for monday, count in summary.weeks]
    return charts.columns(_("Comments per week"), desc, rows)


def matrix_chart(summary: Summary) -> Markup | None:
    found = summary.matrix
    if (
        found is None
        or not found.points
        or found.importance_line is None
        or found.performance_line is None
    ):
        return None
    prioritised = ", ".join(p.subject.title for p in found.prioritise) or _("none")
    desc = _(
        "%(count)s goals or focus areas placed by mean importance (across) and mean "
        "performance (up). Prioritise here: %(goals)s.",
        count=len(found.points),
        goals=prioritised,
    )
    labels = [
        _("Prioritise here"),
        _("Keep up the good work"),
        _("Low priority"),
        _("Possible overkill"),
        _("Importance (mean, 1–5)"),
        _("Performance (mean, 1–5)"),
    ]
    return charts.matrix(
        _("Importance and performance"),
        desc,
        found.points,
        found.importance_line,
        found.performance_line,
        labels,
    )


def charts_for(summary: Summary) -> Charts:
    if summary.suppressed:
        return Charts({}, None, None)
    return Charts(
        ratings={q: rating_chart(q, figures) for q, figures in summary.ratings.items()},
        weeks=week_chart(summary),
        matrix=matrix_chart(summary),
    )


#: The lists of quoted comments, in the order a page shows them: (key, heading, Summary field).
QUOTE_LISTS = {
    "agreed": (_l("Most agreed with"), "most_agreed"),
    "disagreed": (_l("Most disagreed with"), "most_disagreed"),
    "divisive": (_l("Most divisive"), "most_divisive"),
}
#: Under a list that left out comments shown in an earlier one.
ALREADY_SHOWN = _l("Comments already shown above are not included.")
#: An empty list's line: it has no such comment, or only comments a list above shows.
NONE_SUCH = _l("No comments with such reactions in the selection.")
ALL_SHOWN = _l("Every such comment in the selection is already shown above.")


@dataclass(frozen=True)
class QuoteList:
    key: str
    heading: str
    comments: list[Comment]
    #: How many comments the list left out because they, or their text, are shown above.
    left_out: int

    @property
    def note(self) -> str | None:
        """The line under the list saying that it leaves out what a list above shows."""
        return str(ALREADY_SHOWN) if self.left_out and self.comments else None

    @property
    def empty(self) -> str | None:
        """What a list without quotes says instead: "No comments with such reactions" under a
        list that left out the comments a list above shows contradicted the quotes above it."""
        if self.comments:
            return None
        return str(ALL_SHOWN if self.left_out else NONE_SUCH)


def quote_lists(summary: Summary, keys: tuple[str, ...]) -> list[QuoteList]:
    """The lists `keys` in order, `QUOTED` comments each, leaving out a comment shown above:
    the same comment (one many agree with is often one many disagree with) or the same text
    written again (by someone else, or pasted twice). A reader who met the same quote twice
    took it for more residents saying the same."""
    shown_ids: set[int] = set()
    shown_texts: set[str] = set()
    found = []
    for key in keys:
        heading, name = QUOTE_LISTS[key]
        chosen: list[Comment] = []
        left_out = 0
        for comment in getattr(summary, name):
            if len(chosen) == QUOTED:
                break
            text = " ".join(comment.body.split()).casefold()
            if comment.id in shown_ids or text in shown_texts:
                left_out += 1
                continue
            chosen.append(comment)
            shown_ids.add(comment.id)
            shown_texts.add(text)
        found.append(QuoteList(key, str(heading), chosen, left_out))
    return found


#: The figures' row of each status, named as a whole in the plural: it read "Kommentarer och
#: svar, status: Publicerad".
STATUS_ROWS = {
    CommentStatus.PUBLISHED: _l("Published comments and replies"),
    CommentStatus.PENDING: _l("Comments and replies awaiting moderation"),
    CommentStatus.REJECTED: _l("Rejected comments and replies"),
    CommentStatus.HIDDEN: _l("Comments and replies hidden by a moderator"),
    CommentStatus.WITHDRAWN: _l("Withdrawn comments and replies"),
}


def status_row(status: str) -> str:
    """The name of the figures' row counting the comments and replies in `status`."""
    return str(STATUS_ROWS[CommentStatus(status)])


def rating_caption(question: RatingQuestion, figures: stats.Distribution) -> str:
    """A rating table's caption, saying what its shares are of: the answers from 1 to 5, not
    everyone who answered (those who said "don't know" are left out) nor every resident."""
    return _(
        "Answers to: %(question)s (shares of the %(n)s answers from 1 to 5)",
        question=question.label,
        n=number(figures.n),
    )


def method_text() -> str:
    figures = _(
        "Participants are the residents who commented, replied, reacted or rated in the "
        'selection. Ratings run from 1 to 5; "don\'t know" is counted but left out of means '
        "and medians. The %(level)s confidence interval for a mean counts each resident as one "
        "unit, because one resident may answer for many goals: a cluster-robust standard error "
        "by resident and Student's t distribution with one degree of freedom fewer than the "
        "number of residents who answered; it describes the uncertainty among those who answered, "
        "who chose to take part and are not a random sample of residents. District and age "
        "band are optional and given by residents themselves; groups with fewer than 5 "
        "participants are not shown. A comment is divisive when many react to it and the "
        "reactions split evenly ((agree + disagree) × smaller ÷ larger). In the "
        "importance–performance matrix the lines are the averages of the means of the goals and "
        "focus areas placed.",
        level=format_percent(0.95),
    )
    quotes = _(
        "A comment is among the most agreed with only when more residents agree than disagree "
        "with it, and among the most disagreed with only when more disagree."
    )
    return f"{figures} {quotes}"


@dataclass(frozen=True)
class PublicCounts:
    """The comments and replies of the figures as residents read them: published, and those not
    published for a reason they can understand (no desk words such as "pending")."""

    published: int
    #: Rejected or hidden by a moderator: they broke the dialogue rules. Kept as public records.
    broke_rules: int
    #: Sent in and not yet read by a moderator.
    unread: int
    #: Taken back by those who wrote them.
    withdrawn: int


def public_counts(summary: Summary) -> PublicCounts:
    counts = summary.comments
    return PublicCounts(
        published=counts.get(CommentStatus.PUBLISHED.value, 0),
        broke_rules=counts.get(CommentStatus.REJECTED.value, 0)
        + counts.get(CommentStatus.HIDDEN.value, 0),
        unread=counts.get(CommentStatus.PENDING.value, 0),
        withdrawn=counts.get(CommentStatus.WITHDRAWN.value, 0),
    )
