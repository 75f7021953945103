"""Validation of the search API's parameters (docs/api.md) into a SearchQuery."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from directory.models import MAX_AGE, MIN_AGE, District, Language, LifeStage, Sector, Topic
from directory.opening_hours import WEEKDAY_CODES

from .query import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_RADIUS_KM,
    MAX_PAGE_SIZE,
    MAX_RESULT_WINDOW,
    GeoPoint,
    OpenAt,
    SearchQuery,
    Sort,
)
from .vocabulary import taxonomy_label_cache

MAX_RADIUS_KM = 100
MAX_PAGE = 10_000


class CodeChoiceField(forms.MultipleChoiceField):
    """Repeatable parameter whose values are a facet's codes, kept in a table."""

    def __init__(self, *, facet: str, choices_from, **kwargs):
        self.facet = facet
        self.choices_from = choices_from
        super().__init__(required=False, **kwargs)

    def valid_value(self, value) -> bool:
        # The facet labels searching keeps in memory know every code that existed when
        # they were read: a query per value took up to a millisecond of a search on a
        # busy database. A value they do not know (added in another process since) is
        # looked up in the table. One deleted in another process stays valid until they
        # expire (search.vocabulary.CACHE_SECONDS), as its label does.
        return value in taxonomy_label_cache.get()[self.facet] or value in self.choices_from()


class GeoPointField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            lat, lon = (float(part) for part in value.split(","))
        except ValueError as error:
            raise ValidationError(
                _("Expected “latitude,longitude” in decimal degrees, e.g. 50.77,6.08."),
                code="invalid",
            ) from error
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(
                _("Latitude must be between -90 and 90, longitude between -180 and 180."),
                code="out_of_range",
            )
        return GeoPoint(lat, lon)


OPEN_NOW = "now"


def open_at(value: str) -> OpenAt | None:
    """`now` → this moment in the directory's time zone; `mon` … `sun` → that weekday."""
    if value == OPEN_NOW:
        moment = timezone.localtime()
        return OpenAt(moment.weekday(), moment.hour * 60 + moment.minute, moment.date())
    if value in WEEKDAY_CODES:
        return OpenAt(WEEKDAY_CODES.index(value))
    return None


class SharedFields(dict):
    """A form's fields, shared by its instances instead of deep-copied for each one.

    Django copies a form's fields for every instance so that an instance may change its
    own (choices, widgets …). A form whose instances only validate and never change their
    fields can share them: each instance still gets a dict of its own.
    """

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


def _codes(model, field: str):
    return lambda: set(model.objects.values_list(field, flat=True))


class SearchParametersForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    life_stage = CodeChoiceField(facet="life_stage", choices_from=_codes(LifeStage, "code"))
    sector = CodeChoiceField(facet="sector", choices_from=_codes(Sector, "code"))
    topic = CodeChoiceField(facet="topic", choices_from=_codes(Topic, "slug"))
    district = CodeChoiceField(facet="district", choices_from=_codes(District, "slug"))
    language = CodeChoiceField(facet="language", choices_from=_codes(Language, "code"))
    age = forms.IntegerField(required=False, min_value=MIN_AGE, max_value=MAX_AGE)
    cost = forms.ChoiceField(required=False, choices=[("", ""), ("free", "free")])
    accessible = forms.ChoiceField(
        required=False, choices=[("", ""), ("true", "true"), ("false", "false")]
    )
    open = forms.ChoiceField(
        required=False, choices=[("", ""), (OPEN_NOW, OPEN_NOW)] + [(d, d) for d in WEEKDAY_CODES]
    )
    near = GeoPointField(required=False)
    radius_km = forms.FloatField(
        required=False, min_value=0.1, max_value=MAX_RADIUS_KM, initial=DEFAULT_RADIUS_KM
    )
    sort = forms.ChoiceField(required=False, choices=[("", "")] + [(s, s) for s in Sort])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def clean(self):
        data = super().clean()
        if data.get("sort") == Sort.DISTANCE and not data.get("near") and "near" not in self.errors:
            self.add_error("sort", _("Sorting by distance needs the parameter “near”."))
        page, page_size = data.get("page"), data.get("page_size") or DEFAULT_PAGE_SIZE
        if page and page * page_size > MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                _(
                    "Only the first %(window)s results can be paged through: with "
                    "%(page_size)s per page, the last page is %(last)s."
                )
                % {
                    "window": MAX_RESULT_WINDOW,
                    "page_size": page_size,
                    "last": MAX_RESULT_WINDOW // page_size,
                },
            )
        return data

    def to_query(self) -> SearchQuery:
        data = self.cleaned_data
        radius = data.get("radius_km")
        return SearchQuery(
            text=data["q"],
            language=translation.get_language() or "",
            life_stages=tuple(data["life_stage"]),
            sectors=tuple(data["sector"]),
            topics=tuple(data["topic"]),
            districts=tuple(data["district"]),
            languages=tuple(data["language"]),
            age=data["age"],
            free_only=data["cost"] == "free",
            accessible_only=data["accessible"] == "true",
            open_at=open_at(data["open"]),
            near=data["near"],
            radius_km=DEFAULT_RADIUS_KM if radius is None else radius,
            sort=Sort(data["sort"]) if data["sort"] else None,
            page=data["page"] or 1,
            page_size=data["page_size"] or DEFAULT_PAGE_SIZE,
        )

    def error_dict(self) -> dict[str, list[str]]:
        return {
            field: [str(message) for message in errors] for field, errors in self.errors.items()
        }


# Copying this form's 15 fields took 0.18 ms of every search request (a tenth of the API's
# own time); nothing changes them once the class is made (tests/search/test_api.py).
SearchParametersForm.base_fields = SharedFields(SearchParametersForm.base_fields)


class SuggestParametersForm(forms.Form):
    q = forms.CharField(
        strip=True,
        error_messages={"required": _("Please enter a search term.")},
    )

    error_dict = SearchParametersForm.error_dict


def search_query_lenient(params) -> tuple[SearchQuery, dict[str, list[str]]]:
    """A query from page parameters, dropping the invalid ones instead of refusing.

    Pages must never dead-end on a tampered or outdated link: each invalid parameter is
    left out and reported (parameter → messages) so the page can say what it ignored.
    """
    data = params.copy()
    ignored: dict[str, list[str]] = {}
    form = SearchParametersForm(data)
    while not form.is_valid():
        for name, messages in form.error_dict().items():
            ignored.setdefault(name, []).extend(messages)
            field = form.fields.get(name)
            if isinstance(field, CodeChoiceField):  # keep the valid values of the list
                data.setlist(name, [v for v in data.getlist(name) if field.valid_value(v)])
            else:
                data.pop(name, None)
        form = SearchParametersForm(data)
    return form.to_query(), ignored
