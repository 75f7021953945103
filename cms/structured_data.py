"""schema.org JSON-LD for offer pages, so search engines and assistants read them right."""

import json

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from directory.blocks import WEEKDAYS
from directory.models import Cost, Offer
from directory.translation import OfferTexts

# Escaped like Django's json_script, so no text can close the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

SCHEMA_DAYS = dict(
    zip(
        [code for code, _label in WEEKDAYS],
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)


def _place(location) -> dict:
    place = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.city,
            "addressCountry": "DE",
        },
    }
    if location.name:
        place["name"] = location.name
    if location.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[block.value['weekday']]}",
            "opens": block.value["opens"].strftime("%H:%M"),
            "closes": block.value["closes"].strftime("%H:%M"),
        }
        for block in location.opening_hours
        if block.block_type == "regular"
    ]
    if hours:
        place["openingHoursSpecification"] = hours
    if location.wheelchair_accessible is not None:
        place["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "wheelchair accessible",
            "value": location.wheelchair_accessible,
        }
    return place


def offer(request: HttpRequest, offer: Offer, texts: OfferTexts) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": str(texts.name),
        "description": str(texts.summary or texts.description),
        "url": request.build_absolute_uri(offer.get_absolute_url()),
        "provider": {"@type": "Organization", "name": offer.provider.name},
        "serviceType": ", ".join(sector.label for sector in offer.sectors.all()),
        "availableLanguage": [language.code for language in offer.languages.all()],
    }
    if offer.provider.website:
        data["provider"]["url"] = offer.provider.website
    audience = {"@type": "PeopleAudience"}
    if offer.min_age is not None:
        audience["suggestedMinAge"] = offer.min_age
    if offer.max_age is not None:
        audience["suggestedMaxAge"] = offer.max_age
    if texts.target_group:
        audience["audienceType"] = str(texts.target_group)
    data["audience"] = audience
    channel = {"@type": "ServiceChannel"}
    if offer.phone:
        channel["servicePhone"] = {"@type": "ContactPoint", "telephone": offer.phone}
    if offer.website:
        channel["serviceUrl"] = offer.website
    locations = list(offer.locations.all())
    if locations:
        channel["serviceLocation"] = [_place(location) for location in locations]
    data["availableChannel"] = channel
    if offer.cost == Cost.FREE:
        data["offers"] = {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}
    return data


def offer_json_ld(request: HttpRequest, offer_: Offer, texts: OfferTexts) -> SafeString:
    text = json.dumps(offer(request, offer_, texts), ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
