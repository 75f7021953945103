"""Forms of the public site (the search form is the search app's)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.models import ProblemReport
from directory.services import freshness, sharing


class FreshnessAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("What has changed?"),
        required=False,
        max_length=freshness.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong?"), choices=ProblemReport.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Your e-mail, if you would like an answer (optional)"), required=False
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class ReferralSheetForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the sheet"), choices=settings.LANGUAGES)
    for_professionals = forms.BooleanField(
        label=_("Sheet for professionals: with internal notes and offers for professionals"),
        required=False,
    )
    note = forms.CharField(
        label=_("Personal note (optional)"),
        required=False,
        max_length=sharing.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
