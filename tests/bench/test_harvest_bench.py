"""Harvest benchmark: our CKAN harvester (``pekalongan_ckan``) against ckanext-harvest's
stock CKAN harvester (``ckan``), on the same machine, the same remote data, in one run.

Runs only with PEKALONGAN_BENCH=1, on a site of its own derived from a test slot, so that
the slot's ordinary tests can run meanwhile::

    ini=$(.venv/bin/python tests/bench/harvest_remote.py local var/test-N.ini)
    PEKALONGAN_BENCH=1 .venv/bin/pytest -p no:cacheprovider --ckan-ini=$ini \
        tests/bench/test_harvest_bench.py -s
    .venv/bin/python tests/bench/harvest_remote.py drop $ini

The remote is a real CKAN: a second site (its own database ``<bench db>_remote``, its own
``ckan.site_id`` in the test site's Solr core, the Satu Data schema) served by gunicorn,
loaded with generated datasets and dropped at the end (database, Solr documents, storage,
ini) unless PEKALONGAN_BENCH_KEEP_REMOTE is set. The sizes are
``PEKALONGAN_BENCH_HARVEST_NS`` (default ``300,5000``; the older
``PEKALONGAN_BENCH_HARVEST_N`` gives one size), in increasing order: the remote is grown
to each size in turn (loading is not measured). At each size both harvesters harvest it
into an empty benchmark site (``clean_db``), through the same foreground runner
(``runner.run_source``: gather, fetch and import in this process, then
``harvest_jobs_run``):

- first harvest: wall time and rate (datasets/s); when the job has finished, every dataset
  must be found by ``package_search`` (the Solr index is committed);
- second run over the unchanged remote: wall time. The stock harvester asks the remote only
  for datasets modified since its last error-free job minus one hour, so when the remote
  was loaded more than an hour ago its second run fetches nothing at all (and, by design,
  never notices a removed dataset); it is therefore also timed with ``force_all: true``,
  which lists the whole remote as ours always does (ours needs the whole list to withdraw
  what disappeared).
- content: a sample of datasets (every 25th) of ours equals the stock harvester's
  in title, description, organization, licence, tags, resources (name, URL, format) and
  the stock dataset's extras (ours has our schema's fields besides).

xloader is left out of the plugins here: both harvesters would queue one xloader job per
CSV link, which is the same work for both and not harvesting. Each phase's figures are
printed as soon as measured and kept in var/bench/harvest-<N>-partial.json; the full report
goes to var/bench/harvest.json, var/bench/harvest-<N>.json and var/bench/harvest.md.
``PEKALONGAN_BENCH_PROFILE=1`` also writes a cProfile of each run to
var/bench/harvest-<N>-<run>.prof.
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
SIZES = sorted({int(n) for n in os.environ.get(
    "PEKALONGAN_BENCH_HARVEST_NS",
    os.environ.get("PEKALONGAN_BENCH_HARVEST_N", "300,5000")).split(",") if n.strip()})
OUT = ROOT / "var" / "bench" / "harvest.json"
# the portal offers only our harvesters; the bench also loads the stock one to compare
BENCH_PLUGINS = " ".join(p for p in PLUGINS.split() if p != "xloader") + " ckan_harvester"
# dcat's structured_data: the pekalongan plugin chains its helper
REMOTE_PLUGINS = "pekalongan scheming_datasets scheming_organizations dcat structured_data"
RESULTS: dict[int, dict[str, dict]] = {}
SAMPLES: dict[int, dict[str, dict]] = {}
LOADERS = int(os.environ.get("PEKALONGAN_BENCH_LOADERS", "2"))
SAMPLE_EVERY = 25

# the goals of the Fast issue: our first harvest at least 3x the stock harvester's rate, the
# unchanged rerun at least 20x faster than stock's
GOAL_FIRST_RUN_RATIO = float(os.environ.get("PEKALONGAN_BENCH_HARVEST_FIRST_GOAL", "3"))
GOAL_SECOND_RUN_RATIO = float(os.environ.get("PEKALONGAN_BENCH_HARVEST_SECOND_GOAL", "20"))


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


def _save(n: int, name: str, figures: dict) -> None:
    """Print one phase's figures as soon as they are measured and keep them in
    var/bench/harvest-<N>-partial.json (so a run stopped early still leaves figures)."""
    print(f"\n[bench {n}] {name}: {json.dumps(figures)}", flush=True)
    partial = OUT.with_name(f"harvest-{n}-partial.json")
    partial.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(partial.read_text()) if partial.exists() else {}
    data.setdefault("datasets", n)
    data[name] = figures
    partial.write_text(json.dumps(data, indent=2) + "\n")


class Remote:
    """The remote CKAN site: its URL, grown to a number of datasets on demand."""

    def __init__(self, ini: Path, base: str) -> None:
        self.ini, self.base, self.size = ini, base, 0

    def grow(self, n: int) -> None:
        if n == self.size:
            return
        started = time.time()
        print(f"\n[bench {n}] loading the remote site ({self.ini.name})", flush=True)
        script = [sys.executable, str(Path(__file__).with_name("harvest_remote.py"))]
        # the organization and the first datasets (every tag) by one process, then the rest
        # by LOADERS processes at once (setting up, not measured), then the Solr commit
        subprocess.run([*script, "load", str(self.ini), str(min(n, harvest_remote.SERIAL))],
                       check=True)
        loaders = [subprocess.Popen([*script, "load", str(self.ini), str(n), str(k),
                                     str(LOADERS)]) for k in range(LOADERS)]
        if any(loader.wait() for loader in loaders):
            raise RuntimeError("loading the remote site failed")
        subprocess.run([*script, "finish", str(self.ini), str(n)], check=True)
        print(f"[bench {n}] remote loaded in {time.time() - started:.0f}s", flush=True)
        with urllib.request.urlopen(self.base + "/api/3/action/package_search?rows=0") as r:
            assert json.load(r)["result"]["count"] == n
        self.size = n


@pytest.fixture(scope="module")
def remote_portal(pytestconfig):
    """The remote CKAN (dropped at the end), empty until ``grow``."""
    ini = _remote_ini(Path(pytestconfig.option.ckan_ini).resolve())
    ckan_bin = str(ROOT / ".venv" / "bin" / "ckan")
    subprocess.run([ckan_bin, "-c", str(ini), "db", "init"], check=True,
                   capture_output=True)
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
        yield Remote(ini, base)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if os.environ.get("PEKALONGAN_BENCH_KEEP_REMOTE"):
        return
    harvest_remote.drop_site(ini)


def _timed(n: int, source, label: str):
    """Run the source in the foreground; print progress every 250 queued objects."""
    from ckanext.pekalongan_harvesters import runner

    started = time.perf_counter()
    state = {"total": 0, "done": 0}

    def on_objects(total):
        state["total"] = total
        print(f"[bench {n}] {label}: gathered in {time.perf_counter() - started:.1f}s, "
              f"{total} objects queued for fetch + import", flush=True)

    def on_object(_obj):
        state["done"] += 1
        if state["done"] % 250 == 0:
            elapsed = time.perf_counter() - started
            print(f"[bench {n}] {label}: {state['done']}/{state['total']} in {elapsed:.0f}s "
                  f"({state['done'] / elapsed:.2f}/s since start)", flush=True)

    profile = None
    if os.environ.get("PEKALONGAN_BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    summary = runner.run_source(source["id"], on_objects=on_objects, on_object=on_object)
    elapsed = time.perf_counter() - started
    if profile is not None:
        profile.disable()
        out = OUT.with_name(f"harvest-{n}-{label.replace(' ', '-').replace(',', '')}.prof")
        profile.dump_stats(out)
        print(f"[bench {n}] {label}: profile in {out.relative_to(ROOT)}", flush=True)
    print(f"[bench {n}] {label}: done in {elapsed:.2f}s: added {summary.added}, updated "
          f"{summary.updated}, unchanged {summary.unchanged}, errors {summary.error_count}",
          flush=True)
    return summary, elapsed


def _first_figures(first, first_s) -> dict:
    return {"first_run_s": round(first_s, 1),
            "first_run_rate_per_s": round(first.added / first_s, 2),
            "first_run_added": first.added,
            "first_run_errors": first.error_count}


def _second_figures(second, second_s) -> dict:
    return {"second_run_s": round(second_s, 2),
            "second_run_unchanged": second.unchanged,
            "second_run_updated": second.updated,
            "second_run_added": second.added}


def _found_in_search(owner_org: str) -> int:
    """How many datasets of the OPD ``package_search`` finds (Solr, as a visitor would)."""
    from ckan.tests import helpers

    return helpers.call_action("package_search", fq=f'owner_org:"{owner_org}"',
                               rows=0)["count"]


def _sample(owner_org: str, n: int) -> dict[str, dict]:
    """Every SAMPLE_EVERY-th generated dataset as it was harvested, by name."""
    from ckan.tests import helpers

    names = [f"bench-{i:05d}" for i in range(0, n, SAMPLE_EVERY)]
    out = {}
    for name in names:
        d = helpers.call_action("package_show", id=name)
        assert d["owner_org"] == owner_org
        out[name] = {
            "title": d["title"],
            "notes": d.get("notes"),
            "license_id": d.get("license_id"),
            "tags": sorted(t["name"] for t in d.get("tags") or []),
            "resources": [(r["name"], r["url"], r.get("format")) for r in d["resources"]],
            "extras": {e["key"]: e["value"] for e in d.get("extras") or []},
        }
    return out


@pytest.fixture
def bench_plugins(ckan_config, monkeypatch):
    """The portal's plugins without xloader (what the ckan_config marker would do)."""
    monkeypatch.setitem(ckan_config, "ckan.plugins", BENCH_PLUGINS)


