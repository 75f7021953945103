import math
from dataclasses import replace

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from directory import freshness, sharing
from directory.access import is_professional
from directory.models import Offer, ProblemReport, Provider
from directory.problem_reports import problem_report_create
from directory.rate_limits import RateLimited, rate_limit_count
from directory.selectors import (
    district_neighbours,
    district_outlines,
    life_stage_neighbours,
    offer_get_any,
    offer_get_published,
    offer_list_related,
    provider_get_with_offers,
)
from directory.shortlist import Shortlist, ShortlistFull
from directory.translation import offer_texts, translated_names
from search.forms import search_query_lenient
from search.insights import search_record
from search.query import MAX_PAGE_SIZE, SearchQuery, Sort
from search.services import offer_search

from . import maps, results, structured_data
from .documents import PdfUnavailable, qr_svg, referral_pdf
from .origin import same_origin_post


def _query(params: QueryDict, places: results.Places, *, professional: bool = False):
    """The search a results URL asks for, with what was ignored (parameter → messages)."""
    resolved, place, place_errors = results.resolve_place(params, places)
    query, ignored = search_query_lenient(resolved)
    query = replace(query, include_professional=professional)
    if place_errors:
        ignored["place"] = place_errors
    if params.get("view") == "map":  # the map shows as many results as a page can hold
        query = replace(query, page_size=MAX_PAGE_SIZE)
    return query.within_result_window(), place, ignored


def offer_list(request: HttpRequest) -> HttpResponse:
    """Search results with filters. Works without JavaScript; invalid filters are ignored
    with a message, never an error page."""
    places = results.places()
    professional = is_professional(request.user)
    query, place, ignored = _query(request.GET, places, professional=professional)
    response = offer_search(query=query)
    if query.page == 1 and not request.headers.get("HX-History-Restore-Request"):
        search_record(query, result_count=response.count)  # weekly counts, nothing personal
    pages = max(1, math.ceil(response.count / query.page_size))
    if query.page > pages:  # an old link past the last page shows the last page
        query = replace(query, page=pages)
        response = offer_search(query=query)
    names = translated_names([hit.id for hit in response.results], get_language())
    shortlist = Shortlist(request.session)
    for hit in response.results:
        for field, value in names.get(hit.id, {}).items():
            setattr(hit, field, value)
        hit.shortlisted = hit.id in shortlist
    chips = results.chips(request.GET, query, response, place)
    map_view = request.GET.get("view") == "map"
    sort_options = [Sort.RELEVANCE] if query.text else []
    if query.near is not None:
        sort_options.append(Sort.DISTANCE)
    sort_options.append(Sort.NAME)
    context = {
        "query": query,
        "response": response,
        "ignored": ignored,
        "filter_groups": results.filter_groups(response, query),
        "chips": chips,
        "sort_options": sort_options,
        "pages": pages,
        "previous_url": results.page_link(request.GET, query.page - 1) if query.page > 1 else None,
        "next_url": results.page_link(request.GET, query.page + 1) if query.page < pages else None,
        "widen": _widen_suggestions(chips, places, professional) if not response.count else [],
        "nearby": _nearby_suggestions(request.GET, query, places, professional)
        if not response.count
        else [],
        "places": places,
        "place": place,
        "open_options": results.open_options(),
        "open_value": request.GET.get("open", "") if query.open_at else "",
        "map_view": map_view,
        "list_url": results.link(request.GET, view=None),
        "map_url": results.link(request.GET, view="map"),
    }
    if map_view:
        context.update(_results_map(response))
    template = "directory/offer_list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template = "directory/includes/results_region.html"  # htmx swaps only this part
    return render(request, template, context)


def _results_map(response) -> dict:
    districts = district_outlines()
    markers = [
        maps.Marker(point.lat, point.lon, hit.name, results.offer_url(hit.slug))
        for hit in response.results
        for point in hit.points[:1]
    ]
    return {
        "static_map": maps.static_map(districts, markers),
        "map_data": _map_data(districts, markers),
    }


