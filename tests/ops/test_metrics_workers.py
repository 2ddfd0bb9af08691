"""/metrics with several gunicorn workers: with PROMETHEUS_MULTIPROC_DIR set, every worker
writes its request histogram there and any worker's scrape adds them all up (the real
gunicorn of pkl_live, two workers, on the test site)."""
from __future__ import annotations

import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pkl_live import ROOT, free_port, start_gunicorn, stop

REQUESTS = 40


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def _api_count(text: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith("pekalongan_http_request_duration_seconds_count{") and \
                'endpoint="api.action"' in line and 'status="2xx"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def _per_worker(prom: Path) -> dict[str, float]:
    """API requests (2xx) each worker wrote to its own file (pid -> count)."""
    from prometheus_client.mmap_dict import MmapedDict

    out = {}
    for f in prom.glob("histogram_*.db"):
        total = 0.0
        for key, value, _ts, _pos in MmapedDict.read_all_values_from_file(str(f)):
            _metric, sample, labels, _help = json.loads(key)
            if sample.endswith("_bucket") and labels.get("endpoint") == "api.action" \
                    and labels.get("status") == "2xx":
                total += value
        out[f.stem.split("_", 1)[1]] = total
    return out


def test_two_workers_are_added_up(pytestconfig, tmp_path, monkeypatch):
    prom = tmp_path / "prometheus"
    prom.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(prom))
    ini = Path(pytestconfig.option.ckan_ini).resolve()
    port = free_port()
    log = (ROOT / "var" / "log" / "test-ops-workers.log").open("ab")
    proc = start_gunicorn(ini, port, log)  # it polls status_show until the site answers
    base = f"http://127.0.0.1:{port}"
    try:
        before = _api_count(_get(f"{base}/metrics").decode())
        sent = 0
        # concurrent requests until both workers have answered some (gunicorn decides);
        # the second worker may still be loading CKAN when the first answers: a pause
        # between the rounds lets it, rather than sending the first one round after round
        while sent < 15 * REQUESTS and sum(1 for n in _per_worker(prom).values() if n) < 2:
            if sent:
                time.sleep(1)
            with ThreadPoolExecutor(max_workers=8) as pool:
                list(pool.map(_get, [f"{base}/api/3/action/status_show"] * REQUESTS))
            sent += REQUESTS
        scrapes = [_api_count(_get(f"{base}/metrics").decode()) for _ in range(6)]
    finally:
        stop(proc)
        log.close()
    per_worker = _per_worker(prom)
    assert len([n for n in per_worker.values() if n]) == 2, per_worker
    # every scrape, whichever worker served it, counts the requests of both
    assert scrapes == [before + sent] * len(scrapes)
    assert sum(per_worker.values()) == before + sent
