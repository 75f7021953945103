"""Forms of the directory's admin: the offer editor, the gap report's filters, the
import upload and the invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.slug import SlugInput

from ..access import provider_scope, providers_for
from ..models import District, Language, Provider
from ..reports import GapFilters
from ..roles import MODERATORS, PROFESSIONALS, PROVIDER_EDITORS
from ..services import unique_slug
from ..services.geocoding import locate_edited
from ..text import BROWSER_TRANSLITERATION, GERMAN_TRANSLITERATION, german_slugify


class GermanSlugInput(SlugInput):
    """Wagtail's slug field, ASCII only, with the German table applied first."""

    def __init__(self, attrs=None):
        table = GERMAN_TRANSLITERATION + BROWSER_TRANSLITERATION
        super().__init__(
            attrs={"data-w-slug-allow-unicode-value": "false", **(attrs or {})},
            formatters=[(pattern, replacement, "g") for pattern, replacement in table],
        )


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Long lists (languages, topics) as checkboxes in columns, with a search box that
    filters them as you type (static/js/admin_choosers.js); without script, all show."""

    def __init__(self, attrs=None):
        super().__init__({"class": "filterable-choices", **(attrs or {})})


# The languages most asked for in a German city's family services come first, so an
# editor rarely needs the search box (ISO 639-1; Kurdish, Dari/Farsi, Pashto, Tigrinya …).
COMMON_LANGUAGES = [
    "de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "fa", "ku",
    "bg", "it", "el", "sq", "sr", "hr", "bs", "ps", "ti", "so", "fr", "es", "vi",
]  # fmt: skip


def grouped_language_choices() -> list:
    """Language choices in two groups: the common ones in COMMON_LANGUAGES order, then
    all others alphabetically by their (German) name."""
    languages = {language.code: language for language in Language.objects.all()}
    common = [languages[code] for code in COMMON_LANGUAGES if code in languages]
    others = sorted(
        (lang for code, lang in languages.items() if code not in COMMON_LANGUAGES),
        key=lambda language: language.label.casefold(),
    )
    return [
        (_("Frequently needed"), [(language.pk, language.label) for language in common]),
        (_("All other languages"), [(language.pk, language.label) for language in others]),
    ]


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
            taken = german_slugify(wanted or "")
            # Told after saving (explain_repaired_slug), on whatever tab the editor is.
            self.instance.slug_taken = taken if taken and taken != repaired else ""
        return cleaned_data


class OfferAdminForm(SlugRepairingForm):
    """The offer form: a provider editor can only choose (and so only save for) their own
    providers; locations get their position on saving."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "languages" in self.fields:
            self.fields["languages"].choices = grouped_language_choices()
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
