"""A stored result as the pages, the report and the public page show it: goals by title,
groups numbered from 1, charts, and the method in plain words."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.core.dates import moment
from dialog.core.templating import text_and_language
from dialog.extensions import db
from dialog.insights import charts as base_charts
from dialog.insights.groups import charts, maths, services
from dialog.insights.groups.models import OpinionGroupResult, Outcome
from dialog.insights.presentation import decimal, percent


@dataclass(frozen=True)
class Cell:
    answers: int
    mean: float | None
    high: int

    @property
    def share_high(self) -> float | None:
        return self.high / self.answers if self.answers else None


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    #: One per group, in group order.
    cells: list[Cell]
    #: Consensus: geometric mean of shares rating high; divisive: gap between group means.
    score: float | None = None


@dataclass(frozen=True)
class Distinct:
    goal: Goal
    higher: bool
    share_group: float
    share_rest: float
    p: float

    @property
    def text(self) -> str:
        """What sets the group apart on this goal, as the rest of a sentence after its title."""
        return apart_text(self.higher, self.share_group, self.share_rest)


@dataclass(frozen=True)
class Group:
    number: int
    size: int
    share: float
    representative: list[Distinct]


#: Shown while a plan's first computation runs on a worker.
PENDING = "pending"


@dataclass
class OpinionGroups:
    #: An Outcome, or PENDING while the first computation has not finished.
    outcome: str
    residents: int
    computed_at: datetime | None = None
    groups: list[Group] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    consensus: list[GoalRow] = field(default_factory=list)
    divisive: list[GoalRow] = field(default_factory=list)

    @property
    def score_note(self) -> str:
        """What the common-ground table's "Score" is, beside it: the number was unexplained."""
        return score_text()

    @property
    def difference_note(self) -> str:
        """What the split table's "Difference" is, beside it."""
        return difference_text()

    @property
    def missing(self) -> int:
        """How many more residents must rate at least 3 goals before groups are shown."""
        return max(0, maths.MIN_RESIDENTS - self.residents)

    @property
    def shown(self) -> bool:
        return self.outcome == Outcome.GROUPS


def for_plan(plan_id: int) -> OpinionGroups | None:
    """The plan's last computed groups, ready to show; None when never computed."""
    stored = services.latest(plan_id)
    return None if stored is None else from_stored(stored)


def from_stored(stored: OpinionGroupResult) -> OpinionGroups:
    found = OpinionGroups(stored.outcome, stored.residents, stored.computed_at)
    if stored.outcome != Outcome.GROUPS:
        return found
    data = stored.result
    goals = {
        goal.id: goal
        for goal in db.session.scalars(
            select(Goal).where(Goal.plan_id == stored.plan_id).order_by(Goal.position, Goal.id)
        )
    }
    total = sum(group["size"] for group in data["groups"]) or 1
    cells: dict[int, list[Cell]] = {}
    for group in data["groups"]:
        for cell in group["goals"]:
            cells.setdefault(cell["goal"], []).append(
                Cell(cell["answers"], cell["mean"], cell["high"])
            )
    for number, group in enumerate(data["groups"], start=1):
        found.groups.append(
            Group(
                number,
                group["size"],
                group["size"] / total,
                [
                    Distinct(
                        goals[r["goal"]], r["higher"], r["share_group"], r["share_rest"], r["p"]
                    )
                    for r in group["representative"]
                    if r["goal"] in goals
                ],
            )
        )
    found.goals = [GoalRow(goal, cells[i]) for i, goal in goals.items() if i in cells]
    for key in ("consensus", "divisive"):
        rows = [
            GoalRow(goals[r["goal"]], cells[r["goal"]], r["score"])
            for r in data[key]
            if r["goal"] in goals
        ]
        setattr(found, key, rows)
    return found


def groups_context(plan_id: int) -> dict:
    """What templates/insights/_groups.html needs, for a page that shows a plan's groups as last
    computed (`opinion_groups` is None when they never were)."""
    found = for_plan(plan_id)
    shown = found is not None and found.shown
    return {
        "opinion_groups": found,
        "groups_sizes_chart": sizes_chart(found) if found and shown else None,
        "groups_divisive_chart": divisive_chart(found) if found and shown else None,
        "groups_method_text": method_text,
        "outcome_text": outcome_text,
    }


