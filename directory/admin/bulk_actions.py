"""Bulk approval: the municipal editors approve many submitted offers at once."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..models import Offer


def _approvable_task_state(offer: Offer, user):
    """The offer's current approval step, if this user may approve it now."""
    state = offer.current_workflow_task_state
    if state is None:
        return None
    actions = state.task.specific.get_actions(offer, user)
    return state if any(name == "approve" for name, *_rest in actions) else None


class ApproveOffersBulkAction(SnippetBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected offers")
    template_name = "directory/admin/confirm_bulk_approve.html"
    action_priority = 20
    models = [Offer]

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
