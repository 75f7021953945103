"""Who may see and change which offers in the admin.

Municipal roles (superusers, the municipal editors, the editorial staff; see
`directory.roles`) work on every offer. Provider editors work only on the offers of the
providers they are editors of, and their changes go through the approval workflow.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

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


class ImportPermissions:
    """What one user may do through an import: the same limits as in the forms.

    Provider editors change only offers of their own providers and put new offers only
    under them; nobody without the add-provider permission creates a provider by naming
    an unknown one. Imports from the command line (no user) are not limited.
    """

    def __init__(self, user):
        self.user = user
        self.scope = provider_scope(user) if user is not None else None
        self._providers: dict[str, Provider | None] = {}

    def refusals(self, *, provider_name: str, existing: Offer | None) -> list[tuple[str, str]]:
        """(field, message) for each reason this row may not be written; [] if it may."""
        if self.user is None:
            return []
        refusals = []
        foreign = self.scope is not None and existing is not None
        if foreign and existing.provider_id not in self.scope:
            refusals.append(
                (
                    "external_id",
                    _(
                        "This offer belongs to another provider (%(provider)s); you may "
                        "only change offers of your own providers."
                    )
                    % {"provider": existing.provider.name},
                )
            )
        provider = self._provider(provider_name)
        if provider is None and not self.user.has_perm("directory.add_provider"):
            refusals.append(
                (
                    "provider",
                    _(
                        "“%(name)s” is not a provider in the directory, and you may not "
                        "create providers. Use the exact name of one of your providers."
                    )
                    % {"name": provider_name},
                )
            )
        elif provider is not None and self.scope is not None and provider.pk not in self.scope:
            refusals.append(
                (
                    "provider",
                    _("You may only import offers of your own providers, not of “%(name)s”.")
                    % {"name": provider.name},
                )
            )
        return refusals

    def _provider(self, name: str) -> Provider | None:
        key = name.casefold()
        if key not in self._providers:
            self._providers[key] = Provider.objects.filter(name__iexact=name).first()
        return self._providers[key]


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


class OfferPermissionPolicy(ModelPermissionPolicy):
    """Offers harvested from another directory belong to it: everyone may look at them,
    nobody edits, publishes, locks or deletes them here (the next harvest would undo it;
    the source withdraws them)."""

    READ_ONLY = {"view"}

    def user_has_permission_for_instance(self, user, action, instance):
        if instance.harvest_source_id and action not in self.READ_ONLY:
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= self.READ_ONLY:
            return instances
        return instances.filter(harvest_source__isnull=True)