def _map_data(districts, markers: list[maps.Marker]) -> dict:
    """What the interactive map draws: the same districts and markers, plus tile settings."""
    return {
        "districts": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"name": d.name}, "geometry": d.outline}
                for d in districts
            ],
        },
        "markers": [{"lat": m.lat, "lon": m.lon, "label": m.label, "url": m.url} for m in markers],
        "tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    }


def _widen_suggestions(
    chips: list[results.Chip], places: results.Places, professional: bool
) -> list[dict]:
    """For an empty result: each active filter, with how many offers there are without it."""
    suggestions = []
    for chip in chips:
        params = QueryDict(chip.remove_url.lstrip("?"))
        relaxed, _place, _ignored = _query(params, places, professional=professional)
        count = offer_search(query=relaxed).count
        if count:
            suggestions.append({"chip": chip, "count": count})
    return suggestions


def _nearby_suggestions(
    params: QueryDict, query: SearchQuery, places: results.Places, professional: bool
) -> list[dict]:
    """For an empty result: the same search in neighbouring districts and life stages."""
    options = [
        (district.name, results.link(params, district=district.slug))
        for district in district_neighbours(list(query.districts))
    ] + [
        (stage.label, results.link(params, life_stage=stage.code))
        for stage in life_stage_neighbours(list(query.life_stages))
    ]
    suggestions = []
    for label, url in options:
        relaxed = _query(QueryDict(url.lstrip("?")), places, professional=professional)[0]
        count = offer_search(query=relaxed).count
        if count:
            suggestions.append({"label": label, "url": url, "count": count})
    return suggestions


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        offer = offer_get_published(slug=slug, professional=is_professional(request.user))
    except Offer.DoesNotExist as error:
        raise Http404 from error
    return render(request, "directory/offer_detail.html", offer_page_context(request, offer))


def offer_page_context(request: HttpRequest, offer: Offer) -> dict:
    """What the offer page shows; also used by the admin preview, which shows the same."""
    locations = list(offer.locations.all())
    markers = [
        maps.Marker(float(loc.latitude), float(loc.longitude), str(loc))
        for loc in locations
        if loc.latitude is not None
    ]
    highlight = {loc.district_id for loc in locations if loc.district_id}
    texts = offer_texts(offer, get_language())
    professional = is_professional(request.user)
    related = offer_list_related(offer, professional=professional) if offer.live else []
    return {
        "offer": offer,
        "texts": texts,
        "static_map": maps.static_map(
            district_outlines(), markers, highlight=highlight, focus_markers=True
        )
        if markers
        else None,
        "related": related,
        "on_shortlist": offer.pk in Shortlist(request.session),
        "professional": professional,
        "json_ld": structured_data.offer_json_ld(request, offer, texts),
    }


def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        provider, offers = provider_get_with_offers(
            slug=slug, professional=is_professional(request.user)
        )
    except Provider.DoesNotExist as error:
        raise Http404 from error
    if not offers:  # a provider without published offers has no public page
        raise Http404
    return render(
        request, "directory/provider_detail.html", {"provider": provider, "offers": offers}
    )


class FreshnessAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("What has changed?"),
        required=False,
        max_length=freshness.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def freshness_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind a reminder's signed link: confirm the listing or report changes."""
    try:
        reminder = freshness.reminder_from_token(token)
    except freshness.LinkExpired:
        return render(request, "directory/freshness_link.html", {"expired": True}, status=410)
    except freshness.LinkInvalid:
        return render(request, "directory/freshness_link.html", {"expired": False}, status=404)
    form = FreshnessAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST" and not reminder.answered_at:
        if "confirm" in request.POST:
            freshness.reminder_confirm(reminder)
        elif form.is_valid() and form.cleaned_data["message"].strip():
            freshness.reminder_report_changes(reminder, form.cleaned_data["message"].strip())
        else:
            if form.is_valid():
                form.add_error("message", _("Please describe what has changed."))
            status = 400
        if status == 200:  # answered: show the thanks, safe against a second submit
            return redirect(request.path)
    offer = offer_get_any(pk=reminder.offer_id)
    return render(
        request,
        "directory/freshness_answer.html",
        {"reminder": reminder, "offer": offer, "form": form},
        status=status,
    )


