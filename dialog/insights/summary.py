"""One summary of a scope (goal, focus area, plan, municipality) under a filter.

`summarise` gathers every figure the summary pages, the report and the "what we heard" page
show. When the filter narrows to a district or age band with fewer than `stats.SMALL_CELL`
participants, only that fact is returned: no figure about so small a group is shown.
"""

from dataclasses import dataclass, field
from datetime import date

from dialog.catalogue.models import Goal
from dialog.insights import official, queries, stats
from dialog.insights.facts import ChannelCount, comment_facts
from dialog.insights.matrix import Matrix, matrix
from dialog.insights.queries import Cell, Filter, Scope
from dialog.insights.responses import count_responses
from dialog.participation.models import Comment, CommentChannel, RatingQuestion

#: Comments quoted per list ("most agreed with", "most divisive", …).
QUOTED = 5
#: Lists a page shows one after another: a later one may skip what all the earlier ones show.
QUOTE_LISTS = 3


@dataclass
class Summary:
    title: str
    selection: Filter
    participants: int
    suppressed: bool = False
    comments: dict[str, int] = field(default_factory=dict)
    replies: int = 0
    reactions: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    #: None when nothing records official responses yet.
    responses: int | None = None
    #: The official responses published on the goals in scope (any period), with their goals.
    official_responses: list = field(default_factory=list)
    ratings: dict[RatingQuestion, stats.Distribution] = field(default_factory=dict)
    weeks: list[tuple[date, int]] = field(default_factory=list)
    #: (Monday, comments on the site, comments from other channels) per week.
    weeks_by_channel: list[tuple[date, int, int]] = field(default_factory=list)
    by_district: list[Cell] = field(default_factory=list)
    by_age: list[Cell] = field(default_factory=list)
    #: The published comments ranked by agree reactions, disagree reactions and divisiveness,
    #: each deeper than is shown: `presentation.quote_lists` leaves out of a later list the
    #: comments an earlier one shows and still has `QUOTED` to show.
    most_agreed: list[Comment] = field(default_factory=list)
    most_disagreed: list[Comment] = field(default_factory=list)
    most_divisive: list[Comment] = field(default_factory=list)
    without_response: list[Goal] = field(default_factory=list)
    matrix: Matrix | None = None
    #: Comments and replies per channel (the site's and those imported from other channels).
    channels: list[ChannelCount] = field(default_factory=list)

    @property
    def total_comments(self) -> int:
        return sum(self.comments.values())

    @property
    def imported(self) -> int:
        """Comments from other channels: they have no participant behind them."""
        return sum(row.total for row in self.channels if row.channel != CommentChannel.WEB)

    @property
    def names_plans(self) -> bool:
        """Whether the goals without a response come from several plans: each is then listed
        with its plan, as goals of different plans may share a title."""
        return len({goal.plan_id for goal in self.without_response}) > 1

    @property
    def is_empty(self) -> bool:
        """Nothing happened in scope and period: no comments (from any channel), reactions or
        ratings."""
        return self.participants == 0 and self.imported == 0


def summarise(title: str, scope: Scope, selection: Filter, with_matrix: bool = False) -> Summary:
    found = comment_facts(scope, selection)
    cells = queries.people_cells(scope, selection)
    people = cells.participants
    if selection.narrows_people and people < stats.SMALL_CELL:
        return Summary(title=title, selection=selection, participants=people, suppressed=True)
    unfiltered = selection == Filter()
    top = queries.top_lists(scope, selection, QUOTED * QUOTE_LISTS)
    answers = queries.rating_groups(scope, selection)
    return Summary(
        title=title,
        selection=selection,
        participants=people,
        comments=found.by_status(),
        replies=found.replies(),
        reactions=found.reactions() if unfiltered else queries.count_reactions(scope, selection),
        reports=queries.count_reports(scope, selection),
        responses=count_responses(scope, selection),
        official_responses=official.listed(scope),
        ratings=queries.ratings(scope, selection, answers),
        weeks=found.weeks(),
        weeks_by_channel=found.weeks_by_channel(),
        by_district=queries.breakdown(cells, "district"),
        by_age=queries.breakdown(cells, "age"),
        most_agreed=top.agreed,
        most_disagreed=top.disagreed,
        most_divisive=top.divisive,
        without_response=queries.goals_with_comments_without_response(scope, selection),
        matrix=matrix(scope, selection, answers) if with_matrix else None,
        channels=found.by_channel(),
    )
