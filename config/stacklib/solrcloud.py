"""SolrCloud on the loopback, from the same Solr 9.10.1 jars as the single node: one
ZooKeeper (the 3.9.4 server Solr 9.10.1 is built with, already among the jars of
config/solr/build.sh) and two or more Solr nodes (config/solr/run.sh with SOLR_ZK_HOST).
Our configset (config/solr/conf) is uploaded to ZooKeeper through the Configsets API and
each collection is created with one shard and one replica per node, so that any node can
go away and every document is still served by another.

Used by ``SOLR_MODE=cloud make up`` (:func:`start_local`: node 1 on SOLR_PORT, so every
site's ``solr_url``, ``http://127.0.0.1:8983/solr/<core>``, now names a collection) and by
tests/ops/test_solrcloud_failover.py (its own cluster on free ports). Standard library only.

Production: three ZooKeeper servers (an ensemble survives one loss), Solr nodes on separate
machines, CKAN's ``solr_url`` on a load balancer over the nodes (README "SolrCloud").
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from stacklib.base import (
    CACHE,
    ENV,
    HOST,
    LOG,
    ROOT,
    SOLR_PORT,
    VAR,
    StackError,
    port_open,
    running_pid,
    say,
    spawn,
    stop,
)

SOLR_DIR = ROOT / "config" / "solr"
CONF = SOLR_DIR / "conf"
NODE_XML = SOLR_DIR / "cloud" / "solr.xml"
ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"


@dataclass(frozen=True)
class Cluster:
    """Where a cluster lives: ``base``/zk (ZooKeeper's data), ``base``/node<i> (the Solr
    homes, the replicas' indexes), logs under ``logs``; processes named ``<name>-zk`` and
    ``<name>-node<i>`` (var/run/<name>-….pid, var/log/<name>-….log)."""

    name: str
    base: Path
    zk_port: int
    ports: tuple[int, ...]
    logs: Path
    out: Path = CACHE / "solr"           # config/solr/build.sh's output (jars, launcher)
    heap: str = "512m"                   # per Solr node
    zk_client_timeout_ms: int = 10_000   # a silent node is declared dead after this
    leader_vote_wait_ms: int = 20_000

    @property
    def zk_host(self) -> str:
        return f"{HOST}:{self.zk_port}"

    @property
    def zk_proc(self) -> str:
        return f"{self.name}-zk"

    def proc(self, i: int) -> str:
        return f"{self.name}-node{i + 1}"

    def url(self, i: int) -> str:
        return f"http://{HOST}:{self.ports[i]}/solr"

    def node_name(self, i: int) -> str:
        """The node's name in ZooKeeper's live_nodes and in the cluster state."""
        return f"{HOST}:{self.ports[i]}_solr"

    def node_index(self, node_name: str) -> int:
        return [self.node_name(i) for i in range(len(self.ports))].index(node_name)


def local_cluster() -> Cluster:
    """The cluster of ``SOLR_MODE=cloud make up``: node 1 on SOLR_PORT (8983), node 2 on
    SOLR_PORT2 (8984), ZooKeeper on SOLR_ZK_PORT (9983: Solr's convention, port + 1000)."""
    return Cluster(
        name="solrcloud",
        base=VAR / "solrcloud",
        zk_port=int(ENV("SOLR_ZK_PORT", str(SOLR_PORT + 1000))),
        ports=(SOLR_PORT, int(ENV("SOLR_PORT2", str(SOLR_PORT + 1)))),
        logs=LOG / "solrcloud",
    )


# --------------------------------------------------------------------------- HTTP

def _get(url: str, params: dict | None = None, timeout: float = 30) -> dict:
    """GET a Solr admin URL as JSON; errors become StackError with Solr's own message."""
    query = urllib.parse.urlencode({**(params or {}), "wt": "json"})
    return _open(urllib.request.Request(f"{url}?{query}"), timeout)


def _open(req: urllib.request.Request, timeout: float) -> dict:
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        body = e.read().decode(errors="replace")
        try:
            msg = json.loads(body).get("error", {}).get("msg") or body[:300]
        except ValueError:
            msg = body[:300]
        raise StackError(f"solrcloud: {req.full_url.split('?')[0]} answered HTTP {e.code}: "
                         f"{msg}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise StackError(f"solrcloud: {req.full_url.split('?')[0]}: {e}") from None


# --------------------------------------------------------------------------- processes

def zk_ready(c: Cluster) -> bool:
    """ZooKeeper answers its ``ruok`` four-letter command with ``imok``."""
    try:
        with socket.create_connection((HOST, c.zk_port), timeout=2) as s:
            s.sendall(b"ruok")
            return s.recv(16) == b"imok"
    except OSError:
        return False


def node_ready(c: Cluster, i: int) -> bool:
    """Solr's health check: in cloud mode, OK once the node is connected to ZooKeeper
    and listed in live_nodes."""
    try:
        with urllib.request.urlopen(f"{c.url(i)}/admin/info/health?wt=json", timeout=3) as r:
            return json.load(r).get("status") == "OK"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _wait(what: str, ready, timeout: float, proc: str, log: Path) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if ready():
            return
        if running_pid(proc) is None:
            raise StackError(f"solrcloud: {what} exited during start-up; see {log}")
        time.sleep(0.5)
    raise StackError(f"solrcloud: {what} did not become ready in {int(timeout)} s; see {log}")


def _check_port(what: str, port: int) -> None:
    if port_open(port):
        raise StackError(f"solrcloud: port {port} on {HOST} ({what}) is already in use")


def start_zookeeper(c: Cluster) -> None:
    if running_pid(c.zk_proc) and zk_ready(c):
        return
    stop(c.zk_proc)
    _check_port("ZooKeeper", c.zk_port)
    data = c.base / "zk"
    data.mkdir(parents=True, exist_ok=True)
    cfg = data / "zoo.cfg"
    cfg.write_text(
        "# written by config/stacklib/solrcloud.py: one ZooKeeper on the loopback\n"
        "tickTime=2000\n"
        f"dataDir={data / 'data'}\n"
        f"clientPort={c.zk_port}\n"
        f"clientPortAddress={HOST}\n"
        "maxClientCnxns=100\n"
        "admin.enableServer=false\n"
        "4lw.commands.whitelist=ruok,srvr,mntr\n"
        "autopurge.snapRetainCount=3\n"
        "autopurge.purgeInterval=1\n")
    (c.logs / "zk").mkdir(parents=True, exist_ok=True)
    spawn(c.zk_proc, [
        "java", "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={SOLR_DIR / 'log4j2.xml'}",
        f"-Dsolr.log.dir={c.logs / 'zk'}",
        "-Dzookeeper.admin.enableServer=false",
        "-cp", f"{c.out / 'lib'}/*", ZK_MAIN, str(cfg)])
    _wait("ZooKeeper", lambda: zk_ready(c), 60, c.zk_proc, LOG / f"{c.zk_proc}.log")


def spawn_node(c: Cluster, i: int) -> None:
    """Start Solr node ``i`` (not waiting); its home keeps the replicas it held."""
    if running_pid(c.proc(i)) and node_ready(c, i):
        return
    stop(c.proc(i))
    _check_port(f"Solr node {i + 1}", c.ports[i])
    home = c.base / f"node{i + 1}"
    home.mkdir(parents=True, exist_ok=True)
    xml = NODE_XML.read_bytes()
    if not (home / "solr.xml").exists() or (home / "solr.xml").read_bytes() != xml:
        (home / "solr.xml").write_bytes(xml)
    opts = (f"-Xms128m -Xmx{c.heap} -DzkClientTimeout={c.zk_client_timeout_ms} "
            f"-DleaderVoteWait={c.leader_vote_wait_ms}")
    env = dict(os.environ, SOLR_ZK_HOST=c.zk_host, SOLR_JAVA_OPTS=opts)
    spawn(c.proc(i), ["bash", str(SOLR_DIR / "run.sh"), str(c.out), str(home),
                      str(c.logs / f"node{i + 1}"), str(c.ports[i])], env=env)


def wait_node(c: Cluster, i: int, timeout: float = 180) -> None:
    _wait(f"Solr node {i + 1}", lambda: node_ready(c, i), timeout, c.proc(i),
          c.logs / f"node{i + 1}" / "solr.log")


def start(c: Cluster) -> None:
    """ZooKeeper, then every Solr node (started together, waited for together)."""
    start_zookeeper(c)
    for i in range(len(c.ports)):
        spawn_node(c, i)
    for i in range(len(c.ports)):
        wait_node(c, i)


def kill_node(c: Cluster, i: int) -> None:
    """SIGKILL node ``i`` (a lost machine: no clean shutdown, no goodbye to ZooKeeper)."""
    pid = running_pid(c.proc(i))
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        os.kill(pid, signal.SIGKILL)
    deadline = time.time() + 20
    while running_pid(c.proc(i)) and time.time() < deadline:
        time.sleep(0.1)


def stop_cluster(c: Cluster) -> None:
    """Stop the Solr nodes (cleanly: SIGTERM), then ZooKeeper. No-op when not running."""
    for i in range(len(c.ports)):
        stop(c.proc(i), timeout=40)
    stop(c.zk_proc)


def running(c: Cluster) -> bool:
    return any(running_pid(p) for p in (c.zk_proc, *(c.proc(i) for i in range(len(c.ports)))))


# --------------------------------------------------------------------------- collections

def configset_zip(conf: Path = CONF) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(f for f in conf.rglob("*") if f.is_file()):
            z.write(p, p.relative_to(conf).as_posix())
    return buf.getvalue()


def conf_hash(conf: Path = CONF) -> str:
    h = hashlib.sha256()
    for p in sorted(f for f in conf.rglob("*") if f.is_file()):
        h.update(str(p.relative_to(conf)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def upload_configset(c: Cluster, name: str, conf: Path = CONF) -> None:
    """Upload ``conf`` to ZooKeeper as configset ``name`` (Configsets API; replaces the
    files of the same names and keeps the others, e.g. Solr's managed synonym maps)."""
    query = urllib.parse.urlencode({"action": "UPLOAD", "name": name, "overwrite": "true",
                                    "wt": "json"})
    req = urllib.request.Request(f"{c.url(0)}/admin/configs?{query}", data=configset_zip(conf),
                                 headers={"Content-Type": "application/octet-stream"},
                                 method="POST")
    _open(req, 120)


def configsets(c: Cluster) -> list[str]:
    return _get(f"{c.url(0)}/admin/configs", {"action": "LIST"}).get("configSets", [])


def cluster_status(c: Cluster, node: int = 0) -> dict:
    """CLUSTERSTATUS as seen by ``node``: {"collections": {...}, "live_nodes": [...]}."""
    return _get(f"{c.url(node)}/admin/collections", {"action": "CLUSTERSTATUS"})["cluster"]


def replicas(c: Cluster, collection: str, node: int = 0) -> list[dict]:
    """The collection's replicas: core, node_name, state, leader (bool), live (bool)."""
    status = cluster_status(c, node)
    coll = status.get("collections", {}).get(collection)
    if coll is None:
        return []
    live = set(status.get("live_nodes", []))
    return [{"name": name, "core": r["core"], "node_name": r["node_name"],
             "state": r["state"], "leader": r.get("leader") == "true",
             "live": r["node_name"] in live, "shard": shard}
            for shard, s in coll["shards"].items() for name, r in s["replicas"].items()]


def leader(c: Cluster, collection: str, node: int = 0) -> dict | None:
    return next((r for r in replicas(c, collection, node) if r["leader"] and r["live"]), None)


def all_active(c: Cluster, collection: str, node: int = 0) -> bool:
    """Every replica active on a live node, one per node, and a leader."""
    try:
        reps = replicas(c, collection, node)
    except StackError:
        return False
    return (len(reps) == len(c.ports)
            and {r["node_name"] for r in reps} == {c.node_name(i) for i in range(len(c.ports))}
            and all(r["state"] == "active" and r["live"] for r in reps)
            and sum(r["leader"] for r in reps) == 1)


def wait_active(c: Cluster, collection: str, timeout: float = 120, node: int = 0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if all_active(c, collection, node):
            return
        time.sleep(0.5)
    raise StackError(f"solrcloud: collection {collection} not active on every node in "
                     f"{int(timeout)} s: {replicas(c, collection, node)}")


def create_collection(c: Cluster, name: str, configset: str | None = None) -> None:
    """One shard, one replica on every node (createNodeSet names them all)."""
    nodes = ",".join(c.node_name(i) for i in range(len(c.ports)))
    _get(f"{c.url(0)}/admin/collections", {
        "action": "CREATE", "name": name, "numShards": 1,
        "replicationFactor": len(c.ports), "collection.configName": configset or name,
        "createNodeSet": nodes, "waitForFinalState": "true"}, timeout=300)


def reload_collection(c: Cluster, name: str) -> None:
    _get(f"{c.url(0)}/admin/collections", {"action": "RELOAD", "name": name}, timeout=300)


def ensure_collection(c: Cluster, name: str, conf: Path = CONF) -> None:
    """Configset ``name`` uploaded (again when ``conf`` changed: then the collection is
    RELOADed, its index kept) and collection ``name`` created and active on every node.
    Each collection has its own configset: Solr keeps a collection's managed resources
    (the walidata synonyms) in it."""
    stamp = c.base / f"conf-{name}.sha256"
    want = conf_hash(conf)
    fresh = name not in configsets(c)
    if fresh or not stamp.exists() or stamp.read_text() != want:
        upload_configset(c, name, conf)
    if name not in cluster_status(c).get("collections", {}):
        say(f"creating the SolrCloud collection {name} (1 shard, {len(c.ports)} replicas)")
        create_collection(c, name)
    elif not fresh and stamp.exists() and stamp.read_text() != want:
        say(f"reloading the SolrCloud collection {name} (config/solr/conf changed)")
        reload_collection(c, name)
    stamp.write_text(want)
    wait_active(c, name)


# --------------------------------------------------------------------------- make up

MODES = ("single", "cloud")


def cloud_mode() -> bool:
    """SOLR_MODE=cloud (default ``single``: the one Solr node of config/solr/run.sh)."""
    mode = ENV("SOLR_MODE") or "single"
    if mode not in MODES:
        raise StackError(f"SOLR_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    return mode == "cloud"


def start_local(collections: list[str]) -> None:
    """``SOLR_MODE=cloud make up``: the single-node Solr stopped (node 1 takes its port),
    the local cluster started, a collection per site (created four at a time the first
    time; afterwards only a changed config/solr/conf is uploaded and reloaded)."""
    c = local_cluster()
    stop("solr")
    if not running(c):
        say(f"starting SolrCloud: ZooKeeper on {c.zk_port}, Solr nodes on "
            f"{', '.join(map(str, c.ports))}")
    start(c)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(ensure_collection, c, name) for name in collections]:
            future.result()


def stop_local() -> None:
    stop_cluster(local_cluster())


def process_names() -> list[str]:
    """The local cluster's processes (for `make status`): only in cloud mode or while
    they run, so the single-node status is unchanged."""
    c = local_cluster()
    names = [c.zk_proc, *(c.proc(i) for i in range(len(c.ports)))]
    return names if cloud_mode() or running(c) else []
