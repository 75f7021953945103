"""Harvesting another directory's HSDS 3.0 API into read-only offers.

A harvest reads every page of the source's `/services?full=true`, checks each record
against the official schema and our limits (bad ones are reported and skipped), and
keeps one offer per source service: created, updated when the record changed,
unchanged otherwise, withdrawn (unpublished) when the service left the source. Only
offers of that source are ever touched; nothing of ours is overwritten. A source that
is gone (404/410) or no longer harvested withdraws all its offers; one that is merely
unreachable changes nothing.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import HarvestSource, Offer
from ..services import offer_save
from .hsds_import import offer_from_record, record_problems

PER_PAGE = 100
MAX_PAGES = 1000
MAX_PAGE_BYTES = 50 * 2**20
TIMEOUT_SECONDS = 30
MAX_ID_LENGTH = 80  # external_id holds "harvest:<source>:<id>" in 100 characters
USER_AGENT = "Praeventionskette-Harvester/1 (+HSDS 3.0)"


class SourceGone(Exception):
    """The source answers that its API is not there (404, 410)."""


class SourceUnreachable(Exception):
    """No usable answer this time (network, server error, not an HSDS page)."""


@dataclass
class HarvestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(withdrawn)s withdrawn, %(errors)s errors"
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "withdrawn": len(self.withdrawn),
            "errors": len(self.errors),
        }


def _get_json(url: str) -> dict:
    request = Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
    except HTTPError as error:
        if error.code in (404, 410):
            raise SourceGone(f"HTTP {error.code}") from error
        raise SourceUnreachable(f"HTTP {error.code}") from error
    except (URLError, OSError) as error:
        raise SourceUnreachable(str(getattr(error, "reason", error))) from error
    if len(body) > MAX_PAGE_BYTES:
        raise SourceUnreachable(_("A page is larger than 50 MB."))
    try:
        data = json.loads(body)
    except ValueError as error:
        raise SourceUnreachable(_("The answer is not JSON.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
        raise SourceUnreachable(_("The answer is not an HSDS page (no “contents”)."))
    return data


def _page_url(api_url: str, page: int) -> str:
    query = urlencode({"full": "true", "per_page": PER_PAGE, "page": page})
    return f"{api_url.rstrip('/')}/services?{query}"


def source_records(api_url: str, *, progress: Callable[[Iterable], Iterable] = iter) -> list:
    """Every service record of the source, page by page (raises SourceGone or
    SourceUnreachable; never returns part of a listing)."""
    first = _get_json(_page_url(api_url, 1))
    pages = first.get("total_pages")
    pages = min(pages, MAX_PAGES) if isinstance(pages, int) and pages > 0 else 1
    records = list(first["contents"])
    for page in progress(range(2, pages + 1)):
        records.extend(_get_json(_page_url(api_url, page))["contents"])
    return records


def _fingerprint(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _external_id(source: HarvestSource, record_id: str) -> str:
    return f"harvest:{source.pk}:{record_id}"


def _withdraw(offers: Iterable[Offer], report: HarvestReport) -> None:
    for offer in offers:
        offer.unpublish()
        report.withdrawn.append(offer.name)


def harvest_source_withdraw(*, source: HarvestSource) -> HarvestReport:
    """Unpublish every offer of a source that is gone or no longer harvested."""
    report = HarvestReport()
    _withdraw(source.offers.filter(live=True), report)
    _remember(source, report)
    return report


def _remember(source: HarvestSource, report: HarvestReport) -> None:
    source.last_harvested_at = timezone.now()
    source.last_report = "\n".join([report.summary(), *report.errors])
    source.save(update_fields=["last_harvested_at", "last_report"])


def harvest_source_run(
    *, source: HarvestSource, progress: Callable[[Iterable], Iterable] = iter
) -> HarvestReport:
    """Bring the offers of one source up to date with its HSDS API."""
    report = HarvestReport()
    if not source.active:
        return harvest_source_withdraw(source=source)
    try:
        records = source_records(source.api_url, progress=progress)
    except SourceGone as error:
        report = harvest_source_withdraw(source=source)
        report.errors.append(_("The source is gone (%(reason)s).") % {"reason": error})
        _remember(source, report)
        return report
    except SourceUnreachable as error:
        report.errors.append(
            _("The source could not be read; nothing changed: %(reason)s") % {"reason": error}
        )
        _remember(source, report)
        return report
    existing = {offer.external_id: offer for offer in source.offers.all()}
    seen: set[str] = set()
    for number, record in enumerate(progress(records), start=1):
        if not isinstance(record, dict):
            report.errors.append(_("Record %(record)s is not an object.") % {"record": number})
            continue
        problems = record_problems(number, record)
        record_id = str(record.get("id", ""))
        if not problems and len(record_id) > MAX_ID_LENGTH:
            problems = [_("Record %(record)s: the id is too long.") % {"record": number}]
        if problems:
            report.errors.extend(str(problem) for problem in problems)
            continue
        external_id = _external_id(source, record_id)
        seen.add(external_id)
        offer = existing.get(external_id)
        fingerprint = _fingerprint(record)
        if offer is not None and offer.live and offer.harvest_fingerprint == fingerprint:
            report.unchanged.append(offer.name)
            continue
        try:
            with transaction.atomic():
                _store(source, record, offer, external_id, fingerprint)
        except ValidationError as error:
            report.errors.append(
                _("Record %(record)s: %(error)s")
                % {"record": number, "error": "; ".join(error.messages)}
            )
            continue
        (report.updated if offer is not None else report.created).append(record["name"])
    _withdraw(
        (o for external_id, o in existing.items() if o.live and external_id not in seen), report
    )
    _remember(source, report)
    return report


def _store(
    source: HarvestSource, record: dict, existing: Offer | None, external_id: str, fingerprint: str
) -> Offer:
    offer = offer_from_record(record, existing, adopt_vocabulary=False)
    offer.external_id = external_id
    offer.harvest_source = source
    offer.source_url = f"{source.api_url.rstrip('/')}/services/{record['id']}"[:200]
    offer.harvest_fingerprint = fingerprint
    return offer_save(offer=offer, publish=True)


def harvest_source_for_url(*, api_url: str, name: str = "") -> HarvestSource:
    """The harvested directory with this API address, registered if new."""
    source = HarvestSource.objects.filter(api_url=api_url).first()
    if source is None:
        source = HarvestSource(api_url=api_url, name=name or api_url)
        source.full_clean()
        source.save()
    return source
