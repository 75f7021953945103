"""Fictional demo and benchmark data for a German city of about 250,000 people.

The content lives in directory.json (German text, no real organisations); this module
turns it into offers. Everything is deterministic for a given seed.
"""

import datetime
import json
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    District,
    Language,
    LifeStage,
    Location,
    Offer,
    OfferTranslation,
    PositionSource,
    Provider,
    Sector,
    Topic,
)
from directory.services import named, offer_save, unique_slug

DATA_FILE = Path(__file__).with_name("directory.json")
DEMO_ID_PREFIX = "demo-"
# Roughly 1 km: offers scatter around a district's centre but stay inside it.
JITTER_DEGREES = 0.009


@cache
def demo_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _by_name(model, names: Iterable[str]) -> dict:
    """Topics/districts by name, created when missing."""
    return {name: named(model, name) for name in names}


def _providers() -> dict[str, Provider]:
    return {
        entry["key"]: named(
            Provider,
            entry["name"],
            website=entry["website"],
            email=entry["email"],
            phone=entry["phone"],
        )
        for entry in demo_data()["providers"]
    }


def _opening_hours(rng: random.Random) -> list[dict]:
    """Realistic weekly hours plus the Christmas closure most services have."""
    morning = rng.choice([("08:30", "12:00"), ("09:00", "12:30"), ("10:00", "13:00")])
    afternoon = rng.choice([("14:00", "17:00"), ("15:00", "18:00"), ("13:30", "16:00")])
    days = rng.sample(["mon", "tue", "wed", "thu", "fri"], k=rng.randint(2, 5))
    blocks = [
        {"type": "regular", "value": {"weekday": day, "opens": morning[0], "closes": morning[1]}}
        for day in sorted(days, key=["mon", "tue", "wed", "thu", "fri"].index)
    ]
    for day in rng.sample(days, k=min(2, len(days))):
        blocks.append(
            {
                "type": "regular",
                "value": {"weekday": day, "opens": afternoon[0], "closes": afternoon[1]},
            }
        )
    year = timezone.localdate().year
    blocks.append(
        {
            "type": "exception",
            "value": {
                "starts_on": f"{year}-12-24",
                "ends_on": f"{year + 1}-01-01",
                "closed": True,
                "opens": None,
                "closes": None,
                "note": "",
            },
        }
    )
    return blocks


def _location(rng: random.Random, district_entry: dict, district: District) -> Location:
    return Location(
        street=f"{rng.choice(district_entry['streets'])} {rng.randint(1, 120)}",
        postcode=district_entry["postcode"],
        city=demo_data()["city"],
        district=district,
        latitude=Decimal(
            str(round(district_entry["lat"] + rng.uniform(-1, 1) * JITTER_DEGREES, 6))
        ),
        longitude=Decimal(
            str(round(district_entry["lon"] + rng.uniform(-1, 1) * JITTER_DEGREES * 1.5, 6))
        ),
        # Coordinates that come with the data count as exact, like imported ones: new
        # addresses in the same postcode are placed at their centre without a geocoder.
        position_source=PositionSource.MANUAL,
        wheelchair_accessible=rng.choice([True, True, False, None]),
        opening_hours=_opening_hours(rng),
    )


class _Vocabulary:
    """Everything an offer of the demo data links to, looked up (or created) once."""

    def __init__(self):
        data = demo_data()
        self.districts = _by_name(District, [d["name"] for d in data["districts"]])
        for entry in data["districts"]:  # schematic outlines, for the maps
            district = self.districts[entry["name"]]
            if district.outline is None and entry.get("outline"):
                district.outline = entry["outline"]
                district.save(update_fields=["outline"])
        self.topics = _by_name(
            Topic, sorted({t for offer in data["offers"] for t in offer["topics"]})
        )
        self.providers = _providers()
        self.stages = {stage.code: stage for stage in LifeStage.objects.all()}
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}

    def offer_fields(self, entry: dict) -> dict:
        """The fields a demo template gives every offer made from it."""
        return {
            "provider": self.providers[entry["provider"]],
            "summary": entry["summary"],
            "description": entry["description"],
            "target_group": entry["target_group"],
            "eligibility": entry["eligibility"],
            "min_age": entry.get("min_age"),
            "max_age": entry.get("max_age"),
            "cost": entry["cost"],
            "access": entry["access"],
            "easy_read": entry.get("easy_read", ""),
        }


@contextmanager
def _references_indexed_once() -> Iterator[None]:
    """Wagtail re-reads an object's references (for "used by" in the admin) after every
    save, and making and publishing an offer saves it and its parts about five times. Here
    each object's update runs once, at the end, on its final state: the same index for a
    fifth of the work (a quarter of the demo's loading time)."""
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update
    from wagtail.tasks import update_reference_index_task

    saved: dict[tuple[type, object], None] = {}  # in order, without repeats

    def remember(sender, instance, raw=False, **kwargs):
        if sender in ReferenceIndex.tracked_models and not raw:
            saved[(sender, instance.pk)] = None

    post_save.connect(remember, weak=False, dispatch_uid="demo-references-once")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-references-once")
    for model, pk in saved:
        if model.objects.filter(pk=pk).exists():  # parts replaced on publishing are gone
            meta = model._meta
            update_reference_index_task.enqueue(meta.app_label, meta.model_name, str(pk))


