"""How to read the public "what we heard" page, in plain words, for a first-time visitor.

The officials' pages and the report carry the method in statisticians' words
(`presentation.method_text`); residents get short sentences in everyday words about the parts
the page shows, with what the numbers mean and what they do not, and the technical names last,
for those who want them. Each sentence says what the code computes: the participants and the
distributions (dialog/insights/queries.py), the mean, median and interval (stats.py), the
matrix's lines (matrix.py) and the quotes to choose from (feedback.py `candidates`).
"""

from flask_babel import format_percent
from flask_babel import gettext as _

from dialog.insights.models import FeedbackPage
from dialog.insights.summary import Summary


def how_to_read(page: FeedbackPage, summary: Summary, quoted: bool) -> list[str]:
    """Paragraphs for the parts of the page its communicator chose to show."""
    matrix = bool(page.show_matrix and summary.matrix is not None and summary.matrix.points)
    paragraphs = [
        _(
            "The figures come from the people who took part in the dialogue on this plan. "
            "They chose to take part themselves. So this is not a poll of all residents. "
            "The figures show what those who took part think, not what everyone in the "
            "municipality thinks."
        )
    ]
    if page.show_figures:
        paragraphs.append(
            _(
                "A participant is someone with an account on this website who took part. Taking "
                "part means writing a comment or a reply, reacting to a comment, or answering a "
                "rating question. Each person counts once, however much they did. Comments sent "
                "in another way, for example on paper, count as comments but not as "
                "participants."
            )
        )
    if page.show_ratings:
        paragraphs += _ratings()
    if matrix:
        paragraphs.append(
            _(
                "The chart of importance and performance places each goal or focus area by its "
                "average answers to both questions. The dashed lines are the averages of all "
                "those in the chart. So “doing less well” means less well than "
                "the others in the plan. It does not have to mean badly."
            )
        )
    if quoted:
        paragraphs.append(
            _(
                "The municipality chose the quoted comments. It chose them from the comments most "
                "people agreed with, and from those where many reacted and opinions were split. "
                "They are examples, not a summary of everything that was said."
            )
        )
    details = _details(page.show_ratings, matrix)
    return paragraphs + ([details] if details else [])


def _ratings() -> list[str]:
    return [
        _(
            "In the ratings, people answer questions about a goal on a scale from 1 to 5. "
            "One person can answer for several goals. So there can be more answers than "
            "people. If someone changes an answer, only the latest one counts. “Don't know” "
            "is counted, but it is not part of the average, the median or the shares."
        ),
        _(
            "The average (mean) is all the answers added together and divided by the number "
            "of answers. The median is the answer in the middle: half of the answers are the "
            "same or lower, and half are the same or higher."
        ),
        _(
            "The range in brackets after the average is the %(level)s confidence interval. It "
            "shows how sure we can be of the average. With few answers the range is wide. "
            "With many answers it is narrow. A person who answered for many goals counts as one "
            "person here, not as many. It only shows what chance can do. It does not "
            "show how residents who did not take part would have answered.",
            level=format_percent(0.95),
        ),
    ]


def _details(ratings: bool, matrix: bool) -> str | None:
    """The technical names, in one paragraph of their own, last."""
    parts = []
    if ratings:
        parts.append(
            _(
                "The confidence interval uses a cluster-robust standard error by resident and "
                "Student's t distribution with one degree of freedom fewer than the number of "
                "residents who answered. With an even number of answers, the median is halfway "
                "between the two middle answers."
            )
        )
    if matrix:
        parts.append(
            _(
                "The lines in the chart are the means of the means of the goals and focus "
                "areas placed in it."
            )
        )
    if not parts:
        return None
    return _("For those who want the details: %(details)s", details=" ".join(parts))
