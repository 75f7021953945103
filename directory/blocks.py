"""Structured opening hours for a location: regular weekly hours plus exceptions.

Kept as StreamField blocks so editors can add any number of time ranges per day
(e.g. 9–12 and 14–17) and dated exceptions (holidays, closures) inline on the offer.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]


def _check_time_range(value, *, required: bool) -> dict:
    """Field errors for an opens/closes pair; empty when the pair is fine."""
    opens, closes = value.get("opens"), value.get("closes")
    errors = {}
    if required and opens is None:
        errors["opens"] = ValidationError(_("Please enter an opening time."))
    if required and closes is None:
        errors["closes"] = ValidationError(_("Please enter a closing time."))
    if opens is not None and closes is not None and closes <= opens:
        errors["closes"] = ValidationError(_("The closing time must be after the opening time."))
    return errors


class RegularHoursBlock(blocks.StructBlock):
    weekday = blocks.ChoiceBlock(choices=WEEKDAYS, label=_("Weekday"))
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(label=_("Closes"))

    class Meta:
        label = _("Regular opening hours")
        icon = "time"

    def clean(self, value):
        value = super().clean(value)
        errors = _check_time_range(value, required=True)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ExceptionHoursBlock(blocks.StructBlock):
    """A dated deviation: closed (holidays, team days) or special hours."""

    starts_on = blocks.DateBlock(label=_("From"))
    ends_on = blocks.DateBlock(
        label=_("Until"), required=False, help_text=_("Leave empty for a single day.")
    )
    closed = blocks.BooleanBlock(label=_("Closed"), required=False, default=True)
    opens = blocks.TimeBlock(label=_("Opens"), required=False)
    closes = blocks.TimeBlock(label=_("Closes"), required=False)
    note = blocks.CharBlock(
        label=_("Note"), required=False, max_length=200, help_text=_("e.g. “Christmas holidays”")
    )

    class Meta:
        label = _("Exception (holiday, closure, special hours)")
        icon = "date"

    def clean(self, value):
        value = super().clean(value)
        errors = _check_time_range(value, required=not value.get("closed"))
        ends_on = value.get("ends_on")
        if ends_on and value.get("starts_on") and ends_on < value["starts_on"]:
            errors["ends_on"] = ValidationError(
                _("The end date must not be before the start date.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class OpeningHoursBlock(blocks.StreamBlock):
    regular = RegularHoursBlock()
    exception = ExceptionHoursBlock()

    class Meta:
        required = False
