"""The "report a problem" page of an offer."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from directory.models import Offer
from directory.roles import is_professional
from directory.selectors import offer_get_published
from directory.services.problem_reports import RateLimited, problem_report_create

from ..forms import ProblemReportForm


def problem_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The "report a problem" form of an offer, on a page of its own (so offer pages
    set no cookie; this form needs its CSRF one)."""
    try:
        offer = offer_get_published(slug=slug, professional=is_professional(request.user))
    except Offer.DoesNotExist as error:
        raise Http404 from error
    form = ProblemReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if not data["website"]:
                try:
                    problem_report_create(
                        offer=offer,
                        kind=data["kind"],
                        text=data["text"].strip(),
                        email=data["email"],
                        from_professional=is_professional(request.user),
                        client_address=request.META.get("REMOTE_ADDR", ""),
                    )
                except RateLimited:
                    form.add_error(
                        None,
                        _("Too many reports from your connection. Please try again in an hour."),
                    )
                    return render(
                        request,
                        "cms/problem_report.html",
                        {"offer": offer, "form": form},
                        status=429,
                    )
            return HttpResponseRedirect(f"{request.path}?gesendet=1", status=303)
        status = 400
    return render(
        request,
        "cms/problem_report.html",
        {"offer": offer, "form": form, "sent": request.GET.get("gesendet") == "1"},
        status=status,
    )
