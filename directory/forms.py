"""Admin forms of the directory."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .access import provider_scope, providers_for


class OfferAdminForm(WagtailAdminModelForm):
    """A provider editor can only choose (and so only save for) their own providers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or "provider" not in self.fields:
            return
        field = self.fields["provider"]
        field.queryset = providers_for(self.for_user)
        if provider_scope(self.for_user) is not None:
            # A plain list of their own providers instead of the chooser of all of them.
            field.widget = forms.Select(choices=field.choices)
            if field.queryset.count() == 1 and not self.instance.provider_id:
                self.initial["provider"] = field.queryset.get().pk
