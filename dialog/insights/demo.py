"""Realistic demo data: residents with districts and age bands, Swedish comments on real
themes, replies, reactions, reports and ratings with structure.

The comments are composed from a phrase bank (data/demo_comments.toml): per theme several
concerns, each said in several phrasings, with openers, closers, the districts' names, a second
concern now and then and slips of the keyboard, so that they read like residents' writing and
seldom repeat; replies agree, disagree or ask about their comment's concern. The texts have a
random generator of their own, seeded from the same seed: the same seed gives the same texts.

Structure that the summaries should find: each goal has its own level of importance and
performance; some goals divide residents (importance answered mostly low or mostly high, and
their comments split agree and disagree); districts differ in how well they think the
municipality performs; residents hold one of `OUTLOOKS` outlooks that lean each goal's
importance up or down and split the divisive goals between them, so that opinion groups exist;
activity follows a weekly rhythm over ten weeks. About one comment in twelve came in on
another channel (paper forms, meetings, e-mail, phone, surveys: see dialog/channels), with the
source's reference and the day it was received, imported days or weeks later, some of them
published on the goal page. Rows go in with SQLAlchemy Core executemany
in batches, so 100,000 comments take seconds, not minutes.
Demo accounts have no password and an address under example.invalid: nobody can sign in.
"""

import random
import re
import tomllib
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, union

from dialog.accounts.models import AgeBand, User
from dialog.catalogue.models import District, Goal, Plan
from dialog.core.versions import bump
from dialog.db import upsert_statement
from dialog.extensions import db
from dialog.participation import shown
from dialog.participation.models import (
    Comment,
    CommentChannel,
    GoalParticipant,
    GoalTally,
    PlanParticipant,
    Rating,
    Reaction,
    Report,
)

BATCH = 5000
#: Outlooks residents hold (see `_ratings`): the opinion groups the demo should show.
OUTLOOKS = 3
WEEKS = 10
DISTRICT_NAMES = ["Centrum", "Norra staden", "Södra staden", "Östra", "Västra", "Byarna"]
AGE_WEIGHTS = {
    AgeBand.UNDER_18: 3,
    AgeBand.FROM_18: 17,
    AgeBand.FROM_30: 28,
    AgeBand.FROM_45: 30,
    AgeBand.FROM_65: 17,
    AgeBand.FROM_80: 5,
}
#: The phrase bank the comments are composed from (see `phrases`).
PHRASES = Path(__file__).parent / "data" / "demo_comments.toml"
#: How often a comment has an opener ("Hej!"), a closer ("Tack!"), a second concern, a slip of
#: the keyboard; how often a place is named when the phrasing leaves it open.
OPENER_SHARE = 0.3
CLOSER_SHARE = 0.25
SECOND_SHARE = 0.12
SLIP_SHARE = 0.1
#: How replies answer (weights of agree, disagree, question); on a divisive goal more disagree.
REPLY_KINDS = ("agree", "disagree", "question")
REPLY_WEIGHTS = (5, 2, 2)
DIVISIVE_REPLY_WEIGHTS = (3, 4, 2)
NO_DIACRITICS = str.maketrans("åäöÅÄÖé", "aaoAAOe")
#: "{a|b|c}" in a phrasing: one of them, chosen for each comment (an option may hold "{place}").
ALTERNATIVES = re.compile(r"\{((?:[^{}|]|\{place\})*(?:\|(?:[^{}|]|\{place\})*)+)\}")
REJECTED_REASON = "Innehåller personuppgifter om en annan person."
#: Of the top-level comments, the share that came in on another channel than the site.
IMPORTED_SHARE = 0.08
#: Other channels, how often each is used, and how their references look ({n}: a number).
CHANNELS = {
    CommentChannel.PAPER: (35, "Blankett {n}"),
    CommentChannel.MEETING: (25, "Dialogmöte {meeting}:{n}"),
    CommentChannel.EMAIL: (20, "KS {year}/{n}"),
    CommentChannel.PHONE: (8, "Samtal {n}"),
    CommentChannel.SURVEY: (12, "Enkät svar {n}"),
}
#: Of the imported comments, the share an official has published on the goal page.
PUBLISHED_SHARE = 0.4


