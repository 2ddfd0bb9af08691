"""Harvest benchmark: our CKAN harvester (``pekalongan_ckan``) against ckanext-harvest's
stock CKAN harvester (``ckan``), on the same machine and the same remote data.

Runs only with PEKALONGAN_BENCH=1, on a site of its own derived from a test slot, so that
the slot's ordinary tests can run meanwhile::

    ini=$(.venv/bin/python tests/bench/harvest_remote.py local var/test-N.ini)
    PEKALONGAN_BENCH=1 .venv/bin/pytest -p no:cacheprovider --ckan-ini=$ini \
        tests/bench/test_harvest_bench.py -s
    .venv/bin/python tests/bench/harvest_remote.py drop $ini

The remote is a real CKAN: a second site (its own database ``<bench db>_remote``, its own
``ckan.site_id`` in the test site's Solr core, the Satu Data schema) served by gunicorn,
loaded with N generated datasets (``PEKALONGAN_BENCH_HARVEST_N``, default 5 000) and
dropped at the end (database, Solr documents, storage, ini) unless
PEKALONGAN_BENCH_KEEP_REMOTE is set. Each harvester harvests it into an empty benchmark site
(``clean_db``), through the same foreground runner
(``runner.run_source``: gather, fetch and import in this process, then
``harvest_jobs_run``):

- first harvest: wall time and rate (datasets/s);
- second run over the unchanged remote: wall time. The stock harvester asks the remote only
  for datasets modified since its last error-free job minus one hour, so when the remote
  was loaded more than an hour ago its second run fetches nothing at all (and, by design,
  never notices a removed dataset); it is therefore also timed with ``force_all: true``,
  which lists the whole remote as ours always does (ours needs the whole list to withdraw
  what disappeared).

xloader is left out of the plugins here: both harvesters would queue one xloader job per
CSV link, which is the same work for both and not harvesting. Each phase's figures are
printed as soon as measured and kept in var/bench/harvest-<N>-partial.json; the full report
goes to var/bench/harvest.json and var/bench/harvest-<N>.json.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pkl_factories import Opd

ROOT = Path(__file__).resolve().parent.parent.parent
import harvest_remote  # noqa: E402
from pkl_harvest import PLUGINS, make_source, patch_source  # noqa: E402

pytestmark = pytest.mark.bench
N = int(os.environ.get("PEKALONGAN_BENCH_HARVEST_N", "5000"))
OUT = ROOT / "var" / "bench" / "harvest.json"
# the portal offers only our harvesters; the bench also loads the stock one to compare
BENCH_PLUGINS = " ".join(p for p in PLUGINS.split() if p != "xloader") + " ckan_harvester"
REMOTE_PLUGINS = "pekalongan scheming_datasets scheming_organizations"
RESULTS: dict[str, dict] = {}
LOADERS = int(os.environ.get("PEKALONGAN_BENCH_LOADERS", "2"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _remote_ini(test_ini: Path) -> Path:
    """The remote site's ini: the benchmark site's, on its own database and site id
    (``var/test-N-bench.ini`` gives ``var/test-N-bench-remote.ini``, database
    ``ckan_test_N_bench_remote``)."""
    ini = harvest_remote.derive_site(test_ini, "remote" if test_ini.stem.endswith("-bench")
                                     else "bench-remote", plugins=REMOTE_PLUGINS)
    text = ini.read_text().replace("[app:main]", "[app:main]\nckan.search.solr_commit = false",
                                   1)
    ini.write_text(text)
    return ini


def _save(name: str, figures: dict) -> None:
    """Print one phase's figures as soon as they are measured and keep them in
    var/bench/harvest-<N>-partial.json (so a run stopped early still leaves figures)."""
    print(f"\n[bench {N}] {name}: {json.dumps(figures)}", flush=True)
    partial = OUT.with_name(f"harvest-{N}-partial.json")
    partial.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(partial.read_text()) if partial.exists() else {}
    data.setdefault("datasets", N)
    data[name] = figures
    partial.write_text(json.dumps(data, indent=2) + "\n")


@pytest.fixture(scope="module")
def remote_portal(pytestconfig):
    """Base URL of the remote CKAN with N datasets (dropped at the end)."""
    ini = _remote_ini(Path(pytestconfig.option.ckan_ini).resolve())
    ckan_bin = str(ROOT / ".venv" / "bin" / "ckan")
    subprocess.run([ckan_bin, "-c", str(ini), "db", "init"], check=True,
                   capture_output=True)
    started = time.time()
    print(f"\n[bench {N}] loading the remote site ({ini.name})", flush=True)
    script = [sys.executable, str(Path(__file__).with_name("harvest_remote.py"))]
    # the organization and the first datasets (every tag) by one process, then the rest by
    # LOADERS processes at once (setting up, not measured), then the Solr commit
    subprocess.run([*script, "load", str(ini), str(min(N, harvest_remote.SERIAL))],
                   check=True)
    loaders = [subprocess.Popen([*script, "load", str(ini), str(N), str(k), str(LOADERS)])
               for k in range(LOADERS)]
    if any(loader.wait() for loader in loaders):
        raise RuntimeError("loading the remote site failed")
    subprocess.run([*script, "finish", str(ini), str(N)], check=True)
    print(f"[bench {N}] remote loaded in {time.time() - started:.0f}s", flush=True)
    port = _free_port()
    log = (ROOT / "var" / "log" / "bench-harvest-remote.log").open("ab")
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(ROOT / "config"),
         "wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "300"],
        env=dict(os.environ, CKAN_INI=str(ini)), stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/api/3/action/status_show", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("the remote portal did not start; see "
                                       "var/log/bench-harvest-remote.log") from None
                time.sleep(0.5)
        with urllib.request.urlopen(base + "/api/3/action/package_search?rows=0") as r:
            assert json.load(r)["result"]["count"] == N
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if os.environ.get("PEKALONGAN_BENCH_KEEP_REMOTE"):
        return
    harvest_remote.drop_site(ini)


def _timed(source, label: str):
    """Run the source in the foreground; print progress every 250 datasets."""
    from ckanext.pekalongan_harvesters import runner

    started = time.perf_counter()
    state = {"total": 0, "done": 0}

    def on_objects(total):
        state["total"] = total
        print(f"[bench {N}] {label}: gathered {total} in "
              f"{time.perf_counter() - started:.1f}s", flush=True)

    def on_object(_obj):
        state["done"] += 1
        if state["done"] % 250 == 0:
            elapsed = time.perf_counter() - started
            print(f"[bench {N}] {label}: {state['done']}/{state['total']} in {elapsed:.0f}s "
                  f"({state['done'] / elapsed:.2f}/s since start)", flush=True)

    summary = runner.run_source(source["id"], on_objects=on_objects, on_object=on_object)
    elapsed = time.perf_counter() - started
    print(f"[bench {N}] {label}: done in {elapsed:.2f}s: added {summary.added}, updated "
          f"{summary.updated}, unchanged {summary.unchanged}, errors {summary.error_count}",
          flush=True)
    return summary, elapsed


def _figures(first, first_s, second, second_s) -> dict:
    return {
        "first_run_s": round(first_s, 1),
        "first_run_rate_per_s": round(first.added / first_s, 2),
        "first_run_added": first.added,
        "first_run_errors": first.error_count,
        "second_run_s": round(second_s, 2),
        "second_run_unchanged": second.unchanged,
        "second_run_updated": second.updated,
        "second_run_added": second.added,
    }


@pytest.fixture
def bench_plugins(ckan_config, monkeypatch):
    """The portal's plugins without xloader (what the ckan_config marker would do)."""
    monkeypatch.setitem(ckan_config, "ckan.plugins", BENCH_PLUGINS)


