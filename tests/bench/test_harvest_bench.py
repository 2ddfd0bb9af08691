"""Harvest benchmark: our CKAN harvester (``pekalongan_ckan``) against ckanext-harvest's
stock CKAN harvester (``ckan``), on the same machine and the same remote data.

Runs only with PEKALONGAN_BENCH=1 (`make bench`). The remote is a real CKAN: a second site
(its own database ``<test db>_bench_remote``, its own ``ckan.site_id`` in the test site's
Solr core, the Satu Data schema) served by gunicorn, loaded once with N generated datasets
(``PEKALONGAN_BENCH_HARVEST_N``, default 5 000) and kept between runs. Each harvester
harvests it into an empty test site (``clean_db``), through the same foreground runner
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
CSV link, which is the same work for both and not harvesting. Figures are printed and
written to var/bench/harvest.json.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pkl_factories import Opd

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "harvest"))
from harvest_helpers import PLUGINS, make_source, patch_source, run  # noqa: E402

pytestmark = pytest.mark.bench
N = int(os.environ.get("PEKALONGAN_BENCH_HARVEST_N", "5000"))
OUT = ROOT / "var" / "bench" / "harvest.json"
BENCH_PLUGINS = " ".join(p for p in PLUGINS.split() if p != "xloader")
REMOTE_PLUGINS = "pekalongan scheming_datasets scheming_organizations"
RESULTS: dict[str, dict] = {}


def _stack():
    spec = importlib.util.spec_from_file_location("pekalongan_stack",
                                                  ROOT / "config" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    return stack


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _remote_ini(test_ini: Path) -> Path:
    """The remote site's ini: the test site's, on its own database and site id."""
    text = test_ini.read_text()
    db = re.search(r"^sqlalchemy\.url = .*/(\w+)$", text, re.M).group(1)
    remote_db = f"{db}_bench_remote"
    stack = _stack()
    if not stack.psql(f"select 1 from pg_database where datname='{remote_db}'").stdout.strip():
        stack.psql(f"create database {remote_db} owner ckan encoding 'UTF8' "
                   "template template0")
    text = re.sub(r"^(sqlalchemy\.url = .*/)\w+$", rf"\g<1>{remote_db}", text, flags=re.M)
    text = re.sub(r"^ckan\.site_id = .*$", f"ckan.site_id = {remote_db}", text, flags=re.M)
    text = re.sub(r"^ckan\.plugins = .*$", f"ckan.plugins = {REMOTE_PLUGINS}", text,
                  flags=re.M)
    text = re.sub(r"^ckan\.storage_path = .*$",
                  f"ckan.storage_path = {ROOT / 'var' / ('storage-' + remote_db)}", text,
                  flags=re.M)
    text = text.replace("[app:main]", "[app:main]\nckan.search.solr_commit = false", 1)
    ini = ROOT / "var" / f"{test_ini.stem}-bench-remote.ini"
    ini.write_text(text)
    ini.chmod(0o600)
    return ini


@pytest.fixture(scope="module")
def remote_portal(pytestconfig):
    """Base URL of the remote CKAN with N datasets (loaded once, kept between runs)."""
    ini = _remote_ini(Path(pytestconfig.option.ckan_ini).resolve())
    ckan_bin = str(ROOT / ".venv" / "bin" / "ckan")
    subprocess.run([ckan_bin, "-c", str(ini), "db", "init"], check=True,
                   capture_output=True)
    started = time.time()
    loaded = subprocess.run([sys.executable, str(Path(__file__).with_name("harvest_remote.py")),
                             str(ini), str(N)], check=True, capture_output=True, text=True)
    print(loaded.stdout.strip().splitlines()[-1], f"({time.time() - started:.0f}s)")
    port = _free_port()
    log = (ROOT / "var" / "log" / "bench-harvest-remote.log").open("ab")
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(ROOT / "config"),
         "wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--timeout", "300"],
        env=dict(os.environ, CKAN_INI=str(ini)), stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/api/3/action/status_show", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("the remote portal did not start; see "
                                   "var/log/bench-harvest-remote.log") from None
            time.sleep(0.5)
    with urllib.request.urlopen(base + "/api/3/action/package_search?rows=0") as r:
        assert json.load(r)["result"]["count"] == N
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _timed(source):
    started = time.perf_counter()
    summary = run(source)
    return summary, time.perf_counter() - started


def _figures(first, first_s, second, second_s) -> dict:
    return {
        "first_run_s": round(first_s, 1),
        "first_run_rate_per_s": round(first.added / first_s, 1),
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


@pytest.mark.usefixtures("bench_plugins", "with_plugins", "clean_db", "clean_index")
def test_stock_ckan_harvester(remote_portal):
    opd = Opd(name="bench-opd")
    source = make_source(opd["id"], remote_portal, source_type="ckan", name="bench-stock")
    first, first_s = _timed(source)
    assert first.added == N, first.object_errors[:3]
    second, second_s = _timed(source)
    RESULTS["stock"] = _figures(first, first_s, second, second_s)
    patch_source(source, config=json.dumps({"force_all": True}))
    full, full_s = _timed(source)
    RESULTS["stock"].update(second_run_force_all_s=round(full_s, 2),
                            second_run_force_all_unchanged=full.unchanged,
                            second_run_force_all_updated=full.updated)


@pytest.mark.usefixtures("bench_plugins", "with_plugins", "clean_db", "clean_index")
def test_our_ckan_harvester(remote_portal):
    opd = Opd(name="bench-opd")
    source = make_source(opd["id"], remote_portal, source_type="pekalongan_ckan",
                         name="bench-ours")
    first, first_s = _timed(source)
    assert first.added == N, first.object_errors[:3]
    second, second_s = _timed(source)
    assert (second.unchanged, second.updated, second.withdrawn) == (N, 0, 0)
    RESULTS["ours"] = _figures(first, first_s, second, second_s)


def test_report():
    if set(RESULTS) != {"ours", "stock"}:
        pytest.skip("a harvester benchmark did not run")
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
