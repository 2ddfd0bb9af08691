"""SolrCloud for real (issue #12): a cluster on the loopback from the Solr 9.10.1 jars of
config/solr (ZooKeeper 3.9.4 and two Solr nodes, config/stacklib/solrcloud.py, the code of
``SOLR_MODE=cloud make up``), our configset uploaded to ZooKeeper, a collection with one
shard and a replica on each node. The test site's CKAN indexes the demo catalogue into it
(``ckan search-index rebuild`` with the site's ini pointing at the collection), then the
node holding the shard leader is killed (SIGKILL: a lost machine). Search, facets and the
Indonesian analysis still answer, the surviving replica becomes leader, and a dataset
created while the node is down is indexed. The node comes back and recovers: its own
replica, queried alone (``distrib=false``), holds every document, the new one included.

The cluster has its own free ports and directories (var/solrcloud-<site>), is stopped and
removed at the end; the shared single-node Solr is not touched.
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import ckan.model as model
import pytest
from ckan.common import config
from ckan.lib.search.common import SolrSettings, make_connection
from ckan.plugins import toolkit as tk
from pkl_factories import SatuDataset
from pkl_live import free_port, set_option

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "config"))
from stacklib import solrcloud  # noqa: E402
from stacklib.base import CACHE, LOG, VAR  # noqa: E402

COLLECTION = "ckan"
SITE = {"ignore_auth": True}
# a dataset created while a node is down
DOWN_NAME = "jumlah-pengungsi-banjir-per-kecamatan-2025"
DOWN_TITLE = "Jumlah Pengungsi Banjir per Kecamatan Tahun 2025"
WISATAWAN = "jumlah-kunjungan-wisatawan-2019-2024"


def _site() -> str:
    return Path(config["__file__"]).stem  # test-2 for var/test-2.ini


def _launcher(out: Path) -> None:
    """The launcher compiled from config/solr/src into the cluster's own build dir, beside
    the jars of .cache/solr/lib (config/solr/build.sh's, made by `make test`'s set-up):
    the test runs the launcher of the working tree without rebuilding the .cache/solr that
    the running single-node Solr uses. javac runs once per version of the source and of
    the jars (a few CPU seconds): its classes are kept under .cache/solrcloud-launcher."""
    lib = CACHE / "solr" / "lib"
    assert any(lib.glob("solr-core-9.10.1.jar")), "Solr not built: run config/solr/build.sh"
    source = ROOT / "config" / "solr" / "src" / "SolrLauncher.java"
    key = hashlib.sha256(source.read_bytes() + "\0".join(
        sorted(p.name for p in lib.glob("*.jar"))).encode()).hexdigest()[:16]
    classes = CACHE / "solrcloud-launcher" / key
    if not (classes / "pekalongan" / "solr" / "SolrLauncher.class").exists():
        classes.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f"{key}-", dir=classes.parent))
        subprocess.run(["javac", "-nowarn", "-encoding", "UTF-8", "--release", "11",
                        "-cp", f"{lib}/*", "-d", str(building), str(source)],
                       check=True, timeout=180)
        try:
            building.rename(classes)  # whole or not at all (another slot may compile too)
        except OSError:
            shutil.rmtree(building, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "classes").symlink_to(classes)
    (out / "lib").symlink_to(lib)


# The JVMs of this short-lived cluster (ZooKeeper and the Solr nodes, also the node a test
# restarts) compile with C1 only, through the JVM's standard environment variable: about
# half the CPU seconds of a start (the C2 compiler threads warming up), the same Solr.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1"


@pytest.fixture(scope="module")
def cluster():
    """A fresh two-node cluster, started (ZooKeeper up, the Solr nodes on their way: the
    demo catalogue loads meanwhile); stopped and removed at the end."""
    site = _site()
    base = VAR / f"solrcloud-{site}"
    ports = {free_port() for _ in range(6)}
    zk_port, p1, p2 = sorted(ports)[:3]
    c = solrcloud.Cluster(name=f"solrcloud-{site}", base=base / "cluster", zk_port=zk_port,
                          ports=(p1, p2), logs=LOG / f"solrcloud-{site}", out=base / "out")
    solrcloud.stop_cluster(c)  # left over by an interrupted run
    shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(c.logs, ignore_errors=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JAVA_TOOL_OPTIONS",
                   " ".join(filter(None, (os.environ.get("JAVA_TOOL_OPTIONS"), JVM_OPTIONS))))
        try:
            _launcher(c.out)
            solrcloud.start_zookeeper(c)
            for i in range(len(c.ports)):
                solrcloud.spawn_node(c, i)
            yield c
        finally:
            solrcloud.stop_cluster(c)
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def cloud(cluster):
    """The cluster's nodes up and the collection ``ckan`` active on both."""
    for i in range(len(cluster.ports)):
        solrcloud.wait_node(cluster, i)
    solrcloud.ensure_collection(cluster, COLLECTION)
    return cluster