def apart_text(higher: bool, group: float, rest: float) -> str:
    """How the group's share rating a goal 4 or 5 compares with everyone else's. Shares of 0 and
    1 are said in words ("no one", "everyone"); "only" is said only of a share under half: "only
    89 %" or "by only 0 %" read as nonsense."""
    shown = {"group": percent(group), "rest": percent(rest)}
    if higher:
        if group == 1:
            if rest == 0:
                return _("rated 4 or 5 by everyone in the group and by no one else")
            return _(
                "rated 4 or 5 by everyone in the group, compared with %(rest)s of the others",
                **shown,
            )
        if rest == 0:
            return _("rated 4 or 5 by %(group)s of the group and by no one else", **shown)
        return _(
            "rated 4 or 5 by %(group)s of the group, compared with %(rest)s of the others", **shown
        )
    if group == 0:
        if rest == 1:
            return _("rated 4 or 5 by no one in the group but by everyone else")
        return _("rated 4 or 5 by no one in the group but by %(rest)s of the others", **shown)
    if group < 0.5:
        if rest == 1:
            return _("rated 4 or 5 by only %(group)s of the group but by everyone else", **shown)
        return _(
            "rated 4 or 5 by only %(group)s of the group but by %(rest)s of the others", **shown
        )
    if rest == 1:
        return _("rated 4 or 5 by %(group)s of the group, while everyone else did", **shown)
    return _(
        "rated 4 or 5 by %(group)s of the group, a smaller share than among the others (%(rest)s)",
        **shown,
    )


def score_text() -> str:
    """The common-ground score (maths.consensus) in plain words."""
    return _(
        "Score: how widely every group rated the goal 4 or 5, from 0 to 1. It is an average of "
        "the groups' shares (a geometric mean, each share counted with one extra answer each "
        "way so that none is 0 or 1). Close to 1 means that nearly everyone in every group "
        "rated the goal 4 or 5. The goals are listed by their score."
    )


def difference_text() -> str:
    """The split score (maths.divisive) in plain words."""
    return _(
        "Difference: the highest group's mean minus the lowest group's mean, in steps on the "
        "scale from 1 to 5."
    )


def outcome_text(found: OpinionGroups | None) -> str:
    """One sentence on what was found, or why no groups are shown."""
    if found is None:
        return _("The opinion groups have not been computed yet.")
    if found.outcome == Outcome.TOO_FEW and found.residents == 0:
        # Not "0 have so far: 20 more residents are needed": none yet, and the number is above.
        return _(
            "Opinion groups are shown when at least %(needed)s residents have rated at least "
            "%(rated)s goals. No resident has done so yet.",
            needed=maths.MIN_RESIDENTS,
            rated=maths.MIN_RATED,
        )
    if found.outcome == Outcome.TOO_FEW and found.residents == 1:
        return ngettext(  # "1 has so far", not "1 have so far"
            "Opinion groups are shown when at least %(needed)s residents have rated at least "
            "%(rated)s goals. 1 has so far: %(num)s more resident is needed.",
            "Opinion groups are shown when at least %(needed)s residents have rated at least "
            "%(rated)s goals. 1 has so far: %(num)s more residents are needed.",
            found.missing,
            needed=maths.MIN_RESIDENTS,
            rated=maths.MIN_RATED,
        )
    if found.outcome == Outcome.TOO_FEW:
        return ngettext(
            "Opinion groups are shown when at least %(needed)s residents have rated at least "
            "%(rated)s goals. %(found)s have so far: %(num)s more resident is needed.",
            "Opinion groups are shown when at least %(needed)s residents have rated at least "
            "%(rated)s goals. %(found)s have so far: %(num)s more residents are needed.",
            found.missing,
            needed=maths.MIN_RESIDENTS,
            rated=maths.MIN_RATED,
            found=found.residents,
        )
    if found.outcome == Outcome.NO_GROUPS:
        return _(
            "The %(count)s residents who rated at least %(rated)s goals do not split into groups "
            "of at least %(small)s residents each, so no groups are shown.",
            count=found.residents,
            rated=maths.MIN_RATED,
            small=maths.SMALL_GROUP,
        )
    if found.outcome == PENDING:
        return _("The opinion groups are being computed. Reload the page in a moment.")
    text = ngettext(
        "%(residents)s residents who rated at least %(rated)s goals form %(num)s group.",
        "%(residents)s residents who rated at least %(rated)s goals form %(num)s groups.",
        len(found.groups),
        residents=found.residents,
        rated=maths.MIN_RATED,
    )
    if found.computed_at is not None:
        text += " " + _("Computed %(when)s.", when=moment(found.computed_at))
    return text


