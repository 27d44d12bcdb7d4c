"""Participation's part of a resident's own pages: My page's section, data and erasure."""

from flask import render_template, request
from markupsafe import Markup

from dialog.accounts.models import User
from dialog.core.text import parse_page
from dialog.participation import queries
from dialog.participation.news import whats_new
from dialog.participation.personal_data import erase_participation


def my_page_section(user: User) -> Markup:
    """My comments and replies with their status (50 a page), and my ratings."""
    page = parse_page(request.args.get("page", "1"), 100_000) or 1
    return Markup(  # noqa: S704 (a rendered template, escaped by Jinja)
        render_template(
            "participation/_my_page.html",
            comments=queries.comments_by(user.id, page, 50),
            ratings=queries.ratings_by(user.id),
            news=whats_new(user),
        )
    )


def erase(user: User, withdraw: bool) -> None:
    """Account deletion's participation step (see `erase_participation`)."""
    erase_participation(user, withdraw_comments=withdraw)
