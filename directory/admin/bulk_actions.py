"""Bulk actions on offers: the municipal editors approve many submitted offers at once;
every offer bulk action (Wagtail's delete included) sees only the user's own offers."""

from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..access import offers_for
from ..models import Offer


class ProviderScopedOffers:
    """Only the offers the user may see, whatever ids the URL lists: otherwise the
    confirmation page would name other providers' offers to a provider editor."""

    models = [Offer]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(
            offers_for(self.request.user, model.objects.all()), pk__in=object_ids
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return offers_for(self.request.user, Offer.objects.all()).values_list("pk", flat=True)


class DeleteOffersBulkAction(ProviderScopedOffers, DeleteBulkAction):
    """Wagtail's snippet delete for offers, limited to the user's own offers."""


def _approvable_task_state(offer: Offer, user):
    """The offer's current approval step, if this user may approve it now."""
    state = offer.current_workflow_task_state
    if state is None:
        return None
    actions = state.task.specific.get_actions(offer, user)
    return state if any(name == "approve" for name, *_rest in actions) else None


class ApproveOffersBulkAction(ProviderScopedOffers, SnippetBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected offers")
    template_name = "directory/admin/confirm_bulk_approve.html"
    action_priority = 20

    def check_perm(self, offer):
        return _approvable_task_state(offer, self.request.user) is not None

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        approved = 0
        for offer in objects:
            state = _approvable_task_state(offer, user)
            if state is not None:
                state.approve(user=user, comment=str(_("Approved together with others.")))
                approved += 1
        return approved, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d offer approved.", "%(count)d offers approved.", num_parent_objects
        ) % {"count": num_parent_objects}