@pytest.fixture
def allow_remote(remote_portal, ckan_config, monkeypatch):
    """The SSRF guard refuses 127.0.0.1 (also when a harvest source is entered): exactly the
    remote portal is allowed."""
    monkeypatch.setitem(ckan_config, "ckanext.pekalongan.fetch.allowed_hosts",
                        remote_portal.base.split("//", 1)[1])


# at each size ours first, then stock (if the run must be stopped early, the slower stock
# harvester is what is cut); the sizes in increasing order, as the remote only grows
RUNS = [(n, harvester) for n in SIZES for harvester in ("ours", "stock")]


@pytest.mark.parametrize(("n", "harvester"), RUNS, ids=[f"{h}-{n}" for n, h in RUNS])
@pytest.mark.usefixtures("bench_plugins", "allow_remote", "with_plugins", "clean_db",
                         "clean_index")
def test_harvester(remote_portal, n, harvester):
    remote_portal.grow(n)
    opd = Opd(name="bench-opd")
    source = make_source(opd["id"], remote_portal.base, name=f"bench-{harvester}",
                         source_type="pekalongan_ckan" if harvester == "ours" else "ckan")
    first, first_s = _timed(n, source, f"{harvester} first harvest")
    figures = _first_figures(first, first_s)
    _save(n, f"{harvester}_first", figures)
    assert first.added == n, first.object_errors[:3]
    assert _found_in_search(opd["id"]) == n  # committed to Solr when the job finished
    SAMPLES.setdefault(n, {})[harvester] = _sample(opd["id"], n)
    second, second_s = _timed(n, source, f"{harvester} unchanged second run")
    RESULTS.setdefault(n, {})[harvester] = dict(figures, **_second_figures(second, second_s))
    _save(n, harvester, RESULTS[n][harvester])
    if harvester == "ours":
        assert (second.unchanged, second.updated, second.withdrawn) == (n, 0, 0)
        return
    patch_source(source, config=json.dumps({"force_all": True}))
    full, full_s = _timed(n, source, "stock unchanged run, force_all")
    RESULTS[n]["stock"].update(second_run_force_all_s=round(full_s, 2),
                               second_run_force_all_unchanged=full.unchanged,
                               second_run_force_all_updated=full.updated)
    _save(n, "stock", RESULTS[n]["stock"])


