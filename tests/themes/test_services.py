"""Computing, renaming, merging and tagging themes, and what survives a new computation."""

import json

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.extensions import db
from dialog.participation.models import CommentStatus
from dialog.themes import queries, services
from dialog.themes.models import RunStatus, Theme
from tests.factories import make_goal, make_user
from tests.officials import make_official
from tests.themes.fixture import add_comments, read


@pytest.fixture
def goal_with_comments(app_context):
    goal = make_goal(slug="testkommun")
    author = make_user("boende@example.se", "Boende")
    _concerns, texts = read("fixture")
    comments = add_comments(goal, author, texts[:120])
    db.session.commit()
    return goal, comments


def compute(goal):
    run = services.request_run(goal)
    db.session.commit()  # the job runs here, after the commit (no broker in tests)
    db.session.expire_all()
    done = queries.latest_run(goal_id=goal.id)
    assert done is not None and done.id == run.id and done.status == RunStatus.DONE
    return done


def test_cli_prints_the_json_shape(goal_with_comments, runner):
    goal, comments = goal_with_comments
    result = runner.invoke(args=["dialog", "themes", str(goal.id), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == {"goal", "computed_at", "themes", "unsorted"}
    assert printed["goal"] == goal.id and printed["computed_at"]
    seen = []
    for theme in printed["themes"]:
        assert set(theme) == {"label", "size", "comments", "quotes"}
        assert theme["size"] == len(theme["comments"]) and theme["label"]
        ids = [c["id"] for c in theme["comments"]]
        assert all(c["ref"] is None for c in theme["comments"])
        assert len(theme["quotes"]) == 3 and set(theme["quotes"]) <= set(ids)
        seen += ids
    seen += [c["id"] for c in printed["unsorted"]]
    assert sorted(seen) == sorted(c.id for c in comments)  # each comment exactly once


def test_too_few_comments_says_so_and_lists_them(app_context, runner):
    goal = make_goal()
    made = add_comments(goal, make_user("a@example.se", "A"), ["Fler cykelvägar", "Bussen är sen"])
    db.session.commit()
    result = runner.invoke(args=["dialog", "themes", str(goal.id), "--json"])
    assert result.exit_code == 0
    assert "Too few comments to group (2; at least 10" in result.stderr
    printed = json.loads(result.stdout)
    assert printed["themes"] == []
    assert printed["unsorted"] == [{"id": c.id, "ref": None} for c in made]


def rename_the_first_and_merge_the_second(run, name, official):
    """The run's first theme renamed `name` and its second merged into it: the two, as found."""
    first, second = queries.result(run).themes[:2]
    services.rename(db.session.get(Theme, first.id), name, official)
    services.merge(db.session.get(Theme, second.id), db.session.get(Theme, first.id), official)
    return first, second


def test_rename_merge_and_tag_survive_a_new_computation(goal_with_comments):
    goal, comments = goal_with_comments
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    run = compute(goal)
    first, second = rename_the_first_and_merge_the_second(run, "Cyklar och bussar", official)
    services.tag(comments[0], "Cykelvägar", goal.plan.municipality_id, official)
    db.session.commit()
    merged = queries.result(run)
    assert merged.themes[0].name == "Cyklar och bussar"
    assert merged.themes[0].size == first.size + second.size
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["themes.rename", "themes.merge", "themes.tag"]

    again = queries.result(compute(goal))
    names = [view.name for view in again.themes]
    assert names.count("Cyklar och bussar") == 1  # the label and the merge carried over
    kept = next(view for view in again.themes if view.name == "Cyklar och bussar")
    before = set(merged.themes[0].comment_ids)
    assert len(before & set(kept.comment_ids)) >= 0.8 * len(before)
    assert queries.tags_of([comments[0].id]) == {comments[0].id: ["Cykelvägar"]}


def test_merge_refuses_themes_of_different_runs(goal_with_comments):
    goal, _comments = goal_with_comments
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    old, new = compute(goal), compute(goal)
    with pytest.raises(services.ThemeError):
        services.merge(old.themes[0], new.themes[0], official)


def test_tagging_twice_adds_one_link(goal_with_comments):
    goal, comments = goal_with_comments
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    municipality_id = goal.plan.municipality_id
    assert services.tag(comments[1], " Buller ", municipality_id, official)
    assert not services.tag(comments[1], "Buller", municipality_id, official)
    db.session.commit()
    assert queries.tags_of([comments[1].id]) == {comments[1].id: ["Buller"]}


def test_comments_from_other_channels_carry_their_ref(goal_with_comments, runner):
    from dialog.participation.models import Comment

    goal, _comments = goal_with_comments
    paper = Comment(
        goal_id=goal.id,
        author_id=None,
        body="Fler cykelbanor till skolan, skrev någon på blanketten.",
        submission_token="paper-1",
        channel="paper",
        source_ref="P-0012",
    )
    db.session.add(paper)
    db.session.commit()
    result = runner.invoke(args=["dialog", "themes", str(goal.id), "--json", "--compute"])
    printed = json.loads(result.stdout)
    everything = [c for t in printed["themes"] for c in t["comments"]] + printed["unsorted"]
    assert {"id": paper.id, "ref": "P-0012"} in everything


def test_the_next_computation_learns_the_names_officials_gave(goal_with_comments):
    """A renamed theme's name reaches the method; a theme only merged into it has no name."""
    goal, comments = goal_with_comments
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    run = compute(goal)
    first, second = rename_the_first_and_merge_the_second(run, "Säkra cykelvägar", official)
    db.session.commit()
    feedback = services.feedback_for(run, [c.id for c in comments], run)
    assert feedback.names == {str(first.id): "Säkra cykelvägar"}
    assert set(feedback.groups.values()) == {str(first.id)}


def test_the_edge_is_the_farthest_untagged_members_farthest_first():
    members = [7, 3, 9, 1, 4, 8, 2, 6]  # nearest the centre first
    quotes = {7, 3, 9}
    assert services.edge(members, quotes) == [6, 2, 8]
    assert services.edge(members, quotes | {6, 8}) == [2, 4, 1]
    assert services.edge(members[:5], quotes) == [4, 1]  # never one of the quotes
    assert services.edge(members[:3], quotes) == []


def test_the_quotes_are_three_different_texts_nearest_the_centre():
    texts = [
        "Fler cykelvägar!",
        "fler  cykelvägar!",
        "Bussen är sen",
        "Fler cykelvägar!",
        "Mer ljus",
    ]
    assert services.representative([0, 1, 3, 2, 4], texts) == [0, 2, 4]
    assert services.representative([2, 0], texts) == [2, 0]


def test_each_theme_keeps_its_edge_and_leaves_out_the_tagged(goal_with_comments):
    goal, comments = goal_with_comments
    run = compute(goal)
    found = queries.result(run)
    big = next(view for view in found.themes if view.size > 6)
    assert len(big.edge_ids) == 3
    assert set(big.edge_ids) <= set(big.comment_ids)
    assert not set(big.edge_ids) & set(big.quote_ids)
    farthest = big.edge_ids[0]
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    by_id = {c.id: c for c in comments}
    services.tag(by_id[farthest], "Annat", goal.plan.municipality_id, official)
    db.session.commit()
    again = queries.result(compute(goal))
    assert farthest not in {e for view in again.themes for e in view.edge_ids}


PLANTED = [
    "Bussen till skolan går för sällan, hållplatsen saknar tak och nattbussen är inställd.",
    "Bussen går sällan och hållplatsen är mörk, skolan ligger långt bort.",
    "Bussen till jobbet går sällan, hållplatsen är trång, linjen borde gå till sjukhuset.",
    "Bussen går sällan, hållplatsen ligger fel, linjen borde förlängas till sjukhuset.",
]


FIRST = ["buss", "hållplats", "sällan", "skolan", "nattbuss"]


def plant_two_themes(monkeypatch, second_phrases, first_phrases=FIRST):
    """The method replaced by two planted themes whose three first key phrases are the same."""
    from dialog.themes import method

    def planted(texts, feedback):
        return method.Found(
            [
                method.FoundTheme(first_phrases, [0, 1]),
                method.FoundTheme(second_phrases, [2, 3]),
            ],
            [],
        )

    monkeypatch.setattr(method, "find_themes", planted)


@pytest.fixture
def planted_goal(app_context):
    goal = make_goal(slug="testkommun")
    comments = add_comments(goal, make_user("boende@example.se", "Boende"), PLANTED)
    db.session.commit()
    return goal, comments


def test_two_themes_with_the_same_label_are_told_apart_by_their_next_key_word(
    planted_goal, monkeypatch
):
    """Both themes were named by their commonest words, "Bussen, hållplatsen, sällan": a reader
    of the report saw one theme twice. The smaller puts first its next word that the other's
    label does not show ("sällan" says how often, so it is no label word)."""
    goal, _comments = planted_goal
    plant_two_themes(monkeypatch, ["buss", "hållplats", "sällan", "skolan", "linje"])
    names = [view.name for view in queries.result(compute(goal)).themes]
    # the second theme's comments never write "skolan": its next word is "linjen"
    assert names == ["bussen, hållplatsen, skolan", "linjen, bussen, hållplatsen"]


def test_themes_that_no_key_word_tells_apart_are_numbered(planted_goal, monkeypatch):
    goal, _comments = planted_goal
    plant_two_themes(monkeypatch, ["buss", "hållplats", "sällan"], ["buss", "hållplats", "sällan"])
    names = [view.name for view in queries.result(compute(goal)).themes]
    assert names == ["bussen, hållplatsen", "bussen, hållplatsen (2)"]


def test_an_officials_name_is_never_changed_and_a_computed_label_gives_way(
    planted_goal, monkeypatch
):
    goal, _comments = planted_goal
    plant_two_themes(monkeypatch, ["tåg", "station"])
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    run = compute(goal)
    first, second = sorted(run.themes, key=lambda t: t.id)
    services.rename(second, first.label, official)  # the official names it as the other is named
    db.session.commit()
    names = [view.name for view in queries.result(run).themes]
    assert names == ["bussen, hållplatsen, skolan (2)", "bussen, hållplatsen, skolan"]
    assert db.session.get(Theme, second.id).custom_label == "bussen, hållplatsen, skolan"


def test_a_label_quotes_only_a_comment_residents_can_read(app_context, monkeypatch):
    """A theme whose words name nothing ("samma sak", "håller med") is named by its comment
    nearest the centre that the goal page shows: the public "what we heard" page lists the
    labels, so a hidden comment's text never becomes one."""
    goal = make_goal(slug="testkommun")
    agreeing = ["Samma sak här, håller med.", "Håller helt med, samma sak där jag bor."]
    comments = add_comments(goal, make_user("boende@example.se", "Boende"), agreeing + PLANTED[2:])
    comments[0].status = CommentStatus.HIDDEN.value
    db.session.commit()
    plant_two_themes(monkeypatch, ["buss", "hållplats", "linje"], ["sak", "håller", "bor"])
    names = [view.name for view in queries.result(compute(goal)).themes]
    assert names == ["”Håller helt med, samma sak där jag bor.”", "bussen, hållplatsen, linjen"]

    comments[1].status = CommentStatus.PENDING.value
    db.session.commit()
    names = [view.name for view in queries.result(compute(goal)).themes]
    assert not names[0].startswith("”") and "Samma sak här" not in names[0]
