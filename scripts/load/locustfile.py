"""What families and professionals do, for the load benchmark (scripts/load/bench.py).

Each simulated client thinks 0.5–2 s between requests, like a person: results pages with
and without filters (some finding nothing, which costs the most searches), offer pages,
and the JSON API. Only the host given on the command line (127.0.0.1) is contacted.
"""

import random

from locust import HttpUser, between, task

TERMS = ["Beratung", "Hebamme", "Sprachkurs", "Kita", "Sport", "Stillcafe", "Familie", ""]
STAGES = ["pregnancy", "infant", "toddler", "school", "teen", "transition"]


class Visitor(HttpUser):
    wait_time = between(0.5, 2)
    slugs: list[str] = []

    def on_start(self):
        if not Visitor.slugs:
            answer = self.client.get("/api/v1/search/?page_size=50", name="/api/v1/search/")
            Visitor.slugs = [hit["slug"] for hit in answer.json()["results"]] or ["-"]

    @task(4)
    def results(self):
        params = {"q": random.choice(TERMS), "life_stage": random.choice(STAGES)}
        self.client.get("/de/angebote/", params=params, name="/de/angebote/")

    @task(1)
    def results_without_hits(self):
        params = {"q": "Quarkstrudel", "life_stage": "infant", "free": "1"}
        self.client.get("/de/angebote/", params=params, name="/de/angebote/ (empty)")

    @task(3)
    def offer(self):
        slug = random.choice(Visitor.slugs)
        self.client.get(f"/de/angebote/{slug}/", name="/de/angebote/<slug>/")

    @task(2)
    def api(self):
        params = {"q": random.choice(TERMS), "page_size": 20}
        self.client.get("/api/v1/search/", params=params, name="/api/v1/search/")
