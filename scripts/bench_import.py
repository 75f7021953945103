"""Memory and time of a large CSV import: prints rows, seconds and peak memory per phase.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python scripts/bench_import.py 100000

Generates a CSV with N synthetic rows (valid, distinct offers of 200 providers), then
runs the check (dry run) and the import (drafts) each in a fresh process, so the peak
resident memory (ru_maxrss) belongs to that phase alone. Use a throwaway database:
the import writes N offers. `--check-only` skips the writing phase.
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_csv(path: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from directory.csv_format import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for number in range(rows):
            writer.writerow(
                {
                    "external_id": f"BENCH-{number}",
                    "name": f"Offene Sprechstunde {number}",
                    "provider": f"Träger {number % 200}",
                    "description": "Beratung ohne Termin für Familien. " * 4,
                    "sectors": "health;social",
                    "life_stages": "pregnancy;infant",
                    "topics": f"Stillberatung;Thema {number % 50}",
                    "max_age": "3",
                    "cost": "free",
                    "languages": "de;tr",
                    "street": f"Marktplatz {number % 300}",
                    "postcode": "52062",
                    "city": "Aachen",
                    "district": f"Bezirk {number % 7}",
                    "lat": "50.7753",
                    "lon": "6.0839",
                    "wheelchair_accessible": "yes",
                    "phone": "0241 123456",
                    "email": "info@example.org",
                    "website": "https://example.org",
                }
            )


def run_phase(path: Path, dry_run: bool) -> None:
    """In this process: import, then print seconds and peak memory as one line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from directory.interchange.csv_import import offers_import_csv
    from directory.management.progress import progress_bar

    started = time.monotonic()
    with path.open("rb") as file:
        report = offers_import_csv(
            file=file, dry_run=dry_run, progress=progress_bar("rows checked / written")
        )
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = len(report.created) + len(report.updated) + len(report.unchanged)
    print(
        f"{'check (dry run)' if dry_run else 'import (drafts)'}\t{rows}\t"
        f"{len(report.errors)}\t{seconds:.1f}\t{peak_mb:.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("--phase", choices=["check", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.file, dry_run=args.phase == "check")
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "offers.csv"
        write_csv(path, args.rows)
        size_mb = path.stat().st_size / 2**20
        print(f"{args.rows} rows, {size_mb:.1f} MB CSV")
        print("phase\trows\terrors\tseconds\tpeak MB (ru_maxrss)")
        for phase in ["check"] + ([] if args.check_only else ["import"]):
            command = [sys.executable, __file__, "--phase", phase, "--file", str(path)]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