@pytest.mark.parametrize("n", SIZES)
def test_same_content_as_stock(n):
    """Ours holds what the stock harvester makes (plus our schema's fields)."""
    samples = SAMPLES.get(n, {})
    assert set(samples) == {"ours", "stock"}, "both harvester benchmarks must run first"
    ours, stock = samples["ours"], samples["stock"]
    assert set(ours) == set(stock) and ours
    for name, theirs in stock.items():
        mine = ours[name]
        for key in ("title", "notes", "license_id", "tags", "resources"):
            assert mine[key] == theirs[key], (name, key, mine[key], theirs[key])
        # harvest_object_id / _source_id / _source_title: added when shown, per source
        missing = {k: v for k, v in theirs["extras"].items()
                   if not k.startswith("harvest_") and mine["extras"].get(k) != v}
        assert not missing, (name, missing)


def _report(n: int) -> dict:
    ours, stock = RESULTS[n]["ours"], RESULTS[n]["stock"]
    return {
        "datasets": n,
        "ours": ours,
        "stock": stock,
        "ratio_first_run_rate_ours_over_stock": round(
            ours["first_run_rate_per_s"] / stock["first_run_rate_per_s"], 2),
        "ratio_second_run_time_stock_over_ours": round(
            stock["second_run_s"] / ours["second_run_s"], 2),
        "ratio_second_run_time_stock_force_all_over_ours": round(
            stock["second_run_force_all_s"] / ours["second_run_s"], 2),
    }