def demo_load(*, seed: int = 2026, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Create the demo directory once; returns how many offers were created (0 if loaded)."""
    if Offer.objects.filter(external_id__startswith=DEMO_ID_PREFIX).exists():
        return 0
    rng = random.Random(seed)
    data = demo_data()
    vocabulary = _Vocabulary()
    today = timezone.localdate()

    plan = [
        (entry, district_entry)
        for entry in data["offers"]
        for district_entry in rng.sample(data["districts"], k=entry["districts"])
    ]
    with transaction.atomic(), _references_indexed_once():
        for entry, district_entry in progress(plan):
            district = vocabulary.districts[district_entry["name"]]
            name = (
                entry["name"]
                if entry["districts"] == 1
                else f"{entry['name']} {district_entry['name']}"
            )
            offer = Offer(
                name=name,
                slug=unique_slug(Offer, name),
                external_id=f"{DEMO_ID_PREFIX}{slugify(name)}",
                phone=f"0241 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                email=vocabulary.providers[entry["provider"]].email,
                website=vocabulary.providers[entry["provider"]].website,
                # Some offers are over a year old on purpose, so "stale" shows up in the admin.
                last_verified=today - datetime.timedelta(days=rng.randint(0, 540)),
                **vocabulary.offer_fields(entry),
            )
            offer.life_stages = [vocabulary.stages[code] for code in entry["life_stages"]]
            offer.sectors = [vocabulary.sectors[code] for code in entry["sectors"]]
            offer.topics = [vocabulary.topics[name] for name in entry["topics"]]
            offer.languages = [vocabulary.languages[code] for code in entry["languages"]]
            offer.locations = [_location(rng, district_entry, district)]
            suffix = "" if entry["districts"] == 1 else f" {district_entry['name']}"
            offer.translations = [
                OfferTranslation(language=language, **{**texts, "name": texts["name"] + suffix})
                for language, texts in entry.get("translations", {}).items()
            ]
            offer_save(offer=offer, publish=True)
    return len(plan)


def _synthetic_offers(*, count: int, seed: int) -> Iterator[tuple[Offer, list, list, list]]:
    rng = random.Random(seed)
    data = demo_data()
    vocabulary = _Vocabulary()
    now = timezone.now()
    for number in range(1, count + 1):
        entry = rng.choice(data["offers"])
        district_entry = rng.choice(data["districts"])
        # No running number in the name: real names repeat words, they do not count up,
        # and a number per offer would make the search vocabulary grow with N.
        name = f"{entry['name']} {district_entry['name']}"
        offer = Offer(
            name=name,
            slug=f"synthetic-{seed}-{number}",
            external_id=f"synthetic-{seed}-{number}",
            last_verified=now.date() - datetime.timedelta(days=rng.randint(0, 540)),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            **vocabulary.offer_fields(entry),
        )
        location = _location(rng, district_entry, vocabulary.districts[district_entry["name"]])
        links = [
            [vocabulary.stages[code] for code in entry["life_stages"]],
            [vocabulary.sectors[code] for code in entry["sectors"]],
            [vocabulary.topics[name] for name in entry["topics"]]
            + [vocabulary.languages[code] for code in entry["languages"]],
        ]
        yield offer, location, links


def offers_generate(
    *,
    count: int,
    seed: int,
    batch_size: int = 1000,
    progress: Callable[[Iterable], Iterable] = iter,
) -> int:
    """Bulk-create `count` published synthetic offers for benchmarks.

    Works in batches so memory stays flat in `count`; skips revisions, which a benchmark
    does not need. Re-running with the same seed replaces the same offers.
    """
    Offer.objects.filter(external_id__startswith=f"synthetic-{seed}-").delete()
    through = {
        name: Offer._meta.get_field(name).remote_field.through
        for name in ("life_stages", "sectors", "topics", "languages")
    }
    batch: list = []
    created = 0
    for item in progress(_synthetic_offers(count=count, seed=seed)):
        batch.append(item)
        if len(batch) == batch_size:
            created += _insert_batch(batch, through)
            batch = []
    if batch:
        created += _insert_batch(batch, through)
    return created


def _insert_batch(batch: list, through: dict) -> int:
    with transaction.atomic():
        offers = Offer.objects.bulk_create([offer for offer, _location, _links in batch])
        locations = []
        rows: dict[str, list] = {name: [] for name in through}
        for offer, location, (stages, sectors, extras) in batch:
            location.offer = offer
            locations.append(location)
            rows["life_stages"] += [
                through["life_stages"](offer=offer, lifestage=s) for s in stages
            ]
            rows["sectors"] += [through["sectors"](offer=offer, sector=s) for s in sectors]
            for item in extras:
                if isinstance(item, Topic):
                    rows["topics"].append(through["topics"](offer=offer, topic=item))
                else:
                    rows["languages"].append(through["languages"](offer=offer, language=item))
        Location.objects.bulk_create(locations)
        for name, model in through.items():
            model.objects.bulk_create(rows[name])
    return len(offers)
