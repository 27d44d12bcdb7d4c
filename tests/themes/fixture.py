"""The hand-written fixtures of comments with known concerns (see data/README.md)."""

from pathlib import Path

from dialog.extensions import db
from dialog.participation.models import Comment

DATA = Path(__file__).resolve().parent / "data"


def read(name: str = "fixture") -> tuple[list[str], list[str]]:
    """(concerns, comments) of data/NAME.tsv, line by line."""
    rows = [
        line.rstrip("\n").split("\t", 1)
        for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [concern for concern, _ in rows], [text for _, text in rows]


def add_comments(goal, author, texts: list[str]) -> list[Comment]:
    """The texts as published comments on the goal, in order."""
    made = [
        Comment(goal_id=goal.id, author_id=author.id, body=text, submission_token=f"t{goal.id}-{i}")
        for i, text in enumerate(texts)
    ]
    db.session.add_all(made)
    db.session.flush()
    return made
