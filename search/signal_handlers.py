"""Keep the search index in step with the directory. Handlers only hand off to
services after the transaction commits, so a rolled-back save never reaches the index."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from directory.models import (
    District,
    HarvestSource,
    Language,
    LifeStage,
    Offer,
    Provider,
    Sector,
    Topic,
)
from directory.selectors import offer_ids_published_using

from .models import GlossaryEntry, SynonymGroup
from .services import offers_reindex
from .vocabulary import glossary_cache, synonym_cache, taxonomy_label_cache


class _ReindexBatch:
    """The offers one transaction changed, reindexed together by one on-commit callback:
    publishing 169 offers in one transaction (the demo, an import, a bulk approval) is one
    reindex of 169 offers, not 169 reindexes of one (a fixed cost of ~70 ms each)."""

    def __init__(self):
        self.offer_ids: set[int] = set()
        self.done = False

    def reindex(self) -> None:
        self.done = True
        offers_reindex(offer_ids=sorted(self.offer_ids))


def _reindex_after_commit(offer_ids) -> None:
    ids = set(offer_ids)
    if not ids:
        return
    connection = transaction.get_connection()  # one per thread
    batch = connection.__dict__.get("search_reindex_batch")
    # A batch takes more ids only while its callback still waits for the commit: not once
    # it ran, nor when a rollback discarded it (those ids must not wait for a later commit).
    queued = (
        batch is not None
        and not batch.done
        and any(hook == batch.reindex for _s, hook, _r in connection.run_on_commit)
    )
    if not queued:
        batch = connection.__dict__["search_reindex_batch"] = _ReindexBatch()
        transaction.on_commit(batch.reindex)
    batch.offer_ids |= ids


def offer_changed(sender, instance, **kwargs):
    _reindex_after_commit([instance.pk])


def related_changed(sender, instance, **kwargs):
    # Providers, topics and districts appear in documents; renaming one updates its offers.
    # A harvested directory decides whether its offers are in the index at all.
    _reindex_after_commit(offer_ids_published_using(instance=instance))


def synonyms_changed(sender, instance, **kwargs):
    transaction.on_commit(synonym_cache.clear)
    transaction.on_commit(glossary_cache.clear)  # it holds the multi-word synonyms


def glossary_changed(sender, instance, **kwargs):
    transaction.on_commit(glossary_cache.clear)


def taxonomy_changed(sender, instance, **kwargs):
    taxonomy_label_cache.clear()  # facet labels; other processes within CACHE_SECONDS


def register() -> None:
    published.connect(offer_changed, sender=Offer, dispatch_uid="search-offer-published")
    unpublished.connect(offer_changed, sender=Offer, dispatch_uid="search-offer-unpublished")
    post_delete.connect(offer_changed, sender=Offer, dispatch_uid="search-offer-deleted")
    for model in (Provider, Topic, District, HarvestSource):
        post_save.connect(related_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid=f"search-syn-{signal}")
        signal.connect(glossary_changed, sender=GlossaryEntry, dispatch_uid=f"search-gl-{signal}")
        for model in (LifeStage, Sector, Topic, District, Language):
            signal.connect(
                taxonomy_changed, sender=model, dispatch_uid=f"search-label-{model}-{signal}"
            )
