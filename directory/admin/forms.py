"""Forms of the directory's admin: the offer editor, the gap report's filters, the
import upload and the invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..access import provider_scope, providers_for
from ..models import District, Language, Provider
from ..reports import GapFilters
from ..roles import MODERATORS, PROFESSIONALS, PROVIDER_EDITORS


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


class GapReportForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Whole city"),
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.filter(offers__live=True).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("Any language"),
    )
    free = forms.BooleanField(label=_("Only free of charge"), required=False)

    def filters(self) -> GapFilters:
        data = self.cleaned_data
        return GapFilters(
            district=data["district"], language=data["language"], free_only=data["free"]
        )


class OfferImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV in the import format (UTF-8), or Open Referral HSDS 3.0 JSON."),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported offers"),
        required=False,
        help_text=_("Otherwise they are saved as drafts for review."),
    )


class InvitationForm(forms.Form):
    ROLES = [
        (PROFESSIONALS, _("Professional: sees notes and offers for professionals")),
        (PROVIDER_EDITORS, _("Provider editor: edits their provider's offers, needs approval")),
        (MODERATORS, _("Municipal editor: approves and publishes all offers")),
    ]
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLES, widget=forms.RadioSelect)
    providers = forms.ModelMultipleChoiceField(
        label=_("Providers"), queryset=Provider.objects.all(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm("auth.add_user"):  # municipal editors invite professionals
            self.fields["role"].choices = self.ROLES[:1]
            del self.fields["providers"]

    def clean(self):
        data = super().clean()
        if data.get("role") == PROVIDER_EDITORS and not data.get("providers"):
            self.add_error("providers", _("Choose the providers this person works for."))
        return data
