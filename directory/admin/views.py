"""Admin pages of the directory that are not snippet views: the gap report, the import
(upload → check → preview → confirm → import, the work done by background tasks) and
invitations."""

import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages as admin_messages
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from ..access import provider_scope
from ..duplicates import offer_duplicates
from ..interchange import staging
from ..interchange.csv_export import import_template_csv
from ..interchange.csv_format import column_help
from ..interchange.report import ImportFileError
from ..interchange.tasks import staged_import_apply_task, staged_import_check_task
from ..models import Cost, Offer
from ..reports import THIN_BELOW, GapFilters, gap_report, gap_report_csv
from ..services.invitations import AlreadyRegistered, editor_invite
from .base import AdminPage
from .forms import GapReportForm, InvitationForm, OfferImportForm


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
    """Upload → check → preview of what would change → confirm → import. Nothing is
    written before the confirmation, and never while a row has an error. Checking and
    importing run as background tasks (directory.interchange.tasks); this page shows their progress
    (`?token=…`) and then the result."""

    template_name = "directory/admin/import.html"
    page_title = _("Import offers")
    header_icon = "upload"

    permissions = ("directory.add_offer",)

    def get(self, request, *args, **kwargs):
        if "token" not in request.GET:
            return self.render_to_response(self.get_context_data(form=OfferImportForm()))
        try:
            staged = staging.staged_import_get(request.GET["token"], user=request.user)
        except staging.StagedImportMissing:
            return self._expired(request)
        return self._show(request, staged)

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
        try:
            staged = staging.staged_import_create(
                upload=form.cleaned_data["file"], user=request.user, publish=publish
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        staged_import_check_task.enqueue(**self._task_arguments(request, staged))
        return self._redirect_to(staged)

    def _confirm(self, request):
        try:
            staged = staging.staged_import_get(request.POST.get("token", ""), user=request.user)
        except staging.StagedImportMissing:
            return self._expired(request)
        if staged.stage != staging.Stage.CHECKED:  # a second click, or a refused file
            return self._redirect_to(staged)
        staging.staged_import_start(staged)
        staged_import_apply_task.enqueue(**self._task_arguments(request, staged))
        return self._redirect_to(staged)

    def _show(self, request, staged):
        Stage = staging.Stage
        if staged.stage in staging.RUNNING:
            context = self.get_context_data(
                staged=staged, progress=staging.staged_import_progress(staged)
            )
            return self.render_to_response(context)
        if staged.stage == Stage.DONE:
            staging.staged_import_discard(staged)
            report = staging.report_from_dict(staged.report)
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
        form = OfferImportForm()
        if staged.stage == Stage.FAILED:
            refusal = _("The import failed unexpectedly; nothing was written.")
            return self.render_to_response(
                self.get_context_data(form=form, refusal=refusal), status=500
            )
        if staged.error:  # the file as a whole was refused
            return self.render_to_response(
                self.get_context_data(form=form, refusal=staged.error), status=400
            )
        report = staging.report_from_dict(staged.report)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, staged=staged),
            status=200 if report.ok else 400,
        )

    def _expired(self, request):
        messages.error(
            request,
            _("This import has expired or was already done. Please upload the file again."),
        )
        return redirect("directory_offer_import")

    @staticmethod
    def _task_arguments(request, staged) -> dict:
        return {
            "token": staged.token,
            "user_id": request.user.pk,
            "language": translation.get_language(),
        }

    @staticmethod
    def _redirect_to(staged):
        return redirect(f"{reverse('directory_offer_import')}?{urlencode({'token': staged.token})}")


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


def explain_repaired_slug(request, instance):
    """The web address the editor's text would give was taken: say which one was saved."""
    taken = getattr(instance, "slug_taken", "")
    if taken:
        admin_messages.info(
            request,
            _("The web address “%(taken)s” is already used; this entry got “%(slug)s”.")
            % {"taken": taken, "slug": instance.slug},
        )


def warn_about_duplicates(request, instance):
    """Saving is never blocked (a second listing can be right); the editor is told."""
    if not isinstance(instance, Offer):
        return
    for duplicate in offer_duplicates(instance):
        reason = (
            _("same provider, similar name")
            if duplicate.reason == "provider"
            else _("same address, similar name")
        )
        admin_messages.warning(
            request,
            _("Possible duplicate: “%(name)s” (%(reason)s).")
            % {"name": duplicate.offer.name, "reason": reason},
            buttons=[
                admin_messages.button(
                    reverse("wagtailsnippets_directory_offer:edit", args=[duplicate.offer.pk]),
                    _("Open"),
                )
            ],
        )


class MunicipalSiteHistoryView(LogEntriesView):
    """Wagtail's site history, for municipal staff only. Wagtail limits it by content type,
    not by object, so a provider editor would read every provider's offer names and
    changes there; they keep the history of each of their own offers."""

    def dispatch(self, request, *args, **kwargs):
        if provider_scope(request.user) is not None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