# The shortlist's forms carry no CSRF token, so public pages set no cookie before a
# family uses it. Django's token check is replaced by the Origin/Fetch-Metadata check of
# cms/origin.py: otherwise a form on another site could post here, and the new session
# cookie of the answer would replace a logged-in professional's session.
@csrf_exempt
@same_origin_post
@require_POST
def shortlist_change(request: HttpRequest) -> HttpResponse:
    shortlist = Shortlist(request.session)
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
                request, "directory/shortlist.html", {"offers": offers, "full": True}, status=400
            )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("shortlist")
    return HttpResponseRedirect(back, status=303)  # "see other": a reload does not re-post


@cache_control(private=True, no_store=True)  # a family's list and note
def shortlist_page(request: HttpRequest) -> HttpResponse:
    professional = is_professional(request.user)
    offers = Shortlist(request.session).offers(professional=professional)
    form = ReferralSheetForm(initial={"language": get_language()})
    return render(
        request,
        "directory/shortlist.html",
        {"offers": offers, "sheet_form": form, "professional": professional},
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
                        "directory/problem_report.html",
                        {"offer": offer, "form": form},
                        status=429,
                    )
            return HttpResponseRedirect(f"{request.path}?gesendet=1", status=303)
        status = 400
    return render(
        request,
        "directory/problem_report.html",
        {"offer": offer, "form": form, "sent": request.GET.get("gesendet") == "1"},
        status=status,
    )


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


def _sheet_items(offers: list[Offer], language: str) -> list[dict]:
    districts = district_outlines()
    items = []
    for offer in offers:
        points = [
            maps.Marker(float(loc.latitude), float(loc.longitude), str(loc))
            for loc in offer.locations.all()
            if loc.latitude is not None
        ]
        highlight = {loc.district_id for loc in offer.locations.all() if loc.district_id}
        items.append(
            {
                "offer": offer,
                "texts": offer_texts(offer, language),
                "map": maps.static_map(districts, points, highlight=highlight, focus_markers=True)
                if points
                else None,
            }
        )
    return items


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
    offers = Shortlist(request.session).offers(professional=internal)
    if not form.is_valid() or not offers:
        return render(
            request,
            "directory/shortlist.html",
            {"offers": offers, "sheet_form": form, "empty": not offers},
            status=400,
        )
    language, note = form.cleaned_data["language"], form.cleaned_data["note"].strip()
    if "share" in request.POST:
        shared = sharing.shared_list_create(offers=offers, note=note, language=language)
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
        html = render_to_string("directory/referral_sheet.html", context, request=request)
    if "pdf" not in request.POST:
        return HttpResponse(html)
    try:
        pdf = referral_pdf(html, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable:
        return render(
            request,
            "directory/shortlist.html",
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
        return render(request, "directory/shared_list_gone.html", status=410)
    url = request.build_absolute_uri()
    return render(
        request,
        "directory/shared_list.html",
        {"shared": shared, "offers": offers, "url": url, "qr_svg": qr_svg(url)},
    )


def login_paused(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """What django-axes answers while a login name is locked out (admin and public)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, sending at most a few e-mails per address and per client an
    hour (counted in the shared cache), so nobody floods an inbox through us."""

    success_url = reverse_lazy("password_reset_done")
    limit_per_hour = 5

    def form_valid(self, form):
        try:
            for scope, client in (
                ("password-reset-client", self.request.META.get("REMOTE_ADDR", "")),
                ("password-reset-email", form.cleaned_data["email"].casefold()),
            ):
                rate_limit_count(scope, client, limit=self.limit_per_hour, window_seconds=3600)
        except RateLimited:
            form.add_error(
                "email", _("Too many requests for a new password. Please try again in an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