@dataclass
class Made:
    residents: int = 0
    comments: int = 0
    replies: int = 0
    reactions: int = 0
    reports: int = 0
    ratings: int = 0
    #: Comments from other channels, among `comments`.
    imported: int = 0


@dataclass
class GoalProfile:
    importance: float
    performance: float
    divisive: bool
    theme: str


@dataclass(frozen=True)
class Concern:
    """One thing residents ask for under a theme: the ways they say it, and how a reply names it."""

    say: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Phrases:
    """The phrase bank (data/demo_comments.toml)."""

    themes: dict[str, tuple[Concern, ...]]
    openers: tuple[str, ...]
    closers: tuple[str, ...]
    replies: dict[str, tuple[str, ...]]
    #: District names (or their part after the last comma, lower case) → as said in a sentence.
    place_names: dict[str, str]
    skip_places: frozenset[str]
    fallback_place: str


@cache
def phrases() -> Phrases:
    """The phrase bank, read once per process."""
    with PHRASES.open("rb") as file:
        data = tomllib.load(file)
    return Phrases(
        themes={
            theme: tuple(
                Concern(tuple(concern["say"]), tuple(concern["topics"]))
                for concern in concerns.values()
            )
            for theme, concerns in data["themes"].items()
        },
        openers=tuple(data["openers"]),
        closers=tuple(data["closers"]),
        replies={kind: tuple(data["replies"][kind]) for kind in REPLY_KINDS},
        place_names=data["places"]["say"],
        skip_places=frozenset(data["places"]["skip"]),
        fallback_place=data["places"]["fallback"],
    )


def place_name(bank: Phrases, district: str) -> str | None:
    """How a resident names the district in a sentence ("Lunds stad, norr": "norra delen av
    stan"), or None for a district that is no place ("Annan del av kommunen")."""
    if district in bank.skip_places:
        return None
    spoken = district.rsplit(", ", 1)[-1]
    return bank.place_names.get(spoken.casefold(), spoken)


def compose_comment(
    rng: random.Random, bank: Phrases, theme: str, place: str
) -> tuple[str, Concern]:
    """A comment on one of the theme's concerns in one of its phrasings (its alternatives
    chosen); sometimes with an opener, a closer, a second concern (mostly of the same theme) or
    a slip of the keyboard."""
    concern = rng.choice(bank.themes[theme])
    parts = [rng.choice(concern.say)]
    if rng.random() < SECOND_SHARE:
        other = theme if rng.random() < 0.75 else rng.choice(list(bank.themes))
        others = [c for c in bank.themes[other] if c is not concern]
        if others:
            parts.append(rng.choice(rng.choice(others).say))
    if rng.random() < OPENER_SHARE:
        parts.insert(0, rng.choice(bank.openers))
    if rng.random() < CLOSER_SHARE:
        parts.append(rng.choice(bank.closers))
    text = " ".join("".join(_choose(rng, piece) for piece in _pieces(part)) for part in parts)
    return _slip(rng, text.replace("{place}", place)), concern


@cache
def _pieces(phrasing: str) -> tuple[str | tuple[str, ...], ...]:
    """The phrasing split at its alternatives, parsed once: text, (a, b, c), text, …"""
    split = ALTERNATIVES.split(phrasing)  # text, alternatives, text, …
    return tuple(p if n % 2 == 0 else tuple(p.split("|")) for n, p in enumerate(split))


def _choose(rng: random.Random, piece: str | tuple[str, ...]) -> str:
    return piece if isinstance(piece, str) else rng.choice(piece)


def compose_reply(
    rng: random.Random, bank: Phrases, concern: Concern, place: str, divisive: bool
) -> str:
    """A reply that agrees, disagrees or asks, often naming the parent's concern; on a divisive
    goal more of them disagree."""
    kind = rng.choices(REPLY_KINDS, DIVISIVE_REPLY_WEIGHTS if divisive else REPLY_WEIGHTS)[0]
    text = rng.choice(bank.replies[kind])
    text = text.replace("{topic}", rng.choice(concern.topics)).replace("{place}", place)
    return _slip(rng, text)


