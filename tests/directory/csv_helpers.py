import csv
import io

from directory.interchange.csv_format import COLUMNS

VALID_ROW = {
    "external_id": "SRC-1",
    "name": "Hebammensprechstunde Ost",
    "provider": "Hebammennetz e.V.",
    "description": "Offene Sprechstunde.\nOhne Termin.",
    "sectors": "health",
    "life_stages": "pregnancy;infant",
    "topics": "Stillberatung;Hebammenhilfe",
    "min_age": "",
    "max_age": "1",
    "cost": "free",
    "languages": "de;tr",
    "street": "Marktplatz 1",
    "postcode": "52062",
    "city": "Aachen",
    "district": "Mitte",
    "lat": "50.7753",
    "lon": "6.0839",
    "wheelchair_accessible": "yes",
    "phone": "0241 123456",
    "email": "info@hebammen.example",
    "website": "https://hebammen.example",
}


def csv_bytes(*rows: dict, columns=COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def row(**changes) -> dict:
    return {**VALID_ROW, **changes}
