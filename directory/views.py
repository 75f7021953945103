"""Admin views of the directory that are not snippet views: the gap report."""

import datetime
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView

from . import importing
from .access import PROFESSIONALS, PROVIDER_EDITORS
from .csv_format import column_help
from .exporting import import_template_csv
from .hsds import HsdsFileError
from .invitations import MUNICIPAL_EDITORS, AlreadyRegistered, editor_invite
from .models import Cost, District, Language, Provider
from .reports import THIN_BELOW, GapFilters, gap_report, gap_report_csv


def breadcrumbs(title) -> list[dict]:
    """The admin's slim header: Home › this page."""
    return [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": "", "label": title},
    ]


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """An admin page of ours: a title with breadcrumbs, open to users with any of
    `permissions` (Wagtail turns the refusal into a message on the dashboard)."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(permission) for permission in self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def breadcrumbs_items(self):
        return breadcrumbs(self.page_title)


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


class GapReportView(AdminPage):
    """Heat map of published offers per life stage × sector, with drill-down."""

    template_name = "directory/admin/gap_report.html"
    page_title = _("Prevention-chain gap report")
    header_icon = "table"

    permissions = ("directory.view_offer", "directory.change_offer")

    def get(self, request, *args, **kwargs):
        form = GapReportForm(request.GET or None)
        if request.GET and not form.is_valid():
            context = self.get_context_data(form=form, report=None)
            return self.render_to_response(context, status=400)
        report = gap_report(form.filters() if form.is_bound else GapFilters())
        if request.GET.get("format") == "csv":
            return self._csv(report)
        if request.GET.get("print"):
            self.template_name = "directory/admin/gap_report_print.html"
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = kwargs.get("report")
        if report is not None:
            context["cells_with_links"] = [
                (row, [(cell, self._offers_url(report, cell)) for cell in row.cells])
                for row in report.rows
            ]
        context["thin_below"] = THIN_BELOW
        context["today"] = timezone.localdate()
        query = self.request.GET.copy()
        query.pop("print", None)
        query.pop("format", None)
        context["query"] = query.urlencode()
        return context

    @staticmethod
    def _offers_url(report, cell) -> str:
        """The offers listing, filtered to the published offers counted in the cell."""
        params = [
            ("life_stages", cell.stage.pk),
            ("sectors", cell.sector.pk),
            ("status", "live"),
        ]
        filters = report.filters
        if filters.district:
            params.append(("district", filters.district.pk))
        if filters.language:
            params.append(("languages", filters.language.code))
        if filters.free_only:
            params.append(("cost", Cost.FREE))
        return f"{reverse('wagtailsnippets_directory_offer:list')}?{urlencode(params)}"

    @staticmethod
    def _csv(report) -> HttpResponse:
        buffer = io.StringIO()
        gap_report_csv(report, buffer)
        stamp = datetime.date.today().isoformat()
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="luecken-{stamp}.csv"'
        return response


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


def csv_download(write, filename: str) -> HttpResponse:
    """A CSV attachment with a byte order mark, so Excel reads the umlauts as UTF-8."""
    buffer = io.StringIO()
    write(file=buffer)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class OfferImportTemplateView(AdminPage):
    """The import format as a file to fill in: every column and one example row."""

    permissions = ("directory.add_offer",)

    def get(self, request, *args, **kwargs):
        return csv_download(import_template_csv, "angebote-vorlage.csv")


class OfferImportView(AdminPage):
    """Upload → preview of what would change → confirm. Nothing is written before the
    confirmation, and never while a row has an error."""

    template_name = "directory/admin/import.html"
    page_title = _("Import offers")
    header_icon = "upload"

    permissions = ("directory.add_offer",)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OfferImportForm()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = column_help()
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self._confirm(request)
        form = OfferImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        publish = form.cleaned_data["publish"] and request.user.has_perm("directory.publish_offer")
        upload = form.cleaned_data["file"]
        try:
            staged = importing.staged_import_create(
                upload=upload, user=request.user, publish=publish
            )
            report = importing.staged_import_run(staged, user=request.user, dry_run=True)
        except (importing.ImportFileError, HsdsFileError) as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not report.ok:
            importing.staged_import_discard(staged)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, staged=staged),
            status=200 if report.ok else 400,
        )

    def _confirm(self, request):
        try:
            staged = importing.staged_import_get(request.POST.get("token", ""), user=request.user)
        except importing.StagedImportMissing:
            messages.error(
                request,
                _("This import has expired or was already done. Please upload the file again."),
            )
            return redirect("directory_offer_import")
        report = importing.staged_import_run(staged, user=request.user, dry_run=False)
        importing.staged_import_discard(staged)
        if not report.ok:  # the directory changed between preview and confirmation
            return self.render_to_response(
                self.get_context_data(form=OfferImportForm(), report=report), status=400
            )
        messages.success(
            request,
            _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            },
        )
        return redirect("wagtailsnippets_directory_offer:list")


class PrefilledCreateView(SnippetCreateView):
    """The add form, with some fields filled in from the address (e.g. from a report)."""

    prefill_fields: tuple[str, ...] = ()

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for name in self.prefill_fields:
            value = self.request.GET.get(name, "").strip()
            if value:
                max_length = self.model._meta.get_field(name).max_length
                setattr(instance, name, value[:max_length] if max_length else value)
        return instance


class InvitationForm(forms.Form):
    ROLES = [
        (PROFESSIONALS, _("Professional: sees notes and offers for professionals")),
        (PROVIDER_EDITORS, _("Provider editor: edits their provider's offers, needs approval")),
        (MUNICIPAL_EDITORS, _("Municipal editor: approves and publishes all offers")),
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


class InvitationView(AdminPage):
    """Invite someone by e-mail: administrators (who may add users) any role, municipal
    editors professionals."""

    template_name = "directory/admin/invite.html"
    page_title = _("Invite an editor")
    header_icon = "user"

    permissions = ("auth.add_user", "directory.publish_offer")

    def get(self, request, *args, **kwargs):
        form = InvitationForm(user=request.user)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            data = {"providers": [], **form.cleaned_data}
            try:
                editor_invite(**data, invited_by=request.user)
            except AlreadyRegistered:
                form.add_error("email", _("Someone with this e-mail address has an account."))
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("directory_invite")
        return self.render_to_response(self.get_context_data(form=form), status=400)