def _slip(rng: random.Random, text: str) -> str:
    """Now and then what hurried typing does: no å, ä, ö (a keyboard without them), two letters
    swapped in a longer word, or no capital and no full stop."""
    roll = rng.random()
    if roll >= SLIP_SHARE:
        return text
    if roll < SLIP_SHARE * 0.3:
        return text.translate(NO_DIACRITICS)
    if roll < SLIP_SHARE * 0.7:
        words = text.split(" ")
        long = [i for i, word in enumerate(words) if len(word) >= 6 and word.isalpha()]
        if not long:
            return text
        i = rng.choice(long)
        word = words[i]
        k = rng.randrange(1, len(word) - 2)
        words[i] = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
        return " ".join(words)
    return text[:1].lower() + text[1:].rstrip(".")


@dataclass
class Voices:
    """What the comments say: the phrase bank, the texts' own random generator (so that the
    words never move the numbers, and the same seed gives the same texts), and how residents
    name the districts."""

    rng: random.Random
    bank: Phrases
    #: District id → its name in a sentence (districts that are a place).
    spoken: dict[int, str]
    #: Municipality id → the names of its districts that are a place.
    names: dict[int, list[str]]

    def place(self, municipality: int, district: int | None) -> str:
        """The resident's own district, else one of the municipality's."""
        if district is not None and district in self.spoken:
            return self.spoken[district]
        names = self.names.get(municipality)
        return self.rng.choice(names) if names else self.bank.fallback_place


def _voices(seed: int, places: list[int]) -> Voices:
    bank = phrases()
    spoken: dict[int, str] = {}
    names: dict[int, list[str]] = {}
    found = db.session.execute(
        select(District.id, District.municipality_id, District.name)
        .where(District.municipality_id.in_(places))
        .order_by(District.id)
    )
    for district_id, municipality_id, name in found:
        said = place_name(bank, name)
        if said is not None:
            spoken[district_id] = said
            names.setdefault(municipality_id, []).append(said)
    return Voices(random.Random(f"{seed}-texts"), bank, spoken, names)  # noqa: S311 (demo)


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def _moment(rng: random.Random, now: datetime) -> datetime:
    """Within the last ten weeks, more in the first weeks (launch) and on weekday evenings."""
    week = min(WEEKS - 1, int(rng.expovariate(0.35)))
    moment = now - timedelta(weeks=WEEKS - week, days=rng.randint(0, 6))
    return moment.replace(hour=rng.choice([8, 12, 18, 19, 20, 21]), minute=rng.randint(0, 59))


def _insert(model: Any, rows: list[dict]) -> None:
    """Core executemany on the session's connection: no ORM bookkeeping, no RETURNING."""
    if not rows:
        return
    bump()  # past the session's write notes: cached public pages must still change
    connection = db.session.connection()
    statement = insert(model.__table__)
    for start in range(0, len(rows), BATCH):
        connection.execute(statement, rows[start : start + BATCH])


def _districts(municipality_id: int) -> list[int]:
    found = list(
        db.session.scalars(select(District.id).where(District.municipality_id == municipality_id))
    )
    if found:
        return found
    _insert(
        District,
        [
            {"municipality_id": municipality_id, "name": name, "position": i, "is_archived": False}
            for i, name in enumerate(DISTRICT_NAMES)
        ],
    )
    return _districts(municipality_id)


