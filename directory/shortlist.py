"""The shortlist (Merkliste): offers a family or a professional keeps while searching.

A family's list lives only in the session of the browser that made it; nothing about a
family is stored anywhere else, and a session cookie is set only once something is
added. A logged-in professional's list is also kept with their account (offers only),
so it is still there after logging out and in again, on any device.
"""

from functools import cached_property

from .models import Offer, SavedOffer
from .roles import is_professional
from .selectors import offer_list_public_with_relations

SESSION_KEY = "shortlist"
SHARED_KEY = "shared_lists"  # token of a share link this browser made → its UI language
MAX_OFFERS = 50
MAX_REMEMBERED_LINKS = 20


class ShortlistFull(Exception):
    pass


class Shortlist:
    def __init__(self, session, user=None):
        self.session = session
        self._user = user

    @cached_property
    def user(self):
        """The account the list is also kept with: only a professional's (asked only
        when the list changes, so reading it costs nothing)."""
        return self._user if self._user is not None and is_professional(self._user) else None

    @classmethod
    def of(cls, request) -> "Shortlist":
        return cls(request.session, getattr(request, "user", None))

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
        if self.user is not None:
            SavedOffer.objects.get_or_create(user=self.user, offer=offer)

    def remove(self, offer: Offer) -> None:
        if offer.pk in self.ids:
            self.session[SESSION_KEY] = [pk for pk in self.ids if pk != offer.pk]
        if self.user is not None:
            SavedOffer.objects.filter(user=self.user, offer=offer).delete()

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def merge_saved(self) -> None:
        """After a professional logs in: the account's list first, then what was added
        in this browser before logging in (now saved too), without duplicates."""
        if self.user is None:
            return
        saved = list(SavedOffer.objects.filter(user=self.user).values_list("offer_id", flat=True))
        added_before_login = [pk for pk in self.ids if pk not in saved]
        SavedOffer.objects.bulk_create(
            [SavedOffer(user=self.user, offer_id=pk) for pk in added_before_login],
            ignore_conflicts=True,
        )
        self.session[SESSION_KEY] = [*saved, *added_before_login][:MAX_OFFERS]

    def offers(self, *, professional: bool = False) -> list[Offer]:
        """The shortlisted offers that are still published, in the order they were added."""
        visible = offer_list_public_with_relations(professional=professional)
        by_id = {o.pk: o for o in visible.filter(pk__in=self.ids)}
        return [by_id[pk] for pk in self.ids if pk in by_id]


def shortlist_merge_on_login(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: bring a professional's saved list into the session."""
    Shortlist(request.session, user).merge_saved()


def shared_link_made(session, token: str, language: str) -> None:
    """Remember that this browser made the share link (and in which language its user
    reads the site): its page then shows them how to pass it on, the family's not."""
    made = dict(session.get(SHARED_KEY, {}))
    made[token] = language
    session[SHARED_KEY] = dict(list(made.items())[-MAX_REMEMBERED_LINKS:])


def shared_link_maker_language(session, token: str) -> str | None:
    """The language of whoever made the share link in this browser, or None."""
    return session.get(SHARED_KEY, {}).get(token)
