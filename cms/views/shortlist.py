"""The shortlist (Merkliste) and what is made from it: the referral sheet as HTML or
PDF, and the read-only shared list behind a link with a QR code."""

import datetime
from functools import cache

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from directory.models import Offer
from directory.roles import is_professional
from directory.selectors import district_outlines, offer_get_published
from directory.services import sharing
from directory.shortlist import (
    Shortlist,
    ShortlistFull,
    shared_link_made,
    shared_link_maker_language,
)
from directory.translation import offer_texts

from .. import maps
from ..documents import PdfUnavailable, qr_svg, referral_pdf
from ..forms import ReferralSheetForm
from ..origin import same_origin_post


# The shortlist's forms carry no CSRF token, so public pages set no cookie before a
# family uses it. Django's token check is replaced by the Origin/Fetch-Metadata check of
# cms/origin.py: otherwise a form on another site could post here, and the new session
# cookie of the answer would replace a logged-in professional's session.
@csrf_exempt
@same_origin_post
@require_POST
def shortlist_change(request: HttpRequest) -> HttpResponse:
    shortlist = Shortlist.of(request)
    try:
        offer = offer_get_published(
            slug=request.POST.get("offer", ""), professional=is_professional(request.user)
        )
    except Offer.DoesNotExist as error:
        raise Http404 from error
    if request.POST.get("action") == "remove":
        shortlist.remove(offer)
    else:
        try:
            shortlist.add(offer)
        except ShortlistFull:
            offers = shortlist.offers(professional=is_professional(request.user))
            return render(
                request, "cms/shortlist.html", {"offers": offers, "full": True}, status=400
            )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("shortlist")
    return HttpResponseRedirect(back, status=303)  # "see other": a reload does not re-post


@cache_control(private=True, no_store=True)  # a family's list and note
def shortlist_page(request: HttpRequest) -> HttpResponse:
    professional = is_professional(request.user)
    offers = Shortlist.of(request).offers(professional=professional)
    form = ReferralSheetForm(initial={"language": get_language()})
    return render(
        request,
        "cms/shortlist.html",
        {"offers": offers, "sheet_form": form, "professional": professional},
    )


# The sheet lists closures and special hours this far ahead: a family reading it next
# week must not walk to a closed door.
SHEET_CLOSURES_AHEAD = datetime.timedelta(weeks=4)


def _sheet_items(offers: list[Offer], language: str) -> list[dict]:
    districts = cache(district_outlines)  # read once for all the sheet's maps
    today = timezone.localdate()
    return [
        {
            "offer": offer,
            "texts": offer_texts(offer, language),
            "map": maps.offer_map(offer, districts),
            "closures": [
                (location, exception)
                for location in offer.locations.all()
                for exception in location.hour_exceptions_between(
                    today, today + SHEET_CLOSURES_AHEAD
                )
            ],
        }
        for offer in offers
    ]


@cache_control(private=True, no_store=True)  # a family's list and note
def referral_sheet(request: HttpRequest) -> HttpResponse:
    """The shortlist as a handout for a family: print-ready HTML, a PDF or a share link,
    in the language chosen for the family. The note is not stored (except with a link)."""
    if request.method != "POST":
        return redirect("shortlist")
    form = ReferralSheetForm(request.POST)
    # Internal information only on a professional's explicit choice, never by default.
    internal = (
        form.is_valid()
        and form.cleaned_data["for_professionals"]
        and is_professional(request.user)
        and "share" not in request.POST
    )
    offers = Shortlist.of(request).offers(professional=internal)
    if not form.is_valid() or not offers:
        return render(
            request,
            "cms/shortlist.html",
            {"offers": offers, "sheet_form": form, "empty": not offers},
            status=400,
        )
    language, note = form.cleaned_data["language"], form.cleaned_data["note"].strip()
    if "share" in request.POST:
        shared = sharing.shared_list_create(offers=offers, note=note, language=language)
        shared_link_made(request.session, shared.token, translation.get_language())
        with translation.override(language):
            url = reverse("shared_list", kwargs={"token": shared.token})
        return HttpResponseRedirect(url, status=303)
    with translation.override(language):
        context = {
            "items": _sheet_items(offers, language),
            "note": note,
            "today": timezone.localdate(),
            "directory_url": request.build_absolute_uri(reverse("wagtail_serve", args=[""])),
            "language": language,
            "bidi": translation.get_language_bidi(),
            "internal": internal,
        }
        html = render_to_string("cms/referral_sheet.html", context, request=request)
    if "pdf" not in request.POST:
        return HttpResponse(html)
    try:
        pdf = referral_pdf(html, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable:
        return render(
            request,
            "cms/shortlist.html",
            {"offers": offers, "sheet_form": form, "pdf_unavailable": True},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="angebote-{timezone.localdate()}.pdf"'
    return response


@cache_control(private=True, no_store=True)  # a family's list and note
def shared_list(request: HttpRequest, token: str) -> HttpResponse:
    try:
        shared, offers = sharing.shared_list_get(token)
    except sharing.SharedList.DoesNotExist as error:
        raise Http404 from error
    except sharing.LinkGone:
        return render(request, "cms/shared_list_gone.html", status=410)
    url = request.build_absolute_uri()
    maker_language = shared_link_maker_language(request.session, token)
    context = {"shared": shared, "offers": offers}
    if maker_language:  # only who made the link is shown how to pass it on
        with translation.override(maker_language):
            context.update(
                url=url,
                qr_svg=qr_svg(url),
                maker_language=maker_language,
                maker_bidi=translation.get_language_bidi(),
                shortlist_url=reverse("shortlist"),
            )
    return render(request, "cms/shared_list.html", context)
