"""The shortlist (Merkliste): offers a family or a professional keeps while searching.

Kept only in the session of the browser that made it; nothing about a family is stored
anywhere else. A session cookie is set only once something is added.
"""

from .models import Offer
from .selectors import offer_list_public_with_relations

SESSION_KEY = "shortlist"
MAX_OFFERS = 50


class ShortlistFull(Exception):
    pass


class Shortlist:
    def __init__(self, session):
        self.session = session

    @property
    def ids(self) -> list[int]:
        return list(self.session.get(SESSION_KEY, []))

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, offer_id: int) -> bool:
        return offer_id in self.session.get(SESSION_KEY, ())

    def add(self, offer: Offer) -> None:
        ids = self.ids
        if offer.pk in ids:
            return
        if len(ids) >= MAX_OFFERS:
            raise ShortlistFull
        self.session[SESSION_KEY] = [*ids, offer.pk]

    def remove(self, offer: Offer) -> None:
        if offer.pk in self.ids:
            self.session[SESSION_KEY] = [pk for pk in self.ids if pk != offer.pk]

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def offers(self, *, professional: bool = False) -> list[Offer]:
        """The shortlisted offers that are still published, in the order they were added."""
        visible = offer_list_public_with_relations(professional=professional)
        by_id = {o.pk: o for o in visible.filter(pk__in=self.ids)}
        return [by_id[pk] for pk in self.ids if pk in by_id]