def generate(
    residents: int,
    comments: int,
    ratings: int,
    seed: int = 2026,
    progress: Callable[[int], None] = lambda step: None,
) -> Made:
    """Add the demo rows in the session (the caller commits); `progress` gets 1 per tenth."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    now = datetime.now(UTC)
    goals = db.session.execute(
        select(Goal.id, Plan.municipality_id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(Goal.is_archived.is_(False))
    ).all()
    if not goals:
        raise ValueError("there are no goals: import or seed the catalogue first")
    by_place: dict[int, list[int]] = {}
    for goal_id, place in goals:
        by_place.setdefault(place, []).append(goal_id)
    places = sorted(by_place)
    districts = {place: _districts(place) for place in places}
    district_bias = {d: rng.uniform(-0.8, 0.8) for ds in districts.values() for d in ds}
    profiles = {
        goal_id: GoalProfile(
            rng.uniform(2.6, 4.5),
            rng.uniform(1.8, 4.0),
            rng.random() < 0.2,
            rng.choice(list(phrases().themes)),
        )
        for goal_id, _place in goals
    }
    progress(1)

    run = uuid.uuid4().hex[:8]
    bands, weights = list(AGE_WEIGHTS), list(AGE_WEIGHTS.values())
    people = []
    for n in range(residents):
        place = rng.choice(places)
        people.append(
            {
                "email": f"demo-{run}-{n}@example.invalid",
                "display_name": f"Invånare {n + 1}",
                "password_hash": None,
                "language": "sv",
                "email_verified_at": now,
                "rules_version": "demo",
                "rules_accepted_at": now,
                "privacy_version": "demo",
                "privacy_accepted_at": now,
                "district_id": rng.choice(districts[place]) if rng.random() < 0.75 else None,
                "age_band": rng.choices(bands, weights)[0].value if rng.random() < 0.8 else None,
                "profile_consent_at": now,
                "notify_reply": False,
                "notify_response": False,
                "notify_decision": False,
                "is_blocked": False,
                "is_platform_admin": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    _insert(User, people)
    rows = db.session.execute(
        select(User.id, User.district_id).where(User.email.like(f"demo-{run}-%"))
    ).all()
    place_of_district = {d: place for place, ds in districts.items() for d in ds}
    residents_in: dict[int, list[tuple[int, int | None]]] = {place: [] for place in places}
    for i, (user_id, district_id) in enumerate(rows):
        place = (place_of_district.get(district_id) if district_id is not None else None) or places[
            i % len(places)
        ]
        residents_in[place].append((user_id, district_id))
    made = Made(residents=len(rows))
    progress(1)

    _ratings(rng, ratings, by_place, residents_in, profiles, district_bias, now, made)
    progress(2)
    voices = _voices(seed, places)
    _comments(rng, voices, comments, by_place, residents_in, profiles, now, made, progress, run)
    _participants(run)
    shown.fold()  # one row per goal and focus area, not one per comment
    return made


def _participants(run: str) -> None:
    """Each demo resident who rated, commented or replied on a goal counts once as its
    participant, and once as its plan's, as the site counts them (rows and tallies), so pages
    show real totals."""
    demo = select(User.id).where(User.email.like(f"demo-{run}-%")).scalar_subquery()
    pairs = union(
        select(Rating.goal_id, Rating.user_id.label("user_id")).where(Rating.user_id.in_(demo)),
        select(Comment.goal_id, Comment.author_id.label("user_id")).where(
            Comment.author_id.in_(demo)
        ),
    ).subquery()
    db.session.execute(
        insert(GoalParticipant).from_select(
            ["goal_id", "user_id"], select(pairs.c.goal_id, pairs.c.user_id)
        )
    )
    db.session.execute(
        insert(PlanParticipant).from_select(
            ["plan_id", "user_id"],
            select(Goal.plan_id, pairs.c.user_id)
            .select_from(pairs)
            .join(Goal, Goal.id == pairs.c.goal_id)
            .distinct(),
        )
    )
    per_goal = db.session.execute(
        select(pairs.c.goal_id, func.count()).group_by(pairs.c.goal_id)
    ).all()
    for goal_id, count in per_goal:
        statement = upsert_statement(GoalTally).values(goal_id=goal_id, participant_count=count)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["goal_id", "slot"],
                set_={
                    "participant_count": GoalTally.participant_count
                    + statement.excluded.participant_count
                },
            )
        )


def _ratings(
    rng: random.Random,
    total: int,
    by_place: dict[int, list[int]],
    residents_in: dict[int, list[tuple[int, int | None]]],
    profiles: dict[int, GoalProfile],
    district_bias: dict[int, float],
    now: datetime,
    made: Made,
) -> None:
    seen: set[tuple[int, int]] = set()
    rows = []
    outlooks: dict[int, int] = {}
    # Per goal: how much each outlook leans its importance up or down, and (divisive goals)
    # which outlooks hold it important.
    leanings: dict[int, list[float]] = {}
    pairs = total // 2
    attempts = 0
    while len(seen) < pairs and attempts < pairs * 5:
        attempts += 1
        place = rng.choice(list(by_place))
        if not residents_in[place]:
            continue
        user_id, district_id = rng.choice(residents_in[place])
        goal_id = rng.choice(by_place[place])
        if (goal_id, user_id) in seen:
            continue
        seen.add((goal_id, user_id))
        profile = profiles[goal_id]
        moment = _moment(rng, now)
        outlook = outlooks.setdefault(user_id, rng.randrange(OUTLOOKS))
        lean = leanings.setdefault(goal_id, [rng.uniform(-1.2, 1.2) for _o in range(OUTLOOKS)])
        if profile.divisive:
            keen = lean[outlook] > 0
            importance = rng.gauss(4.5, 0.5) if keen else rng.gauss(1.6, 0.6)
        else:
            importance = rng.gauss(profile.importance + lean[outlook], 0.7)
        bias = district_bias.get(district_id, 0.0) if district_id is not None else 0.0
        performance = rng.gauss(profile.performance + bias, 0.9)
        for question, value in (("importance", importance), ("performance", performance)):
            dont_know = rng.random() < (0.03 if question == "importance" else 0.15)
            rows.append(
                {
                    "goal_id": goal_id,
                    "user_id": user_id,
                    "question": question,
                    "value": 0 if dont_know else _clamp(value),
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
    _insert(Rating, rows)
    made.ratings = len(rows)


def _comments(
    rng: random.Random,
    voices: Voices,
    total: int,
    by_place: dict[int, list[int]],
    residents_in: dict[int, list[tuple[int, int | None]]],
    profiles: dict[int, GoalProfile],
    now: datetime,
    made: Made,
    progress: Callable[[int], None],
    run: str,
) -> None:
    """Top-level comments first (with their reactions, replies and reports decided, so the
    counters on each row are right), then replies, reactions and reports pointing at them."""
    top_count = total - total // 7
    tops: list[dict] = []
    place_of: list[int] = []
    reactions: list[tuple[int, int, str]] = []
    tallies: Counter[int] = Counter()
    refs: Counter[CommentChannel] = Counter()
    #: Of each top-level comment, its concern and the place it names (for the replies).
    about: list[tuple[Concern, str]] = []
    themes = list(voices.bank.themes)
    for i in range(top_count):
        place = rng.choice([p for p in by_place if residents_in[p]])
        goal_id = rng.choice(by_place[place])
        profile = profiles[goal_id]
        theme = profile.theme if rng.random() < 0.7 else rng.choice(themes)
        if rng.random() < IMPORTED_SHARE:
            named = voices.place(place, None)
            body, concern = compose_comment(voices.rng, voices.bank, theme, named)
            about.append((concern, named))
            row = _imported(rng, run, i, goal_id, body, refs, residents_in[place], now)
            tops.append(row)
            place_of.append(place)
            if row["published_at"] is not None:  # on the goal page: counted as published
                tallies[goal_id] += 1
            continue
        roll = rng.random()
        status = "published"
        if roll < 0.02:
            status = "pending"
        elif roll < 0.04:
            status = "rejected"
        elif roll < 0.05:
            status = "withdrawn"
        author, district = rng.choice(residents_in[place])
        named = voices.place(place, district)
        body, concern = compose_comment(voices.rng, voices.bank, theme, named)
        about.append((concern, named))
        row = _comment(run, i, goal_id, author, None, body, status)
        row["created_at"] = row["updated_at"] = _moment(rng, now)
        if status == "withdrawn":
            row["withdrawn_at"] = row["created_at"]
        if status == "published":
            share = 0.5 if profile.divisive else rng.choice([0.9, 0.8, 0.7, 0.35])
            people = residents_in[place]
            count = min(len(people), int(rng.paretovariate(1.6)) - 1)
            for user_id, _district in rng.sample(people, count):
                kind = "agree" if rng.random() < share else "disagree"
                row[f"{kind}_count"] += 1
                reactions.append((i, user_id, kind))
        tops.append(row)
        place_of.append(place)
        tallies[goal_id] += 1
        if (i + 1) % max(1, top_count // 5) == 0:
            progress(1)
    published = [
        i for i, row in enumerate(tops) if row["status"] == "published" and row["channel"] == "web"
    ]
    replies, reports = [], []
    for n in range(total - top_count if published else 0):
        parent = rng.choice(published)
        tops[parent]["reply_count"] += 1
        author, district = rng.choice(residents_in[place_of[parent]])
        concern, named = about[parent]
        if district in voices.spoken:
            named = voices.spoken[district]
        divisive = profiles[tops[parent]["goal_id"]].divisive
        body = compose_reply(voices.rng, voices.bank, concern, named, divisive)
        row = _comment(run, f"r{n}", tops[parent]["goal_id"], author, parent, body, "published")
        row["created_at"] = row["updated_at"] = tops[parent]["created_at"] + timedelta(
            hours=rng.randint(1, 72)
        )
        replies.append(row)
    for i in rng.sample(published, len(published) // 100):
        tops[i]["report_count"] = 1
        reports.append((i, rng.choice(residents_in[place_of[i]])[0]))
    _insert(Comment, tops)
    ids = dict(
        db.session.execute(
            select(Comment.submission_token, Comment.id).where(
                Comment.submission_token.like(f"demo-{run}-%")
            )
        ).all()
    )
    id_of = [ids[row["submission_token"]] for row in tops]
    for row in replies:
        row["parent_id"] = id_of[row["parent_id"]]
    _insert(Comment, replies)
    _insert(
        Reaction,
        [
            {
                "comment_id": id_of[i],
                "user_id": user,
                "kind": kind,
                "created_at": tops[i]["created_at"],
                "updated_at": tops[i]["created_at"],
            }
            for i, user, kind in reactions
        ],
    )
    _insert(
        Report,
        [
            {
                "comment_id": id_of[i],
                "user_id": user,
                "reason": "off_topic",
                "details": None,
                "created_at": tops[i]["created_at"],
                "updated_at": tops[i]["created_at"],
            }
            for i, user in reports
        ],
    )
    for goal_id, count in tallies.items():
        statement = upsert_statement(GoalTally).values(goal_id=goal_id, comment_count=count)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["goal_id", "slot"],
                set_={"comment_count": GoalTally.comment_count + statement.excluded.comment_count},
            )
        )
    made.comments, made.replies = len(tops), len(replies)
    made.imported = sum(1 for row in tops if row["channel"] != "web")
    made.reactions, made.reports = len(reactions), len(reports)


def _imported(
    rng: random.Random,
    run: str,
    n: int,
    goal_id: int,
    body: str,
    refs: Counter[CommentChannel],
    people: list[tuple[int, int | None]],
    now: datetime,
) -> dict:
    """A comment from another channel: received on a day of the dialogue, imported by an
    official up to three weeks later (never in the future), with the source's reference, the
    district and age band the form asked for when the resident gave them, and published on the
    goal page for `PUBLISHED_SHARE` of them."""
    channels = list(CHANNELS)
    channel = rng.choices(channels, [CHANNELS[c][0] for c in channels])[0]
    refs[channel] += 1
    received = _moment(rng, now)
    imported = min(now, received + timedelta(days=rng.randint(1, 21), hours=rng.randint(0, 8)))
    ref = CHANNELS[channel][1].format(
        n=f"{run[:4]}-{refs[channel]:04d}", meeting=1 + refs[channel] // 40, year=now.year
    )
    district = rng.choice(people)[1] if rng.random() < 0.6 else None
    band = rng.choices(list(AGE_WEIGHTS), list(AGE_WEIGHTS.values()))[0]
    published = rng.random() < PUBLISHED_SHARE
    row = _comment(run, f"i{n}", goal_id, None, None, body, "published")
    row.update(
        channel=channel.value,
        source_ref=ref,
        received_on=received.date(),
        district_id=district,
        age_band=band.value if rng.random() < 0.5 else None,
        published_at=min(now, imported + timedelta(days=rng.randint(0, 7))) if published else None,
        created_at=imported,
        updated_at=imported,
    )
    return row


def _comment(
    run: str, n: Any, goal_id: int, author_id: int | None, parent: Any, body: str, status: str
) -> dict:
    return {
        "goal_id": goal_id,
        "author_id": author_id,
        "parent_id": parent,
        "body": body,
        "category": None,
        "status": status,
        # A resident's comment waits in the desk's approval queue (pending and held for none,
        # it was in no queue: no moderator ever saw it).
        "held_for": "approval" if status == "pending" else None,
        "moderation_reason": REJECTED_REASON if status == "rejected" else None,
        "submission_token": f"demo-{run}-{n}",
        "agree_count": 0,
        "disagree_count": 0,
        "reply_count": 0,
        "report_count": 0,
        "edited_at": None,
        "withdrawn_at": None,
        "channel": "web",
        "source_ref": None,
        "received_on": None,
        "district_id": None,
        "age_band": None,
        "published_at": None,
    }
