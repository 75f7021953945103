"""The OpenAPI 3.1 description of the search API (`/api/schema/`), built from code.

Parameters come from the forms that validate them (`forms.py`): a field's type, bounds
and choices become the parameter's schema, and codes read from the database (life
stages, topics, districts …) are listed as they are today. Answers come from the
response dataclasses (`query.py`). So the document cannot drift from what the API does.
"""

import dataclasses
import types
import typing

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .forms import CodeChoiceField, GeoPointField, SearchParametersForm, SuggestParametersForm
from .query import FACETS, HIT_FIELDS, OPTIONAL_HIT_FIELDS, FacetValue, SearchHit

API_VERSION = "1"
DECIMAL_PAIR = r"^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$"
# A free-text parameter needs something besides spaces where it is required.
NOT_BLANK = r"\S"

PARAMETER_TEXTS = {
    "q": "Free text, German-aware (stems, compounds, synonyms, typos, ä/ae).",
    "life_stage": "Life stage code; repeat the parameter for several (OR).",
    "sector": "Sector code; repeatable (OR).",
    "topic": "Topic slug; repeatable (OR).",
    "district": "District slug; repeatable (OR).",
    "language": "ISO 639-1 code of a language the offer is given in; repeatable (OR).",
    "age": "A child's age in whole years: offers whose age range contains it.",
    "cost": "`free` limits to free offers.",
    "accessible": "`true` limits to wheelchair-accessible locations.",
    "open": "`now` or a weekday (`mon` … `sun`): offers open then.",
    "near": "`latitude,longitude` (WGS84); limits by distance and adds `distance_km`.",
    "radius_km": "Radius around `near` in kilometres (default 5).",
    "sort": "`relevance` (default with `q`), `distance` (needs `near`) or `name`.",
    "page": "Page number, 1-based.",
    "page_size": "Results per page (default 20).",
}


def _bounded(schema: dict, field: forms.Field) -> dict:
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            schema["minimum"] = validator.limit_value
        if isinstance(validator, MaxValueValidator):
            schema["maximum"] = validator.limit_value
    return schema


def field_schema(field: forms.Field) -> dict | None:
    """The JSON Schema of one form field's parameter (None: no value is valid today)."""
    if isinstance(field, CodeChoiceField):
        codes = sorted(field.choices_from())
        if not codes:
            return None
        return {"type": "array", "items": {"type": "string", "enum": codes}}
    if isinstance(field, GeoPointField):
        return {"type": "string", "pattern": DECIMAL_PAIR}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [value for value, _label in field.choices if value]}
    if isinstance(field, forms.IntegerField):
        return _bounded({"type": "integer"}, field)
    if isinstance(field, forms.FloatField):
        return _bounded({"type": "number"}, field)
    schema: dict = {"type": "string"}
    if field.required:
        schema["pattern"] = NOT_BLANK
    if field.max_length:
        schema["maxLength"] = field.max_length
    return schema


def form_parameters(form_class: type[forms.Form]) -> list[dict]:
    parameters = []
    for name, field in form_class.base_fields.items():
        schema = field_schema(field)
        if schema is None:
            continue
        parameter = {
            "name": name,
            "in": "query",
            "required": field.required,
            "description": PARAMETER_TEXTS.get(name, ""),
            "schema": schema,
        }
        if schema["type"] == "array":
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


def type_schema(hint) -> dict:
    """JSON Schema of a type hint of our response dataclasses."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return type_schema(inner)
    if origin in (list, tuple):
        return {"type": "array", "items": type_schema(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1])}
    if dataclasses.is_dataclass(hint):
        return dataclass_schema(hint)
    return {int: {"type": "integer"}, float: {"type": "number"}, str: {"type": "string"}}[hint]


def dataclass_schema(cls, fields=None, optional=()) -> dict:
    hints = typing.get_type_hints(cls)
    names = fields or [f.name for f in dataclasses.fields(cls)]
    return {
        "type": "object",
        "properties": {name: type_schema(hints[name]) for name in (*names, *optional)},
        "required": list(names),
    }


def _errors_schema(form_class: type[forms.Form]) -> dict:
    return {
        "type": "object",
        "properties": {
            "errors": {
                "type": "object",
                "description": "Messages (in the request's language) per invalid parameter.",
                "propertyNames": {"enum": [*form_class.base_fields, "__all__"]},
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        },
        "required": ["errors"],
    }


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def search_response_schema() -> dict:
    facet = {"type": "array", "items": dataclass_schema(FacetValue)}
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "engine": {"type": "string", "enum": ["database", "elasticsearch"]},
            "results": {
                "type": "array",
                "items": dataclass_schema(SearchHit, HIT_FIELDS, OPTIONAL_HIT_FIELDS),
            },
            "facets": {
                "type": "object",
                "properties": {name: facet for name in FACETS},
                "required": list(FACETS),
            },
        },
        "required": ["count", "page", "page_size", "engine", "results", "facets"],
    }


def search_api_description(*, server: str) -> dict:
    suggestions = {
        "type": "object",
        "properties": {
            "q": {"type": "string"},
            "suggestions": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
        },
        "required": ["q", "suggestions"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Präventionskette search API",
            "version": API_VERSION,
            "description": "Published offers for families. Generated from the code that "
            "validates the parameters; codes listed are those in the directory today.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/search/": {
                "get": {
                    "operationId": "searchOffers",
                    "summary": "Search published offers, with facet counts.",
                    "parameters": form_parameters(SearchParametersForm),
                    "responses": {
                        "200": _json(
                            "One page of offers and the facets.", search_response_schema()
                        ),
                        "400": _json("Invalid parameters.", _errors_schema(SearchParametersForm)),
                    },
                }
            },
            "/suggest/": {
                "get": {
                    "operationId": "suggestCompletions",
                    "summary": "Up to 10 completions for a search box.",
                    "parameters": form_parameters(SuggestParametersForm),
                    "responses": {
                        "200": _json("Completions.", suggestions),
                        "400": _json("No search term.", _errors_schema(SuggestParametersForm)),
                    },
                }
            },
        },
    }
