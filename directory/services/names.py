"""Rows that are found by their name: providers, topics and districts, and the unique
slugs every new row needs."""

from django.db import models

from ..text import FALLBACK_SLUG, german_slugify

SLUG_MAX_LENGTH = 200


def unique_slug(model: type[models.Model], name: str, *, exclude_pk=None) -> str:
    """A slug from `name` that no row of `model` uses yet: `name`, `name-2`, `name-3`, …

    `exclude_pk` is the row being edited: its own slug does not count as taken.
    """
    base = german_slugify(name, max_length=SLUG_MAX_LENGTH - 10) or FALLBACK_SLUG
    rows = model.objects.filter(slug__startswith=base)  # type: ignore[attr-defined]
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    taken = set(rows.values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def named(model: type[models.Model], name: str, **details):
    """A provider, topic or district by name (case-insensitive), created if unknown
    (with `details` then)."""
    instance = model.objects.filter(name__iexact=name).first()  # type: ignore[attr-defined]
    if instance is None:
        instance = model.objects.create(name=name, slug=unique_slug(model, name), **details)  # type: ignore[attr-defined]
    return instance
