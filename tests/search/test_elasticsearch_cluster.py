"""Scale-out: a three-node cluster keeps answering and loses no update when a node stops.

Needs the cluster that `scripts/test.sh` starts (`elasticsearch.sh start-cluster`); its
nodes' URLs come in ELASTICSEARCH_CLUSTER_URL. Runs once, in the PostgreSQL pass.
"""

import os
import signal
import uuid

import pytest

from directory.models import Offer
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery
from tests.search.fixtures import create_search_directory

CLUSTER_URL = os.environ.get("ELASTICSEARCH_CLUSTER_URL", "")
pytestmark = [
    pytest.mark.elasticsearch_cluster,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not CLUSTER_URL,
        reason="No Elasticsearch cluster: scripts/test.sh starts one "
        "(or set ELASTICSEARCH_CLUSTER_URL to the nodes' URLs, comma-separated).",
    ),
]
ROUNDS = 30
STOP_AT = 8


def _primary_node(engine: ElasticsearchEngine) -> dict:
    """The node holding the primary copy of our index: stopping it is the hard case."""
    [index] = engine._indices_behind_alias()
    shards = engine.client.cat.shards(index=index, format="json", h="prirep,node")
    [name] = [shard["node"] for shard in shards if shard["prirep"] == "p"]
    nodes = engine.client.nodes.info(metric="process,http")["nodes"].values()
    return next(node for node in nodes if node["name"] == name)


def test_stopping_a_node_fails_no_search_and_loses_no_update():
    engine = ElasticsearchEngine(
        url=CLUSTER_URL, index_prefix=f"test-{uuid.uuid4().hex[:12]}", timeout=30
    )
    try:
        offers = [offer for offer in create_search_directory().values() if offer.live]
        engine.rebuild()
        engine.client.cluster.health(wait_for_status="green", timeout="60s")
        total = engine.search(SearchQuery()).count
        victim = _primary_node(engine)
        failed_searches, wrong_counts, renamed = [], [], {}

        for round_number in range(ROUNDS):
            if round_number == STOP_AT:
                os.kill(victim["process"]["id"], signal.SIGTERM)
            offer = offers[round_number % len(offers)]
            name = f"Umbenannt {round_number}"
            Offer.objects.filter(pk=offer.pk).update(name=name)
            try:
                engine.index_offers([offer.pk])
                renamed[offer.pk] = name
            except Exception as error:  # an update the cluster did not take is lost
                renamed[offer.pk] = f"lost: {error}"
            try:
                count = engine.search(SearchQuery()).count
            except Exception as error:
                failed_searches.append(str(error))
            else:
                if count != total:
                    wrong_counts.append(count)

        engine.client.indices.refresh(index=engine.alias)
        stored = {
            pk: engine.client.get(index=engine.alias, id=pk)["_source"]["name"] for pk in renamed
        }
        alive = engine.client.cat.nodes(format="json", h="name")
    finally:
        engine.drop()

    assert failed_searches == []
    assert wrong_counts == []
    assert stored == renamed  # every acknowledged update is there; none was refused
    assert victim["name"] not in {node["name"] for node in alive}  # it really was stopped
    assert len(alive) == len(CLUSTER_URL.split(",")) - 1


def test_the_index_has_a_replica_on_another_node():
    engine = ElasticsearchEngine(
        url=CLUSTER_URL, index_prefix=f"test-{uuid.uuid4().hex[:12]}", timeout=30
    )
    try:
        create_search_directory()
        engine.rebuild()
        engine.client.cluster.health(wait_for_status="green", timeout="60s")
        [index] = engine._indices_behind_alias()
        shards = engine.client.cat.shards(index=index, format="json", h="prirep,node,state")
    finally:
        engine.drop()
    assert sorted(shard["prirep"] for shard in shards) == ["p", "r"]
    assert len({shard["node"] for shard in shards}) == 2
