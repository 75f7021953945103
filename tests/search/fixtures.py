"""A small, realistic directory for the search contract: every offer exists for a reason."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Language, LifeStage, Location, Offer, Sector
from tests.factories import DistrictFactory, ProviderFactory, TopicFactory

MITTE = (Decimal("50.775300"), Decimal("6.083900"))
BRAND = (Decimal("50.747600"), Decimal("6.165000"))
HAAREN = (Decimal("50.798300"), Decimal("6.130000"))
EILENDORF = (Decimal("50.779700"), Decimal("6.159700"))
LAURENSBERG = (Decimal("50.795000"), Decimal("6.060000"))
KORNELIMUENSTER = (Decimal("50.725000"), Decimal("6.180000"))


def _regular(weekday: str, opens: str, closes: str) -> dict:
    return {"type": "regular", "value": {"weekday": weekday, "opens": opens, "closes": closes}}


def closure_tuesday() -> datetime.date:
    """A Tuesday two to three weeks ahead: the Stillcafé is closed that day."""
    start = timezone.localdate() + datetime.timedelta(days=14)
    return start + datetime.timedelta(days=(1 - start.weekday()) % 7)


def opening_hours() -> dict[str, list[dict]]:
    return {
        "Stillcafé am Markt": [
            _regular("tue", "09:00", "12:00"),
            {
                "type": "exception",
                "value": {"starts_on": closure_tuesday().isoformat(), "closed": True},
            },
        ],
        "Ärztlicher Kinderschutz": [
            _regular(day, "08:00", "18:00") for day in ("mon", "tue", "wed", "thu", "fri")
        ],
        "Jugendberufsagentur": [
            _regular("tue", "14:00", "18:00"),
            _regular("thu", "09:00", "12:00"),
        ],
    }


OFFERS = [
    # name, summary, description, life stages, sectors, topics, district, point, ages,
    # cost, languages, wheelchair accessible
    (
        "Schwangerschaftsberatung Mitte",
        "Vertrauliche Beratung rund um Schwangerschaft und Geburt.",
        "Wir helfen bei Anträgen und in Konflikten.",
        ["pregnancy"],
        ["social", "health"],
        ["Finanzielle Hilfen"],
        "Mitte",
        MITTE,
        (None, None),
        "free",
        ["de", "ar"],
        True,
    ),
    (
        "Familienhebammen im Quartier",
        "Hausbesuche im ersten Lebensjahr.",
        "Beratung zu Pflege, Ernährung und Schlaf des Babys.",
        ["pregnancy", "infant"],
        ["health", "youth"],
        ["Frühe Hilfen"],
        "Brand",
        BRAND,
        (0, 1),
        "free",
        ["de", "tr"],
        False,
    ),
    (
        "Offene Beratung für Eltern",
        "Sprechstunde ohne Termin.",
        "Fragen zu Erziehung, Geld und Behörden.",
        ["infant", "preschool"],
        ["youth"],
        ["Erziehungsberatung"],
        "Haaren",
        HAAREN,
        (0, 6),
        "free",
        ["de"],
        True,
    ),
    (
        "Kita-Sprachförderung",
        "Spielerisch Deutsch lernen in kleinen Gruppen.",
        "Sprachfachkräfte besuchen die Kinder in der Einrichtung.",
        ["preschool"],
        ["education"],
        ["Sprachförderung"],
        "Eilendorf",
        EILENDORF,
        (3, 6),
        "reduced",
        ["de"],
        False,
    ),
    (
        "Hausaufgabenhilfe im Jugendtreff",
        "Unterstützung an vier Nachmittagen pro Woche.",
        "Lernbegleitungen helfen bei Aufgaben aus der Schule.",
        ["primary", "secondary"],
        ["education"],
        ["Lernen"],
        "Mitte",
        MITTE,
        (6, 16),
        "free",
        ["de", "ar"],
        True,
    ),
    (
        "Lernförderung Mathematik",
        "Mathe in kleinen Gruppen.",
        "Studierende erklären Bruchrechnung und Gleichungen.",
        ["secondary"],
        ["education"],
        ["Lernen"],
        "Laurensberg",
        LAURENSBERG,
        (10, 16),
        "paid",
        ["de", "en"],
        False,
    ),
    (
        "Jugendberufsagentur",
        "Berufswahl, Bewerbung und Ausbildung unter einem Dach.",
        "Wir unterstützen junge Menschen beim Übergang in den Beruf.",
        ["transition"],
        ["education", "social"],
        ["Ausbildung"],
        "Mitte",
        MITTE,
        (15, 25),
        "free",
        ["de", "tr", "ar"],
        True,
    ),
    (
        "Schuldnerberatung für junge Erwachsene",
        "Hilfe bei Handyverträgen und Mahnungen.",
        "Wir verhandeln mit Gläubigern.",
        ["transition"],
        ["social"],
        ["Finanzielle Hilfen"],
        "Brand",
        BRAND,
        (18, 27),
        "free",
        ["de"],
        False,
    ),
    (
        "Babyschwimmen",
        "Wassergewöhnung für die Kleinsten.",
        "Eltern und Babys im warmen Becken.",
        ["infant"],
        ["health"],
        ["Bewegung"],
        "Richterich",
        (Decimal("50.815000"), Decimal("6.060000")),
        (0, 2),
        "paid",
        ["de"],
        False,
    ),
    (
        "Kindertagesstätte Sonnenschein",
        "Betreuung von acht bis sechzehn Uhr.",
        "Plätze für Kinder ab einem Jahr.",
        ["infant", "preschool"],
        ["education", "youth"],
        ["Betreuung"],
        "Haaren",
        HAAREN,
        (1, 6),
        "reduced",
        ["de", "tr"],
        True,
    ),
    (
        "Stillcafé am Markt",
        "Treffpunkt für stillende Mütter.",
        "Eine Stillberaterin beantwortet Fragen.",
        ["infant"],
        ["health", "social"],
        ["Stillen"],
        "Kornelimünster/Walheim",
        KORNELIMUENSTER,
        (None, 1),
        "free",
        ["de"],
        True,
    ),
    (
        "Ärztlicher Kinderschutz",
        "Ärztinnen beraten bei Sorge um ein Kind.",
        "Vertraulich und sofort.",
        ["infant", "preschool", "primary", "secondary"],
        ["health", "youth"],
        ["Kinderschutz"],
        "Mitte",
        MITTE,
        (None, 18),
        "free",
        ["de", "en"],
        True,
    ),
]


def create_search_directory() -> dict[str, Offer]:
    """Published offers of OFFERS plus one draft that must never be found."""
    provider = ProviderFactory(name="Stadt Musterstadt")
    districts = {}
    topics = {}
    offers = {}
    hours = opening_hours()
    for (
        name,
        summary,
        description,
        stages,
        sectors,
        topic_names,
        district_name,
        point,
        (min_age, max_age),
        cost,
        languages,
        accessible,
    ) in OFFERS:
        if district_name not in districts:
            districts[district_name] = DistrictFactory(
                name=district_name, slug=district_name.lower().replace("ü", "ue").replace("/", "-")
            )
        offer = Offer.objects.create(
            name=name,
            slug=slugify(name)[:50],
            provider=provider,
            summary=summary,
            description=description,
            min_age=min_age,
            max_age=max_age,
            cost=cost,
            live=True,
        )
        offer.life_stages.set(LifeStage.objects.filter(code__in=stages))
        offer.sectors.set(Sector.objects.filter(code__in=sectors))
        offer.languages.set(Language.objects.filter(code__in=languages))
        for topic_name in topic_names:
            if topic_name not in topics:
                topics[topic_name] = TopicFactory(name=topic_name)
        offer.topics.set([topics[t] for t in topic_names])
        offer.save()
        Location.objects.create(
            offer=offer,
            street="Marktplatz 1",
            city="Aachen",
            district=districts[district_name],
            latitude=point[0],
            longitude=point[1],
            wheelchair_accessible=accessible,
            opening_hours=hours.get(name, []),
        )
        offers[name] = offer
    draft = Offer.objects.create(
        name="Entwurf: Geheime Beratung",
        slug="entwurf",
        provider=provider,
        description="Beratung, die noch niemand sehen darf.",
        live=False,
    )
    draft.life_stages.set(LifeStage.objects.filter(code="infant"))
    draft.sectors.set(Sector.objects.filter(code="social"))
    draft.save()
    offers[draft.name] = draft
    return offers
