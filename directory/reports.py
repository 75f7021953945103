"""The prevention-chain gap report: published offers per life stage × sector.

The coordinator's main view of where the chain has holes, for the whole city or one
district, optionally only offers in a language or free of charge.
"""

import csv
from dataclasses import dataclass, field
from typing import TextIO

from django.db.models import Count

from .interchange.spreadsheet import safe_cell
from .models import Cost, District, Language, LifeStage, Offer, Sector

# A cell with fewer published offers than this is "thin"; none at all is "empty".
THIN_BELOW = 3


@dataclass(frozen=True)
class GapFilters:
    district: District | None = None
    language: Language | None = None
    free_only: bool = False

    def offers(self):
        offers = Offer.objects.published()
        if self.district is not None:
            offers = offers.filter(locations__district=self.district)
        if self.language is not None:
            offers = offers.filter(languages=self.language)
        if self.free_only:
            offers = offers.filter(cost=Cost.FREE)
        return offers


@dataclass
class GapCell:
    stage: LifeStage
    sector: Sector
    count: int
    level: str  # "empty", "thin" or "ok"
    shade: float  # 0 … 1, for the heat map


@dataclass
class GapRow:
    stage: LifeStage
    cells: list[GapCell]
    total: int


@dataclass
class GapReport:
    filters: GapFilters
    sectors: list[Sector]
    rows: list[GapRow] = field(default_factory=list)
    sector_totals: list[int] = field(default_factory=list)
    total: int = 0

    @property
    def empty_cells(self) -> int:
        return sum(cell.level == "empty" for row in self.rows for cell in row.cells)

    @property
    def thin_cells(self) -> int:
        return sum(cell.level == "thin" for row in self.rows for cell in row.cells)


def gap_report(filters: GapFilters) -> GapReport:
    offers = filters.offers()
    counts = {
        (row["life_stages__code"], row["sectors__code"]): row["n"]
        for row in offers.values("life_stages__code", "sectors__code").annotate(
            n=Count("pk", distinct=True)
        )
    }
    stages, sectors = list(LifeStage.objects.all()), list(Sector.objects.all())
    highest = max(counts.values(), default=0) or 1
    report = GapReport(filters=filters, sectors=sectors)
    for stage in stages:
        cells = []
        for sector in sectors:
            count = counts.get((stage.code, sector.code), 0)
            level = "empty" if count == 0 else "thin" if count < THIN_BELOW else "ok"
            cells.append(GapCell(stage, sector, count, level, count / highest))
        stage_total = offers.filter(life_stages=stage).distinct().count()
        report.rows.append(GapRow(stage, cells, stage_total))
    report.sector_totals = [offers.filter(sectors=s).distinct().count() for s in sectors]
    report.total = offers.distinct().count()
    return report


def gap_report_csv(report: GapReport, file: TextIO) -> None:
    """The matrix as CSV: one row per life stage, one column per sector."""
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(["Lebensphase", *(s.name for s in report.sectors), "Angebote gesamt"])
    for row in report.rows:
        writer.writerow([safe_cell(row.stage.name), *(cell.count for cell in row.cells), row.total])
    writer.writerow(["Gesamt", *report.sector_totals, report.total])
