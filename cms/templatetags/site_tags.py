from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from directory.shortlist import Shortlist
from directory.translation import offer_texts as translated_offer_texts

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
    """Ids on this browser's shortlist (reading the session sets no cookie)."""
    request = context.get("request")
    return set(Shortlist(request.session).ids) if request is not None else set()


@register.simple_tag
def source_language_attrs():
    """`lang`/`dir` for editor-entered text (German) on a page in another language."""
    source = settings.LANGUAGE_CODE
    if get_language() == source:
        return ""
    return format_html(' lang="{}" dir="ltr"', source)