@pytest.fixture
def allow_remote(remote_portal, ckan_config, monkeypatch):
    """The SSRF guard refuses 127.0.0.1: exactly the remote portal is allowed."""
    monkeypatch.setitem(ckan_config, "ckanext.pekalongan.fetch.allowed_hosts",
                        remote_portal.split("//", 1)[1])


# ours first: if the run must be stopped early, the slower stock harvester is what is cut
@pytest.mark.usefixtures("bench_plugins", "allow_remote", "with_plugins", "clean_db",
                         "clean_index")
def test_our_ckan_harvester(remote_portal):
    opd = Opd(name="bench-opd")
    source = make_source(opd["id"], remote_portal, source_type="pekalongan_ckan",
                         name="bench-ours")
    first, first_s = _timed(source, "ours first harvest")
    _save("ours_first", {"first_run_s": round(first_s, 1),
                         "first_run_rate_per_s": round(first.added / first_s, 2),
                         "first_run_added": first.added,
                         "first_run_errors": first.error_count})
    assert first.added == N, first.object_errors[:3]
    second, second_s = _timed(source, "ours unchanged second run")
    RESULTS["ours"] = _figures(first, first_s, second, second_s)
    _save("ours", RESULTS["ours"])
    assert (second.unchanged, second.updated, second.withdrawn) == (N, 0, 0)


