"""Template tags of the public site: language links, offer texts, the shortlist, the
offer card used by every list of offers, and the text helpers for phones and
right-to-left pages (hyphenation, language marks, isolated left-to-right text)."""

import re
from functools import cache
from urllib.parse import quote

import pyphen
from django import template
from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.urls import reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext, ngettext

from directory.shortlist import Shortlist
from directory.translation import Text
from directory.translation import offer_texts as translated_offer_texts
from directory.translation import translated as translated_text
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


@register.simple_tag
def translated(obj, field: str) -> Text:
    """`obj.<field>` in the page's language, or the German text marked as a fallback:
    `{% translated page "intro" as intro %}<p{{ intro.lang_attrs }}>{{ intro }}</p>`."""
    return translated_text(obj, field, get_language())


@register.simple_tag
def page_title(page) -> str:
    """The page's title in the page's language: a translated title wins over the
    (German) SEO title; without a translation the SEO title or title is used."""
    title = translated_text(page, "title", get_language())
    if not title.fallback and get_language() != settings.LANGUAGE_CODE:
        return str(title)
    return page.seo_title or page.title


@register.simple_tag(takes_context=True)
def shortlist_ids(context) -> set[int]:
    """Ids on this browser's shortlist (reading the session sets no cookie); the one
    place that answers "is this offer on the shortlist?"."""
    request = context.get("request")
    return set(Shortlist.of(request).ids) if request is not None else set()


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
    source = settings.LANGUAGE_CODE
    if isinstance(item, SearchHit):
        # The results view put in translated names and districts and says which ones.
        card = {
            "url": reverse("offer_detail", args=[item.slug]),
            "name": Text(item.name, getattr(item, "name_language", source), fallback=False),
            "provider": item.provider,
            "district": item.district,
            "distance_km": item.distance_km,
            "summary": Text(
                truncatewords(item.summary, 30),
                getattr(item, "summary_language", source),
                fallback=False,
            ),
            "hit": True,
        }
    else:
        texts = translated_offer_texts(item, get_language())
        location = next(iter(item.locations.all()), None)
        district = location.district if location else None
        card = {
            "url": item.get_absolute_url(),
            "name": texts.name,
            "provider": item.provider.name,
            "district": translated_text(district, "name", get_language()) if district else "",
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
    return lang_attrs(settings.LANGUAGE_CODE)


@register.simple_tag
def lang_attrs(language: str):
    """`lang`/`dir` for a text in `language` when the page is in another one, so screen
    readers switch voice and German stays left to right inside an Arabic page."""
    if not language or language == get_language():
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


# Words shorter than this fit any line; hyphenating them would only add noise.
HYPHENATE_MIN_LENGTH = 10
SOFT_HYPHEN = "\u00ad"
RIGHT_TO_LEFT_MARK = "\u200f"


@cache
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    # Three letters at least after a break: "Bedarf" → "Be-darf", never "Beda-rf".
    return pyphen.Pyphen(lang=language, left=2, right=3) if language in pyphen.LANGUAGES else None


@register.filter(is_safe=True)
def hyphenate(value, language: str = "") -> str:
    """Soft hyphens from a real hyphenation dictionary, so long German compounds
    ("Unterstützungsbedarf") break at a syllable on a 320 px phone instead of running
    off the screen. The text's own language decides (German editor text on an Arabic
    page is hyphenated as German); the browser shows a hyphen only where it breaks.
    Without an argument a plain string is taken as German editor text; "current"
    means a UI label in the page's language."""
    if value is None or value == "":
        return ""
    if language == "current":  # a UI label, in the page's language
        language = get_language()
    language = language or getattr(value, "language", "") or settings.LANGUAGE_CODE
    text = conditional_escape(str(value))
    dictionary = _hyphenator(language)
    if dictionary is None:
        return text
    return mark_safe(
        _LONG_WORD.sub(lambda match: dictionary.inserted(match.group(), SOFT_HYPHEN), text)
    )


_LONG_WORD = re.compile(rf"\w{{{HYPHENATE_MIN_LENGTH},}}")


@register.simple_tag
def age_range(min_age: int | None, max_age: int | None) -> str:
    """An offer's ages as people say them: "unter 1 Jahr", "0–3 Jahre", "ab 16 Jahren",
    "6 Jahre". A missing lower bound is 0; the upper bound is the last age included."""
    if min_age is None and max_age is None:
        return ""
    if max_age is None:
        return ngettext("from %(min)s year", "from %(min)s years", min_age) % {"min": min_age}
    low = min_age or 0
    if max_age == 0:
        return gettext("under 1 year")
    if low == max_age:
        return ngettext("%(age)s year", "%(age)s years", max_age) % {"age": max_age}
    return ngettext("%(min)s–%(max)s year", "%(min)s–%(max)s years", max_age) % {
        "min": low,
        "max": max_age,
    }


@register.simple_tag
def route_links(location) -> list[dict]:
    """Links that open a route to the location in the family's own map app. Plain
    links: nothing is requested from a map service until the family taps one."""
    address = ", ".join(
        part for part in (location.street, f"{location.postcode} {location.city}".strip()) if part
    )
    if location.latitude is not None and location.longitude is not None:
        target = quote(f"{location.latitude:.6f},{location.longitude:.6f}")
        geo = f"geo:{target}?q={target}({quote(location.name or address)})"
        osm = f"https://www.openstreetmap.org/directions?route=%3B{target}"
    elif address:
        target = quote(address)
        geo = f"geo:0,0?q={target}"
        osm = f"https://www.openstreetmap.org/search?query={target}"
    else:
        return []
    return [
        # geo: opens the phone's own map app (Android asks which one, if several).
        {"label": gettext("Map app on this phone"), "url": geo},
        {"label": "OpenStreetMap", "url": osm},
        {
            "label": "Google Maps",
            "url": f"https://www.google.com/maps/dir/?api=1&destination={target}",
        },
        {"label": "Apple Maps", "url": f"https://maps.apple.com/?daddr={target}"},
    ]


@register.filter
def ltr(value) -> str:
    """Left-to-right text (an address, a time, a phone number, a URL) isolated from the
    text around it, so an Arabic line keeps "Marktplatz 59" and "08:30–12:00" intact.
    <bdi dir="ltr"> for browsers, and Unicode's embedding marks (LRE … PDF) inside it for
    the PDF renderer, which lays out text by the Unicode algorithm, not HTML's rules."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">\u202a{}\u202c</bdi>', value)


WORD_JOINER = "\u2060"
# Arabic separates the items of a list with its own comma (U+060C).
LIST_COMMAS = {"ar": "\u060c "}


@register.simple_tag
def list_comma() -> str:
    """The comma between the items of a list, in the page's language."""
    return LIST_COMMAS.get(get_language(), ", ")


@register.filter
def comma_list(items) -> str:
    """ "Kita, Krippe" — or with Arabic's comma on an Arabic page."""
    return list_comma().join(str(item) for item in items)


@register.simple_tag
def time_range(opens, closes) -> str:
    """ "08:30–12:00", isolated left to right (see `ltr`), never broken across lines: a
    line may break after a dash, and on a 320-pixel phone "15:00–" ended one line and
    "18:00" began the next (a word joiner after the dash forbids it)."""
    return ltr(f"{date_format(opens, 'H:i')}–{WORD_JOINER}{date_format(closes, 'H:i')}")


@register.simple_tag
def date_range(first, last=None) -> str:
    """ "24.12.2026–01.01.2027" or one date, in the language's short format, isolated."""
    text = date_format(first, "SHORT_DATE_FORMAT")
    if last and last != first:
        text = f"{text}–{date_format(last, 'SHORT_DATE_FORMAT')}"
    # Django's Arabic format puts right-to-left marks between day, month and year; inside
    # a left-to-right range they would turn "24/12/2026–01/01/2027" inside out.
    return ltr(text.replace(RIGHT_TO_LEFT_MARK, ""))


@register.simple_tag
def address_line(location) -> str:
    """ "Marktplatz 59, 52076 Aachen" as one left-to-right unit."""
    place = " ".join(part for part in (location.postcode, location.city) if part)
    return ltr(", ".join(part for part in (location.street, place) if part))
