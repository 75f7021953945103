"""Admin forms of the directory."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .access import provider_scope, providers_for
from .geocoding import locate_edited
from .services import unique_slug
from .slugs import GermanSlugInput


class AccessibilitySelect(forms.NullBooleanSelect):
    """Yes / no / not known – Django's German "Unbekannte" reads wrong for a ramp."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("not known")), ("true", _("Yes")), ("false", _("No"))]


class SlugRepairingForm(WagtailAdminModelForm):
    """Forms of models with a name and a unique slug: the slug is never a reason to fail.

    Editors mostly never see the slug (it sits on another tab), so an empty, non-ASCII or
    taken web address is repaired from what was typed or from the name – spelled the
    German way, with a number added when it is taken – instead of failing on a hidden tab.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            field = self.fields["slug"]
            field.required = False
            field.validators = []  # repaired in clean(); the model checks the result
            field.widget = GermanSlugInput(attrs={"maxlength": field.max_length})

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields:
            wanted = cleaned_data.get("slug") or cleaned_data.get("name") or self.instance.name
            repaired = unique_slug(self._meta.model, wanted or "", exclude_pk=self.instance.pk)
            cleaned_data["slug"] = repaired
        return cleaned_data


class OfferAdminForm(SlugRepairingForm):
    """The offer form: a provider editor can only choose (and so only save for) their own
    providers; locations get their position on saving."""

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

    def is_valid(self):
        valid = super().is_valid()
        if valid and "locations" in self.formsets:
            # Positions are found once the form is valid, so a failing form costs no
            # geocoding request; the revision then carries them to moderation.
            for form in self.formsets["locations"].forms:
                if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                    locate_edited(form.instance, set(form.changed_data))
        return valid
