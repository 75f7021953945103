"""Validation of the HSDS API's query parameters, as the official API description names
them. Invalid values answer 400 with `{"errors": {"<parameter>": ["<message>"]}}`, the
same shape as our search API."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 100_000
MAX_PROXIMITY_METRES = 100_000


EMPTY_VALUE = _("Give a value or leave the parameter out.")


class PresentMeansGiven:
    """A typed parameter that is present must have a value: `?page=` is refused, not
    read as "no page" (the value is None only when the parameter is absent)."""

    def clean(self, value):
        if value == "":
            raise ValidationError(EMPTY_VALUE, code="empty")
        return super().clean(value)


class WholeNumberField(PresentMeansGiven, forms.IntegerField):
    pass


class NumberField(PresentMeansGiven, forms.FloatField):
    pass


class TrueFalseField(PresentMeansGiven, forms.ChoiceField):
    """`true` or `false`, as the spec's boolean parameters are written; absent = None."""

    def __init__(self, **kwargs):
        choices = [("", ""), ("true", "true"), ("false", "false")]
        super().__init__(required=False, choices=choices, **kwargs)

    def to_python(self, value):
        return super().to_python(value.lower() if isinstance(value, str) else value)

    def clean(self, value):
        value = super().clean(value)
        return {"true": True, "false": False}.get(value)


class MomentField(forms.CharField):
    """An ISO 8601 date or date-time; a date means its first moment in our time zone."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            moment = parse_datetime(value.replace(" ", "+"))
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
        if moment is None:
            raise ValidationError(
                _("Expected an ISO 8601 date or date-time, e.g. 2025-01-31T12:00:00Z."),
                code="invalid",
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


class PageForm(forms.Form):
    """Parameters every list endpoint takes: paging and the output format."""

    page = WholeNumberField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = WholeNumberField(required=False, min_value=1, max_value=MAX_PER_PAGE)
    search = forms.CharField(required=False, strip=True, max_length=200)
    format = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("json", "json")],
        error_messages={"invalid_choice": _("Only “json” is offered.")},
    )

    def error_dict(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    @property
    def page_number(self) -> int:
        return self.cleaned_data["page"] or 1

    @property
    def page_size(self) -> int:
        return self.cleaned_data["per_page"] or DEFAULT_PER_PAGE


class ServiceListForm(PageForm):
    taxonomy_term_id = forms.CharField(required=False, strip=True)
    taxonomy_id = forms.CharField(required=False, strip=True)
    organization_id = forms.CharField(required=False, strip=True)
    modified_after = MomentField(required=False)
    minimal = TrueFalseField()
    full = TrueFalseField()


class ServiceAtLocationListForm(PageForm):
    taxonomy_term_id = forms.CharField(required=False, strip=True)
    taxonomy_id = forms.CharField(required=False, strip=True)
    organization_id = forms.CharField(required=False, strip=True)
    modified_after = MomentField(required=False)
    full = TrueFalseField()
    postcode = forms.CharField(required=False, strip=True, max_length=10)
    proximity = NumberField(required=False, min_value=0, max_value=MAX_PROXIMITY_METRES)

    def clean(self):
        data = super().clean()
        if data.get("proximity") is not None and not data.get("postcode"):
            self.add_error("proximity", _("“proximity” needs the parameter “postcode”."))
        return data


class OrganizationListForm(PageForm):
    full = TrueFalseField()
    full_service = TrueFalseField()


class OrganizationForm(forms.Form):
    full_service = TrueFalseField()

    error_dict = PageForm.error_dict


class TaxonomyTermListForm(PageForm):
    taxonomy_id = forms.CharField(required=False, strip=True)
    top_only = TrueFalseField()
    parent_id = forms.CharField(required=False, strip=True)
