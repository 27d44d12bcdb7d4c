"""Forms residents fill in on a goal or focus area; each carries CSRF, and posts also a
one-time token."""

from collections.abc import Mapping, Sequence
from typing import Any

from flask import flash, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length, Optional

from dialog.core.forms import HoneypotForm, SubmissionTokenMixin, clean_text, sent_nonce
from dialog.participation.models import (
    CATEGORY_LABELS,
    REASON_LABELS,
    SCALES,
    Comment,
    RatingQuestion,
    ReportReason,
)
from dialog.participation.queries import comment_with_token
from dialog.participation.services import body_refusal
from dialog.participation.subjects import Subject, key
from dialog.participation.text import normalise_body


def comment_target(subject: Subject) -> str:
    """What a comment form's token is bound to: the goal or focus area it was shown on."""
    return key(subject)


def reply_target(parent: Comment) -> str:
    """What a reply form's token is bound to: the comment it answers."""
    return f"comment:{parent.id}"


class CommentForm(SubmissionTokenMixin, HoneypotForm):
    body = TextAreaField(
        _l("Your comment"),
        filters=[lambda v: normalise_body(v) if isinstance(v, str) else v],
        validators=[InputRequired(_l("Write your comment.")), clean_text],
    )
    category = RadioField(
        _l("What kind of comment is it? (optional)"),
        choices=[SelectChoice("", _l("None of these"))]
        + [SelectChoice(k.value, v) for k, v in CATEGORY_LABELS.items()],
        default="",
        validators=[Optional()],
    )


class ReplyForm(SubmissionTokenMixin, HoneypotForm):
    body = TextAreaField(
        _l("Your reply"),
        filters=[lambda v: normalise_body(v) if isinstance(v, str) else v],
        validators=[InputRequired(_l("Write your reply.")), clean_text],
    )


class EditForm(FlaskForm):
    # CommentForm's own fields, unbound (WTForms binds them per form); the stubs type a field
    # read from a class as UnboundField, which has no descriptor to say what an instance gets.
    body: TextAreaField = CommentForm.body  # type: ignore[assignment]
    category: RadioField = CommentForm.category  # type: ignore[assignment]


class RatingForm(FlaskForm):
    importance = RadioField(
        _l("How important is this goal to you?"),
        choices=[SelectChoice(str(v), label) for v, label in SCALES[RatingQuestion.IMPORTANCE]],
        validators=[Optional()],
    )
    performance = RadioField(
        _l("How well is the municipality doing on it?"),
        choices=[SelectChoice(str(v), label) for v, label in SCALES[RatingQuestion.PERFORMANCE]],
        validators=[Optional()],
    )

    def word_for(self, kind: str) -> "RatingForm":
        """Ask about the assignment, aspect or focus area, not always about "the goal"."""
        for question in RatingQuestion:
            getattr(self, question.value).label.text = question.label_for(kind)
        return self

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """At least one answer; each given answer must be one of the choices."""
        valid = super().validate(extra_validators)
        if valid and not self.importance.data and not self.performance.data:
            self.importance.errors = [_l("Answer at least one of the questions.")]
            return False
        return valid


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Why should a moderator look at this comment?"),
        choices=[SelectChoice(k.value, v) for k, v in REASON_LABELS.items()],
        validators=[InputRequired(_l("Choose a reason."))],
    )
    details = TextAreaField(
        _l("Tell us more (needed for \u201cother\u201d)"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            Optional(),
            Length(max=1000, message=_l("At most %(max)s characters.", max=1000)),
            clean_text,
        ],
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.reason.data == ReportReason.OTHER and not self.details.data:
            self.details.errors = [_l("Describe the problem when you choose \u201cother\u201d.")]
            return False
        return valid


class WithdrawForm(FlaskForm):
    """Only CSRF: the button says it all."""


def sent_again() -> bool:
    """A comment or reply form sent again whose first sending was stored (its answer was
    lost): it stores nothing new, so no limit on posting refuses it (`refused_unless`: asked
    only when a limit would) or counts it (the view calls `repeat()`).

    The answer is about the request as it arrived, so it is looked up once and kept with it."""
    key = "dialog.sent_again"
    if key not in request.environ:
        nonce = sent_nonce(request.form)
        request.environ[key] = nonce is not None and comment_with_token(nonce) is not None
    return bool(request.environ[key])


def thank_once(message: str) -> None:
    """Thank the writer, as the first sending of the form did when it is sent again (a double
    press of Publish: the browser shows the second answer, and the first one's thanks never
    reached it); where that thanks is still waiting to be shown, not twice."""
    if ["success", message] not in [list(kept) for kept in session.get("_flashes", [])]:
        flash(message, "success")


def post_form_ok(form: CommentForm | ReplyForm, subject: Subject, target: str) -> bool:
    """Honeypot, the municipality's length and link limits, and the one-time token, which must
    have been issued to this account for this target (a goal or the comment replied to).
    The service checks the text again; asking here keeps the form's token on a text error."""
    if form.caught_a_bot:
        form.website.errors = [_("Leave this field empty.")]
        return False
    refusal = body_refusal(form.body.data, subject)
    problem = refusal.reason if refusal else form.token_problem(current_user.id, target)
    if problem:
        form.body.errors = [problem]
    return not problem
