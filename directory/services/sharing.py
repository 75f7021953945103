"""Share links: a shortlist read-only on the family's own phone, for a limited time."""

import datetime
import secrets

from django.conf import settings
from django.utils import timezone

from ..models import Offer, SharedList
from ..selectors import offer_list_public_with_relations

TOKEN_BYTES = 32  # 256 bits: not guessable, never listed anywhere
MAX_NOTE_LENGTH = 1000


class LinkGone(Exception):
    """The link existed but has expired; its note is deleted."""


def shared_list_create(*, offers: list[Offer], note: str, language: str) -> SharedList:
    return SharedList.objects.create(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        offer_ids=[offer.pk for offer in offers],
        note=note[:MAX_NOTE_LENGTH],
        language=language,
        expires_at=timezone.now() + datetime.timedelta(days=settings.SHARE_LINK_VALID_DAYS),
    )


def shared_list_get(token: str) -> tuple[SharedList, list[Offer]]:
    """The list and its still-published offers; raises SharedList.DoesNotExist or
    LinkGone (deleting the expired list on the way)."""
    shared = SharedList.objects.get(token=token)
    if shared.expired:
        shared.delete()
        raise LinkGone
    by_id = {o.pk: o for o in offer_list_public_with_relations().filter(pk__in=shared.offer_ids)}
    return shared, [by_id[pk] for pk in shared.offer_ids if pk in by_id]


def shared_lists_delete_expired() -> int:
    deleted, _by_model = SharedList.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
