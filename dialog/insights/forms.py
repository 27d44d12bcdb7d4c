"""The summary filter: a period, a district and an age band, read from the query string."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length, Optional, ValidationError

from dialog.accounts.models import AgeBand
from dialog.core.forms import whole_choice
from dialog.insights.queries import Filter


class DayField(DateField):
    """A date as YYYY-MM-DD; anything else (e.g. 2026-02-30) gets a message saying so."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                _l("Enter a date that exists, as year-month-day, for example 2026-11-01.")
            ) from error


class SummaryFilterForm(FlaskForm):
    """A filter changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    since = DayField(
        _l("From (date)"), description=_l("For example 2026-11-01."), validators=[Optional()]
    )
    until = DayField(
        _l("To (date)"), description=_l("For example 2026-11-30."), validators=[Optional()]
    )
    district = SelectField(_l("District"), validators=[Optional()], validate_choice=False)
    age_band = SelectField(_l("Age band"), validators=[Optional()], validate_choice=False)

    def __init__(self, formdata: Any, districts: list[Any], **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        self.known_districts = {str(d.id) for d in districts}
        self.district.choices = [("", _l("All districts"))] + [
            (str(d.id), d.name) for d in districts
        ]
        self.age_band.choices = [("", _l("All ages"))] + [
            (band.value, band.label) for band in AgeBand
        ]

    def validate_until(self, field: Field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must not be before the start date."))

    def validate_district(self, field: SelectField) -> None:
        if field.data and field.data not in self.known_districts:
            raise ValidationError(_l("There is no such district here. Choose one from the list."))

    def validate_age_band(self, field: SelectField) -> None:
        if field.data and field.data not in {band.value for band in AgeBand}:
            raise ValidationError(_l("There is no such age band. Choose one from the list."))

    def selection(self) -> Filter:
        return Filter(
            since=self.since.data,
            until=self.until.data,
            district_id=int(self.district.data) if self.district.data else None,
            age_band=self.age_band.data or None,
        )

    def as_args(self) -> dict:
        """The filter as query-string values, for links to exports and reports."""
        return {
            name: str(value)
            for name, value in (
                ("since", self.since.data),
                ("until", self.until.data),
                ("district", self.district.data),
                ("age_band", self.age_band.data),
            )
            if value
        }


class DisplayNamesForm(FlaskForm):
    """An administrator's choice for the municipality's exports."""

    show = BooleanField(_l("Show authors' display names in exports instead of pseudonymous ids"))


class FeedbackForm(FlaskForm):
    """What the public "what we heard" page shows."""

    intro = TextAreaField(
        _l("Introduction"),
        description=_l("In your own words: what you heard and what happens next. Plain text."),
        validators=[Optional(), Length(max=5000)],
    )
    show_figures = BooleanField(_l("Participation figures"))
    show_ratings = BooleanField(_l("Ratings, with charts and tables"))
    show_matrix = BooleanField(_l("Importance and performance"))
    show_weeks = BooleanField(_l("Comments per week"))
    show_themes = BooleanField(_l("Themes in the comments (names, sizes and published quotes)"))
    show_groups = BooleanField(
        _l("Opinion groups"),
        description=_l("Groups of residents who rated the goals alike, as last computed."),
    )
    quote_ids = SelectMultipleField(
        _l("Comments to quote"),
        coerce=whole_choice,
        validators=[Optional()],
        validate_choice=False,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token."""