@pytest.fixture(scope="module")
def roles(cloud):
    """The node holding the shard leader (the one to kill) and the other one, which CKAN's
    solr_url names (in production: a load balancer over the nodes)."""
    leader = solrcloud.leader(cloud, COLLECTION)
    victim = cloud.node_index(leader["node_name"])
    return {"victim": victim, "survivor": 1 - victim}


@pytest.fixture(scope="module")
def cloud_url(cloud, roles) -> str:
    return f"{cloud.url(roles['survivor'])}/{COLLECTION}"


@pytest.fixture(scope="module")
def indexed(cluster, demo_site, cloud_url):
    """The demo catalogue of the test site indexed into the collection by CKAN's own CLI,
    then this process's CKAN pointed at the collection (restored afterwards)."""
    url = cloud_url
    test_ini = Path(config["__file__"])
    ini = test_ini.with_name(f"{test_ini.stem}-solrcloud.ini")
    ini.touch(mode=0o600)
    ini.write_text(set_option(test_ini.read_text(), "solr_url", url))
    try:
        res = subprocess.run([str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(ini),
                              "search-index", "rebuild"],
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
    finally:
        ini.unlink(missing_ok=True)
    assert res.returncode == 0, res.stderr[-2000:]

    saved = SolrSettings.get(), config.get("solr_url")
    SolrSettings.init(url)
    config["solr_url"] = url
    try:
        yield demo_site
    finally:
        model.Session.remove()
        if model.Package.get(DOWN_NAME) is not None:  # the demo stays intact for others;
            tk.get_action("dataset_purge")(SITE, {"id": DOWN_NAME})  # CKAN still on the cloud
        SolrSettings.init(*saved[0])
        config["solr_url"] = saved[1]


@pytest.fixture(autouse=True)
def ckan_on_the_cloud(indexed, cloud_url):
    """CKAN's pytest plugin restores the config before each test: solr_url again (read by
    search/solr_synonyms.py; CKAN's own searches use SolrSettings, set once above)."""
    config["solr_url"] = cloud_url


# --------------------------------------------------------------------------- helpers

def search(**params) -> dict:
    return tk.get_action("package_search")(
        SITE, {"include_private": True, "rows": 100, **params})


def names(**params) -> set[str]:
    return {d["name"] for d in search(fl="name", **params)["results"]}


def facet_counts(field: str) -> dict[str, int]:
    found = search(q="*:*", rows=0, **{"facet.field": [field], "facet.limit": -1})
    return {i["name"]: i["count"] for i in found["search_facets"][field]["items"]}


def expected_facets(datasets: list[dict]) -> tuple[dict, dict]:
    topik = collections.Counter(d["topik"] for d in datasets)
    orgs = collections.Counter(d["owner_org"] for d in datasets)
    return dict(topik), dict(orgs)


def replica_names(c, node: int) -> set[str]:
    """The dataset names held by ``node``'s own replica (no fan-out: distrib=false)."""
    core = next(r["core"] for r in solrcloud.replicas(c, COLLECTION, node)
                if r["node_name"] == c.node_name(node))
    query = urllib.parse.urlencode({"q": "*:*", "fl": "name", "rows": 1000,
                                    "distrib": "false", "wt": "json"})
    with urllib.request.urlopen(f"{c.url(node)}/{core}/select?{query}", timeout=30) as r:
        return {d["name"] for d in json.load(r)["response"]["docs"]}


def assert_search_answers(demo: dict, added: tuple[dict, ...] = ()) -> None:
    """Count, facets and the Indonesian analysis, through CKAN's package_search, over the
    demo catalogue and the datasets ``added`` since."""
    assert search(q="*:*", rows=0)["count"] == len(demo) + len(added)
    topik, orgs = expected_facets([*demo.values(), *added])
    got_topik, got_orgs = facet_counts("topik"), facet_counts("organization")
    assert {k: got_topik.get(k) for k in topik} == topik
    assert {k: got_orgs.get(k) for k in orgs} == orgs
    # the stemmer: "kependudukan" (ke-…-an) finds "Persentase Penduduk Miskin", a dataset
    # of topic "sosial" whose text never says "kependudukan"
    assert "persentase-penduduk-miskin-2019-2024" in names(q="kependudukan")
    # the glossary (lang/synonyms_id.txt): "dukcapil", a short name of the Dinas
    # Kependudukan dan Pencatatan Sipil written nowhere in the catalogue, finds its datasets
    dukcapil = {n for n, d in demo.items()
                if d["owner_org"] == "dinas-kependudukan-dan-pencatatan-sipil"}
    assert dukcapil and dukcapil <= names(q="dukcapil")


# --------------------------------------------------------------------------- tests

def test_the_collection_has_one_replica_per_node_and_serves_the_catalogue(cloud, indexed):
    reps = solrcloud.replicas(cloud, COLLECTION)
    assert len(reps) == 2 and {r["shard"] for r in reps} == {"shard1"}
    assert {r["node_name"] for r in reps} == {cloud.node_name(0), cloud.node_name(1)}
    assert all(r["state"] == "active" for r in reps)
    assert COLLECTION in solrcloud.configsets(cloud)
    assert_search_answers(indexed)
    make_connection().commit(waitSearcher=True)
    for node in (0, 1):  # both replicas hold every dataset
        assert replica_names(cloud, node) == set(indexed)


def test_the_walidatas_synonyms_reach_every_replica(indexed):
    """search/solr_synonyms.py on a collection: the managed map is stored in ZooKeeper and
    the collection reloaded (the Collections API: a collection's cores have other names)."""
    from ckanext.pekalongan.search import solr_synonyms

    assert not names(q="pelancong")  # written nowhere in the catalogue
    try:
        assert solr_synonyms.sync([("pelancong", "wisatawan")])["changed"]
        assert solr_synonyms.current_map()["pelancong"] == ["pelancong", "wisatawan"]
        deadline = time.time() + 30
        while time.time() < deadline and WISATAWAN not in names(q="pelancong"):
            time.sleep(1)
        for _ in range(6):  # then on every query, whichever replica answers it
            assert WISATAWAN in names(q="pelancong")
    finally:
        solr_synonyms.sync([])
    assert not names(q="pelancong")


def test_a_lost_node_loses_nothing(cloud, roles, indexed):
    victim, survivor = roles["victim"], roles["survivor"]
    solrcloud.kill_node(cloud, victim)

    # at once: reads are served by the surviving replica
    assert_search_answers(indexed)

    # within ZooKeeper's session timeout the node is declared dead and the surviving
    # replica becomes the shard leader; writes go on
    deadline = time.time() + 90
    while time.time() < deadline:
        lead = solrcloud.leader(cloud, COLLECTION, node=survivor)
        if lead and lead["node_name"] == cloud.node_name(survivor):
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no new leader: {solrcloud.replicas(cloud, COLLECTION, survivor)}")
    dead = [r for r in solrcloud.replicas(cloud, COLLECTION, survivor)
            if r["node_name"] == cloud.node_name(victim)]
    assert dead and not dead[0]["live"]

    added = {"name": DOWN_NAME, "title": DOWN_TITLE, "owner_org": "dinas-sosial",
             "topik": "sosial"}
    SatuDataset(**added)
    assert DOWN_NAME in names(q="pengungsi banjir")
    assert_search_answers(indexed, added=(added,))

    # the node returns: it recovers from the leader and its replica is active again
    solrcloud.spawn_node(cloud, victim)
    solrcloud.wait_node(cloud, victim)
    solrcloud.wait_active(cloud, COLLECTION, timeout=120, node=survivor)
    want = set(indexed) | {DOWN_NAME}
    deadline = time.time() + 60
    while replica_names(cloud, victim) != want and time.time() < deadline:
        time.sleep(1)
    assert replica_names(cloud, victim) == want
    assert replica_names(cloud, survivor) == want
    # and the cluster answers through the returned node too
    query = urllib.parse.urlencode({"q": "*:*", "rows": 0, "wt": "json"})
    with urllib.request.urlopen(f"{cloud.url(victim)}/{COLLECTION}/select?{query}") as r:
        assert json.load(r)["response"]["numFound"] == len(want)