def sizes_chart(found: OpinionGroups) -> Markup:
    rows = [
        (_("Group %(number)s", number=g.number), g.size, f"{g.size} ({percent(g.share)})")
        for g in found.groups
    ]
    desc = _(
        "%(residents)s residents in %(groups)s groups: %(sizes)s.",
        residents=found.residents,
        groups=len(found.groups),
        sizes=", ".join(label + " " + shown for label, _n, shown in rows),
    )
    return base_charts.bars(_("Residents per opinion group"), desc, rows)


def divisive_chart(found: OpinionGroups) -> Markup | None:
    if not found.divisive:
        return None
    named = [text_and_language(row.goal, "title") for row in found.divisive]
    rows = [
        (name, [cell.mean if cell.answers >= maths.MIN_ANSWERS else None for cell in row.cells])
        for (name, _lang), row in zip(named, found.divisive, strict=True)
    ]
    # The description is read in the page's language, where a Swedish goal title cannot be
    # marked as Swedish: it leaves the titles and their means to the table beside the chart.
    desc = _(
        "Each group's mean importance from 1 to 5 on the goals where the groups differ most; "
        "the table below gives them goal by goal."
    )
    return charts.dots(
        _("Where the groups differ most: mean importance per group (1–5)"),
        desc,
        rows,
        [_("Group %(number)s", number=n) for n in range(1, len(found.groups) + 1)],
        languages=[lang for _name, lang in named],
    )


def method_text() -> list[str]:
    """The method as short paragraphs in plain words, for anyone who reads the page; the
    technical names come last, in one paragraph of their own, for those who want them."""
    return [
        _(
            "Everyone who has said how important at least %(rated)s of the plan's goals are "
            "is counted. A goal that someone has not rated counts as the average for that goal.",
            rated=maths.MIN_RATED,
        ),
        _(
            "The computer looks at where people's answers differ most, and puts those who "
            "answered alike in the same group. There are 2 to 5 groups, with at least "
            "%(small)s people in each. The same answers always give the same groups.",
            small=maths.SMALL_GROUP,
        ),
        _(
            "A goal sets a group apart when the share of the group who rated it 4 or 5 "
            "differs so much from the share among everyone else that it is unlikely to be "
            "chance."
        ),
        _(
            "Common ground means goals that more than half of every group rated 4 or 5. "
            "Opinions split on goals where the groups' averages differ by at least %(gap)s on "
            "the scale from 1 to 5.",
            gap=format_decimal(maths.DIVISIVE_GAP),
        ),
        _(
            "The groups are not fixed sides. They describe how those who took part rated the "
            "goals, and those who took part were not chosen at random. The groups are shown "
            "once at least %(residents)s residents have rated at least %(rated)s goals.",
            residents=maths.MIN_RESIDENTS,
            rated=maths.MIN_RATED,
        ),
        _(
            "For those who want the details: the method is the one pol.is uses. Principal "
            "component analysis, where someone who rated few goals is moved out from the middle "
            "in proportion, so that missing answers do not make them look undecided; k-means, "
            "with the number of groups chosen by silhouette score; a two-proportion z-test (p "
            "below %(p)s, at least %(answers)s answers in the group) for the goals that set a "
            "group apart; and common ground ranked by the geometric mean of the groups' "
            "shares, so that the order does not change just because there are more groups.",
            p=decimal(maths.P_VALUE),
            answers=maths.MIN_ANSWERS,
        ),
    ]
