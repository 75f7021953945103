"""Template tags of the public site: language links, offer texts, the shortlist and
the offer card used by every list of offers."""

from django import template
from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from directory.shortlist import Shortlist
from directory.translation import offer_texts as translated_offer_texts
from search.query import SearchHit

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every UI language, keeping the query string (filters, search)."""
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
                "bidi": get_language_info(code)["bidi"],
            }
        )
    return links


@register.simple_tag
def offer_texts(offer):
    """The offer's texts in the current language, with German fallback marked."""
    return translated_offer_texts(offer, get_language())


@register.simple_tag(takes_context=True)
def shortlist_ids(context) -> set[int]:
    """Ids on this browser's shortlist (reading the session sets no cookie); the one
    place that answers "is this offer on the shortlist?"."""
    request = context.get("request")
    return set(Shortlist(request.session).ids) if request is not None else set()


@register.inclusion_tag("cms/includes/shortlist_button.html", takes_context=True)
def shortlist_button(context, offer, name):
    """Add or remove `offer` (a form of its own; `name` is read out with the button)."""
    on_list = offer.pk in shortlist_ids(context)
    return {"request": context.get("request"), "slug": offer.slug, "name": name, "on_list": on_list}


@register.inclusion_tag("cms/includes/offer_card.html", takes_context=True)
def offer_card(context, item, removable=False):
    """One line of a list of offers: an Offer (its texts in the reader's language) or a
    search result (a SearchHit, with its distance and the results page's shortlist
    buttons)."""
    if isinstance(item, SearchHit):
        card = {
            "url": reverse("offer_detail", args=[item.slug]),
            "name": item.name,
            "provider": item.provider,
            "district": item.district,
            "distance_km": item.distance_km,
            "summary": truncatewords(item.summary, 30),
            "hit": True,
        }
    else:
        texts = translated_offer_texts(item, get_language())
        location = next(iter(item.locations.all()), None)
        card = {
            "url": item.get_absolute_url(),
            "name": texts.name,
            "provider": item.provider.name,
            "district": location.district.name if location and location.district else "",
            "summary": texts.summary,
        }
    return {
        **card,
        "request": context.get("request"),
        "slug": item.slug,
        "removable": removable,
        "on_list": item.id in shortlist_ids(context),
    }


@register.simple_tag
def source_language_attrs():
    """`lang`/`dir` for editor-entered text (German) on a page in another language."""
    source = settings.LANGUAGE_CODE
    if get_language() == source:
        return ""
    return format_html(' lang="{}" dir="ltr"', source)
