"""Reads of the directory, shared by views, commands and the API."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import District, LifeStage, Location, Offer, Provider, Topic


def _with_display_relations(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("provider").prefetch_related(
        "life_stages",
        "sectors",
        "topics",
        "languages",
        Prefetch("locations", queryset=Location.objects.select_related("district")),
    )


def offer_list_with_record_relations() -> QuerySet[Offer]:
    """All offers, drafts included, with what the CSV record of an offer reads."""
    return _with_display_relations(Offer.objects.all())


def offer_get_published(*, slug: str) -> Offer:
    """The live offer with this slug; raises Offer.DoesNotExist for drafts and unknowns."""
    return _with_display_relations(Offer.objects.published()).get(slug=slug)


def life_stage_list_with_counts() -> QuerySet[LifeStage]:
    """Life stages in chain order, each with its number of published offers."""
    return LifeStage.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__live=True), distinct=True)
    )


def offer_ids_published_using(*, instance: Provider | Topic | District) -> list[int]:
    """Published offers that show this provider, topic or district."""
    lookup = {Provider: "provider", Topic: "topics", District: "locations__district"}[
        type(instance)
    ]
    offers = Offer.objects.published().filter(**{lookup: instance})
    return list(offers.values_list("pk", flat=True).distinct())
