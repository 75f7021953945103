"""Who may see and change which offers in the admin.

Municipal roles (superusers, the municipal editors, the editorial staff; see
`directory.roles`) work on every offer. Provider editors work only on the offers of the
providers they are editors of, and their changes go through the approval workflow.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Offer, Provider
from .roles import MUNICIPAL_GROUPS, PROVIDER_EDITORS, group_names


def provider_scope(user) -> set[int] | None:
    """The provider ids a user is limited to, or None for no limit."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    groups = group_names(user)
    if PROVIDER_EDITORS not in groups or groups & set(MUNICIPAL_GROUPS):
        return None
    return set(user.edited_providers.values_list("pk", flat=True))


def offers_for(user, offers: QuerySet, provider_lookup: str = "provider") -> QuerySet:
    """The offers (or objects of offers, with their `provider_lookup`) a user may see."""
    scope = provider_scope(user)
    return offers if scope is None else offers.filter(**{f"{provider_lookup}__in": scope})


def providers_for(user) -> QuerySet[Provider]:
    scope = provider_scope(user)
    return Provider.objects.all() if scope is None else Provider.objects.filter(pk__in=scope)


def guard_view(view, *, model=Offer, provider_lookup: str = "provider"):
    """Refuse a per-object admin view (edit, history, revisions, preview, workflow …) for
    an object outside the user's providers, whatever the URL."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        scope = provider_scope(request.user)
        outside = (
            pk is not None
            and scope is not None
            and not model.objects.filter(
                pk=unquote(str(pk)), **{f"{provider_lookup}__in": scope}
            ).exists()
        )
        if outside:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def guard_urlpatterns(patterns, **guard_options):
    """Every URL of one object (it has a parameter) goes through guard_view."""
    for pattern in patterns:
        if "<" in str(pattern.pattern):
            pattern.callback = guard_view(pattern.callback, **guard_options)
    return patterns
