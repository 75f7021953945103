"""One place for test data builders (factory_boy)."""

import datetime

import factory
from django.utils import timezone

from directory.models import District, LifeStage, Location, Offer, Provider, Sector, Topic
from directory.services import offer_save


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Träger {n} e.V.")
    slug = factory.Sequence(lambda n: f"traeger-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")


class OfferFactory(factory.django.DjangoModelFactory):
    """An offer row written straight to the database (no revision), published by default."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Angebot {n}")
    slug = factory.Sequence(lambda n: f"angebot-{n}")
    provider = factory.SubFactory(ProviderFactory)
    description = "Beratung für Familien."
    live = True
    last_verified = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    @factory.post_generation
    def life_stages(self, create, codes, **kwargs):
        if create:
            self.life_stages.set(LifeStage.objects.filter(code__in=codes or ["infant"]))

    @factory.post_generation
    def sectors(self, create, codes, **kwargs):
        if create:
            self.sectors.set(Sector.objects.filter(code__in=codes or ["health"]))

    @factory.post_generation
    def commit_relations(self, create, extracted, **kwargs):
        # Parental many-to-many relations live in memory until the cluster is saved.
        if create:
            self.save()


def draft_offer(**fields) -> Offer:
    """A new offer saved like an editor's first "Save draft": a row plus one revision."""
    offer = Offer(
        name=fields.pop("name", "Stillcafé Ost"),
        slug=fields.pop("slug", "stillcafe-ost"),
        provider=fields.pop("provider", None) or ProviderFactory(),
        description=fields.pop("description", "Offener Treff für stillende Mütter."),
        **fields,
    )
    offer.life_stages = list(LifeStage.objects.filter(code="infant"))
    offer.sectors = list(Sector.objects.filter(code="health"))
    offer.locations = [Location(street="Marktplatz 1", postcode="52062", city="Aachen")]
    return offer_save(offer=offer)