@pytest.mark.usefixtures("bench_plugins", "with_plugins", "clean_db", "clean_index")
def test_stock_ckan_harvester(remote_portal):
    opd = Opd(name="bench-opd")
    source = make_source(opd["id"], remote_portal, source_type="ckan", name="bench-stock")
    first, first_s = _timed(source, "stock first harvest")
    _save("stock_first", {"first_run_s": round(first_s, 1),
                          "first_run_rate_per_s": round(first.added / first_s, 2),
                          "first_run_added": first.added,
                          "first_run_errors": first.error_count})
    assert first.added == N, first.object_errors[:3]
    second, second_s = _timed(source, "stock unchanged second run")
    RESULTS["stock"] = _figures(first, first_s, second, second_s)
    _save("stock", RESULTS["stock"])
    patch_source(source, config=json.dumps({"force_all": True}))
    full, full_s = _timed(source, "stock unchanged run, force_all")
    RESULTS["stock"].update(second_run_force_all_s=round(full_s, 2),
                            second_run_force_all_unchanged=full.unchanged,
                            second_run_force_all_updated=full.updated)
    _save("stock", RESULTS["stock"])


# the goals of the Fast issue: our first harvest at least 3x the stock harvester's rate, the
# unchanged rerun at least 20x faster than stock's
GOAL_FIRST_RUN_RATIO = float(os.environ.get("PEKALONGAN_BENCH_HARVEST_FIRST_GOAL", "3"))
GOAL_SECOND_RUN_RATIO = float(os.environ.get("PEKALONGAN_BENCH_HARVEST_SECOND_GOAL", "20"))


def test_report():
    assert set(RESULTS) == {"ours", "stock"}, "both harvester benchmarks must run first"
    ours, stock = RESULTS["ours"], RESULTS["stock"]
    report = {
        "datasets": N,
        "ours": ours,
        "stock": stock,
        "ratio_first_run_rate_ours_over_stock": round(
            ours["first_run_rate_per_s"] / stock["first_run_rate_per_s"], 2),
        "ratio_second_run_time_stock_over_ours": round(
            stock["second_run_s"] / ours["second_run_s"], 2),
        "ratio_second_run_time_stock_force_all_over_ours": round(
            stock["second_run_force_all_s"] / ours["second_run_s"], 2),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    OUT.with_name(f"harvest-{N}.json").write_text(json.dumps(report, indent=2) + "\n")
    rows = [
        ("first harvest (s)", ours["first_run_s"], stock["first_run_s"]),
        ("first harvest (datasets/s)", ours["first_run_rate_per_s"],
         stock["first_run_rate_per_s"]),
        ("unchanged 2nd run (s)", ours["second_run_s"], stock["second_run_s"]),
        ("unchanged 2nd run, stock force_all (s)", ours["second_run_s"],
         stock["second_run_force_all_s"]),
    ]
    print(f"\nharvest benchmark, {N} datasets from a live CKAN")
    print(f"{'':40} {'ours':>10} {'stock':>10}")
    for label, a, b in rows:
        print(f"{label:40} {a:>10} {b:>10}")
    print(json.dumps({k: v for k, v in report.items() if k.startswith("ratio")}, indent=2))
    assert report["ratio_first_run_rate_ours_over_stock"] >= GOAL_FIRST_RUN_RATIO, report
    assert report["ratio_second_run_time_stock_over_ours"] >= GOAL_SECOND_RUN_RATIO, report
