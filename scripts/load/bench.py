"""Load and fault benchmark: gunicorn (2 workers) on the demo data, driven by locust.

    DATABASE_URL=sqlite:////tmp/load.sqlite3 ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python scripts/load/bench.py --prepare --write docs/load.md

Scenarios, each with 20 and 50 clients for --seconds: the engine healthy (Elasticsearch
at ELASTICSEARCH_URL, or the database engine without it), the engine closed (a refused
port) and the engine hung (a local TCP server that accepts and never answers). Before
each run one request is sent alone; with a hung engine it is the one that waits for the
timeout and opens the circuit breaker, and the table gives its time separately.
Then a fuzz run: --fuzz tampered requests each to /api/v1/search/ and /de/angebote/ on
both engines, counting server errors. Everything talks to 127.0.0.1 only and is
bounded in time and count.
"""

import argparse
import csv
import os
import random
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PYTHON = sys.executable
GOALS = "20 clients: p95 ≤ 300 ms · 50 clients: 0 errors · hung engine: p95 ≤ 500 ms"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HungNode:
    """Accepts connections on 127.0.0.1 and never answers."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.server.settimeout(0.2)
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def _accept(self):
        while not self.stopping.is_set():
            try:
                self.connections.append(self.server.accept()[0])
            except OSError:
                continue

    def close(self):
        self.stopping.set()
        for connection in self.connections:
            connection.close()
        self.server.close()


def site_env(engine_url: str | None) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="0")
    env.pop("ELASTICSEARCH_URL", None)
    env["SEARCH_INDEX_PREFIX"] = "loadbench"
    if engine_url:
        env.update(SEARCH_ENGINE="elasticsearch", ELASTICSEARCH_URL=engine_url)
    else:
        env["SEARCH_ENGINE"] = "database"
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def get(url: str, timeout: float = 60) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.monotonic() - started) * 1000


class Gunicorn:
    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "2", "--timeout", "30", "--log-level", "warning", "--preload"]
        command += ["--graceful-timeout", "5"]
        # The log goes to a file: a pipe nobody reads would block gunicorn once full.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=self.log)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                # Both workers load translations and templates on first use. Suggestions
                # come from the database only, so the search engine is not asked yet.
                for _ in range(4):
                    get(f"{self.url}/api/v1/suggest/?q=Be")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not start:\n{self.stop()[-3000:]}")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


@dataclass
class Row:
    scenario: str
    clients: int
    first_ms: float
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    worker_timeouts: int
    load: float  # the machine's 1-minute load average when the run began


def run_locust(url: str, clients: int, seconds: int, prefix: str) -> dict[str, str]:
    command = [
        PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url,
        "-u", str(clients), "-r", str(clients), "-t", f"{seconds}s", "--csv", prefix,
        "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as file:
        return next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")


def _number(text: str) -> float:
    return float("nan") if text == "N/A" else float(text)


def scenario(name, engine_url, clients, seconds, workdir) -> Row:
    server = Gunicorn(site_env(engine_url))
    load = os.getloadavg()[0]
    try:
        # The first request alone: with a hung engine it waits for the timeout once.
        _status, first_ms = get(f"{server.url}/de/angebote/?q=Beratung")
        stats = run_locust(server.url, clients, seconds, f"{workdir}/{name}-{clients}")
    finally:
        log = server.stop()
    return Row(
        name,
        clients,
        first_ms,
        int(stats["Request Count"]),
        int(stats["Failure Count"]),
        float(stats["Requests/s"]),
        _number(stats["50%"]),
        _number(stats["95%"]),
        _number(stats["99%"]),
        log.count("WORKER TIMEOUT"),
        load,
    )


# --- fuzzing -------------------------------------------------------------------------
PARAMETERS = [
    "q", "page", "page_size", "life_stage", "sector", "topic", "district", "language",
    "cost", "age", "accessible", "free", "open", "near", "radius_km", "sort", "view",
    "place", "postcode",
]  # fmt: skip


def tampered_value(rng: random.Random) -> str:
    kinds = [
        lambda: str(rng.choice([-1, 0, 1, 4001, 10**6, 2**63, -(2**31)])),
        lambda: rng.choice(["", " ", "NaN", "inf", "-inf", "1e309", "0x10", "١٢", "²"]),
        lambda: "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 40))),
        lambda: "".join(chr(rng.randint(0x80, 0x2FFF)) for _ in range(rng.randint(1, 20))),
        lambda: rng.choice(["50.77,6.08", "91,181", "-999,abc", ",", "50.7;6.0", "1e3,1e3"]),
        lambda: rng.choice(["\x00", "%00", "'; DROP TABLE x;--", "<script>", "{{7*7}}"]),
        lambda: "a" * rng.choice([101, 1000, 5000]),
        lambda: rng.choice(["relevance", "distance", "name", "map", "list", "mon-10", "sun"]),
    ]
    return rng.choice(kinds)()


def tampered_query(rng: random.Random) -> str:
    pairs = [(rng.choice(PARAMETERS), tampered_value(rng)) for _ in range(rng.randint(1, 6))]
    return urllib.parse.urlencode(pairs)


def fuzz(url: str, count: int, seed: int) -> dict[str, dict[int, int]]:
    rng = random.Random(seed)
    jobs = [
        (path, tampered_query(rng))
        for path in ("/api/v1/search/", "/de/angebote/")
        for _ in range(count)
    ]
    statuses: dict[str, dict[int, int]] = {}

    def one(job):
        path, query = job
        return path, get(f"{url}{path}?{query}")[0]

    with ThreadPoolExecutor(4) as pool:
        for path, status in tqdm(pool.map(one, jobs), total=len(jobs), desc="fuzz", leave=False):
            statuses.setdefault(path, {})
            statuses[path][status] = statuses[path].get(status, 0) + 1
    return statuses


# --- report --------------------------------------------------------------------------
def chart(rows: list[Row]) -> str:
    """p95 per run as horizontal bars, with the goals as lines."""
    width, bar, left = 720, 22, 190
    height = 40 + bar * len(rows) * 1.4
    top = max(600.0, *(row.p95 for row in rows))
    scale = (width - left - 80) / top  # room for the value after the longest bar
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        'font-family="sans-serif" font-size="12" role="img" '
        'aria-label="p95 latency per scenario">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for goal, label, anchor, dx in ((300, "300 ms", "end", -3), (500, "500 ms", "start", 3)):
        x = left + goal * scale
        parts.append(
            f'<line x1="{x:.0f}" y1="20" x2="{x:.0f}" y2="{height - 10:.0f}" '
            'stroke="#b00" stroke-dasharray="4 3"/>'
            f'<text x="{x + dx:.0f}" y="14" fill="#b00" text-anchor="{anchor}">{label}</text>'
        )
    for index, row in enumerate(rows):
        y = 28 + index * bar * 1.4
        colour = {"healthy": "#2a6", "closed": "#27a", "hung": "#a62"}[row.scenario]
        parts.append(
            f'<text x="{left - 8}" y="{y + 15:.0f}" text-anchor="end">'
            f"{row.scenario}, {row.clients} clients</text>"
            f'<rect x="{left}" y="{y:.0f}" width="{max(row.p95 * scale, 1):.0f}" '
            f'height="{bar}" fill="{colour}"/>'
            f'<text x="{left + row.p95 * scale + 4:.0f}" y="{y + 15:.0f}">{row.p95:.0f} ms</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def report(rows, fuzzed, args, engine_name) -> str:
    lines = [
        "# Load and faults",
        "",
        "Measured with `scripts/load/bench.py` (locust, gunicorn with 2 sync workers, demo",
        "data of `make run` on SQLite, everything on 127.0.0.1). Clients think 0.5–2 s",
        "between requests; the mix is results pages (one in five finds nothing and asks",
        "again per filter and for neighbouring districts), offer pages and the JSON API.",
        f"Each run lasts {args.seconds} s. *Healthy* is {engine_name}; *closed* is a refused",
        "port; *hung* is a local server that accepts connections and never answers",
        "(search timeout 2 s, breaker cool-down 30 s). *First request* is one request sent",
        "alone before the clients start: with a hung engine it is the one that waits for",
        "the timeout and opens the circuit breaker for all workers; the other columns are",
        "measured after it.",
        "",
        f"Goals: {GOALS}. The machine has {os.cpu_count()} cores; *load average* is its",
        "1-minute load when a run began (other work on the machine counts too).",
        "",
        "| engine | clients | first request ms | requests | errors | req/s | p50 ms | "
        "p95 ms | p99 ms | worker timeouts | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.scenario} | {row.clients} | {row.first_ms:.0f} | {row.requests} | "
            f"{row.failures} | {row.rps:.1f} | {row.p50:.0f} | {row.p95:.0f} | {row.p99:.0f} | "
            f"{row.worker_timeouts} | {row.load:.1f} |"
        )
    lines += ["", "![p95 per run](load-p95.svg)", ""]
    if fuzzed:
        lines += [
            "## Fuzzing",
            "",
            f"{args.fuzz} tampered requests per endpoint and engine (random parameters,",
            "numbers out of range, broken coordinates, control characters, long and",
            f"non-Latin text; seed {args.seed}). Status codes seen:",
            "",
            "| engine | endpoint | answers | server errors (5xx) |",
            "| --- | --- | --- | ---: |",
        ]
        for engine, by_path in fuzzed.items():
            for path, statuses in by_path.items():
                seen = ", ".join(f"{code} × {n}" for code, n in sorted(statuses.items()))
                errors = sum(n for code, n in statuses.items() if code >= 500)
                lines.append(f"| {engine} | `{path}` | {seen} | {errors} |")
        lines.append("")
    lines += [
        "Command:",
        "",
        "```sh",
        "DATABASE_URL=sqlite:////tmp/load.sqlite3 ELASTICSEARCH_URL=http://127.0.0.1:PORT \\",
        f"  .venv/bin/python scripts/load/bench.py --prepare --seconds {args.seconds} "
        f"--fuzz {args.fuzz} --write docs/load.md",
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 50])
    parser.add_argument(
        "--scenarios", nargs="+", choices=["healthy", "closed", "hung"], default=None
    )
    parser.add_argument("--fuzz", type=int, default=800, help="tampered requests per endpoint")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--prepare", action="store_true", help="migrate, demo data, index")
    parser.add_argument("--write", type=Path, help="write the report (Markdown) here")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to a throwaway database")
    elastic = os.environ.get("ELASTICSEARCH_URL")
    if args.prepare:
        manage("prepare_local_site", "--verbosity", "0", env=site_env(elastic))
        manage("createcachetable", env=site_env(elastic))
        manage("rebuild_search_index", env=site_env(elastic))
    refused = f"http://127.0.0.1:{free_port()}"
    hung = HungNode()
    scenarios = [("healthy", elastic), ("closed", refused), ("hung", hung.url)]
    if args.scenarios:
        scenarios = [(name, url) for name, url in scenarios if name in args.scenarios]
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, url in scenarios:
            for clients in args.clients:
                row = scenario(name, url, clients, args.seconds, workdir)
                print(row, flush=True)
                rows.append(row)
    hung.close()
    fuzzed = {}
    if args.fuzz:
        for engine, url in (("database", None), ("elasticsearch", elastic)):
            if engine == "elasticsearch" and not elastic:
                continue
            server = Gunicorn(site_env(url))
            try:
                fuzzed[engine] = fuzz(server.url, args.fuzz, args.seed)
            finally:
                server.stop()
            print(engine, fuzzed[engine], flush=True)
    text = report(rows, fuzzed, args, "Elasticsearch" if elastic else "the database engine")
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        args.write.with_name("load-p95.svg").write_text(chart(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
