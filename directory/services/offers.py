"""Writing offers: every save makes a revision, as the editor's "Save draft" does."""

from django.db import transaction

from ..models import Offer


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
