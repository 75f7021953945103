"""A local stand-in for a Nominatim server: answers /search in Nominatim's documented
JSON format (https://nominatim.org/release-docs/latest/api/Search/), on 127.0.0.1 only.

Known addresses are matched by street (case-insensitive); every request is recorded,
so tests can tell a cached answer from a new question.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


class NominatimStandIn:
    def __init__(self, places: dict[str, tuple[float, float]]):
        self.places = {street.lower(): position for street, position in places.items()}
        self.requests: list[dict[str, str]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                stand_in.requests.append(query)
                if url.path != "/search":
                    self.send_error(404)
                    return
                body = json.dumps(stand_in.answer(query)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, query: dict[str, str]) -> list[dict]:
        street = query.get("street", query.get("q", "")).lower()
        position = next((p for s, p in self.places.items() if street.startswith(s)), None)
        if position is None:
            return []
        lat, lon = position
        return [
            {
                "place_id": 1,
                "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
                "osm_type": "node",
                "osm_id": 1,
                "lat": f"{lat:.7f}",
                "lon": f"{lon:.7f}",
                "class": "place",
                "type": "house",
                "place_rank": 30,
                "importance": 0.1,
                "addresstype": "place",
                "name": "",
                "display_name": f"{query.get('street', '')}, {query.get('postalcode', '')}",
                "boundingbox": [
                    f"{lat - 0.0001:.7f}",
                    f"{lat + 0.0001:.7f}",
                    f"{lon - 0.0001:.7f}",
                    f"{lon + 0.0001:.7f}",
                ],
            }
        ]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nominatim(settings):
    """A running stand-in with one known address, configured as the site's geocoder."""
    from django.core.cache import cache

    cache.clear()
    with NominatimStandIn({"Adalbertsteinweg 100": (50.7712, 6.1109)}) as server:
        settings.GEOCODER_URL = server.url
        settings.GEOCODER_USER_AGENT = "praeventionskette-tests"
        yield server
    cache.clear()