def test_report():
    assert set(RESULTS) == set(SIZES) and all(
        set(r) == {"ours", "stock"} for r in RESULTS.values()), \
        "both harvester benchmarks must run first"
    reports = {n: _report(n) for n in SIZES}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reports, indent=2) + "\n")
    for n, report in reports.items():
        OUT.with_name(f"harvest-{n}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Harvest benchmark",
        "",
        "Our CKAN harvester (`pekalongan_ckan`) and ckanext-harvest's stock one (`ckan`), "
        "the same remote CKAN, one run (tests/bench/test_harvest_bench.py).",
        "",
        "| datasets | run | ours | stock | ratio |",
        "|---|---|---|---|---|",
    ]
    for n, r in reports.items():
        ours, stock = r["ours"], r["stock"]
        lines += [
            f"| {n} | first harvest (s) | {ours['first_run_s']} | {stock['first_run_s']} | |",
            f"| {n} | first harvest (datasets/s) | {ours['first_run_rate_per_s']} | "
            f"{stock['first_run_rate_per_s']} | **{r['ratio_first_run_rate_ours_over_stock']}×** |",
            f"| {n} | unchanged rerun (s) | {ours['second_run_s']} | {stock['second_run_s']} | "
            f"**{r['ratio_second_run_time_stock_over_ours']}×** |",
            f"| {n} | unchanged rerun, stock `force_all` (s) | {ours['second_run_s']} | "
            f"{stock['second_run_force_all_s']} | "
            f"{r['ratio_second_run_time_stock_force_all_over_ours']}× |",
        ]
    lines += ["", f"Goals: first harvest ≥ {GOAL_FIRST_RUN_RATIO:g}× stock's rate, unchanged "
              f"rerun ≥ {GOAL_SECOND_RUN_RATIO:g}× faster than stock's.", ""]
    OUT.with_name("harvest.md").write_text("\n".join(lines))
    print("\n" + "\n".join(lines))
    for report in reports.values():
        assert report["ratio_first_run_rate_ours_over_stock"] >= GOAL_FIRST_RUN_RATIO, report
        assert report["ratio_second_run_time_stock_over_ours"] >= GOAL_SECOND_RUN_RATIO, report
