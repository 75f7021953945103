"""CSV export of offers (docs/csv-format.md): the same columns the import reads."""

import csv
from collections.abc import Callable, Iterable
from typing import TextIO

from ..selectors import offer_list_with_record_relations
from ..services import offer_latest_content
from .csv_format import COLUMNS, offer_to_record
from .spreadsheet import safe_cell

CHUNK_SIZE = 500


def offers_export_csv(*, file: TextIO, progress: Callable[[Iterable], Iterable] = iter) -> int:
    """Write the offers' latest content as CSV; returns the number of rows."""
    writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    offers = offer_list_with_record_relations().order_by("external_id", "pk")
    for offer in progress(offers.iterator(chunk_size=CHUNK_SIZE)):
        record = offer_to_record(offer_latest_content(offer))
        writer.writerow({column: safe_cell(value) for column, value in record.items()})
        count += 1
    return count
