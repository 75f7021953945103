"""Rows that are found by their name: providers, topics and districts, and the unique
slugs every new row needs."""

from django.db import models
from django.utils.text import slugify

SLUG_MAX_LENGTH = 200


def unique_slug(model: type[models.Model], name: str) -> str:
    """A slug from `name` that no row of `model` uses yet: `name`, `name-2`, `name-3`, …"""
    base = slugify(name.replace("ß", "ss"))[: SLUG_MAX_LENGTH - 10].strip("-") or "eintrag"
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)  # type: ignore[attr-defined]
    )
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
