"""Comments per channel: the site's own and those imported from paper forms, meetings, e-mail,
phone and surveys (see dialog/channels).

Imported comments have no resident account behind them, so they are never participants; they
carry their own district and age band, which the filter uses in place of a profile's.
"""

from sqlalchemy import func, or_, select

from dialog.accounts.models import User
from dialog.extensions import db
from dialog.insights.queries import Filter, Scope, _in_period
from dialog.participation.models import Comment, CommentChannel


def by_channel(scope: Scope, selection: Filter) -> list[tuple[CommentChannel, int]]:
    """(channel, comments and replies in any status) for each channel with any, in the
    channels' order."""
    query = select(Comment.channel, func.count()).select_from(Comment).where(scope.comments())
    query = _in_period(query, Comment.created_at, selection)
    if selection.narrows_people:
        query = query.outerjoin(User, User.id == Comment.author_id)
        if selection.district_id is not None:
            query = query.where(
                or_(
                    User.district_id == selection.district_id,
                    Comment.district_id == selection.district_id,
                )
            )
        if selection.age_band is not None:
            query = query.where(
                or_(User.age_band == selection.age_band, Comment.age_band == selection.age_band)
            )
    found = {
        CommentChannel(channel): count
        for channel, count in db.session.execute(query.group_by(Comment.channel))
    }
    return [(channel, found[channel]) for channel in CommentChannel if found.get(channel)]
