"""Writes to the directory. Views, commands and importers call these, never the ORM directly."""

from django.db import models, transaction

from .models import Offer
from .slugs import FALLBACK_SLUG, german_slugify

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


def offer_latest_content(offer: Offer) -> Offer:
    """The offer as editors last saved it: a live offer's pending draft, if it has one."""
    if offer.live and offer.has_unpublished_changes and offer.latest_revision_id:
        return offer.get_latest_revision_as_object()
    return offer


@transaction.atomic
def offer_save(*, offer: Offer, user=None, publish: bool = False) -> Offer:
    """Save `offer` as a new revision, like the editor's "Save draft" (and "Publish").

    A live offer keeps showing its published content until the new revision is
    published; an offer that was never published is stored directly.
    """
    if offer.pk is None:
        # DraftStateMixin defaults to live=True; a new offer is live only once published.
        offer.live = False
    offer.full_clean()
    if not offer.live:
        offer.save()
    revision = offer.save_revision(user=user, log_action=True, clean=False)
    if publish:
        revision.publish(user=user)
        offer.refresh_from_db()
    return offer
