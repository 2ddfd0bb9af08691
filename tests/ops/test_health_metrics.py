"""/healthz and /metrics (plugin ``pekalongan_ops``) through the web app, against the real
PostgreSQL, Solr and Redis of the test site. A Solr that is down or hung is simulated by
pointing the check at a closed port or at a socket that never answers (never by stopping the
shared Solr)."""
from __future__ import annotations

import re
import socket
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from freezegun import freeze_time
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_factories import PpidCast
from pkl_ppid import new_request
from pkl_suara import new_report

from ckanext.pekalongan.ops import health, metrics

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}  # CKAN's test client sets no client address
NO_CACHE = [("ckanext.pekalongan.ops.healthz.cache_seconds", "0"),
            ("ckanext.pekalongan.ops.metrics.cache_seconds", "0")]


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _sample(text: str, name: str, **labels) -> float | None:
    """The value of one sample of the exposition ``text`` (None when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.fixture(autouse=True)
def _fresh_caches():
    health._cache.clear()
    metrics._figures_cache.clear()
    yield
    health._cache.clear()
    metrics._figures_cache.clear()


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ops.healthz.cache_seconds", "0")
class TestHealthz:
    def test_all_required_checks_pass_with_latencies(self, app):
        res = app.get("/healthz")
        assert res.status_code == 200
        assert "no-store" in res.headers["Cache-Control"]
        body = res.json
        assert body["status"] == "ok" and body["failed"] == []
        for name in ("postgres", "solr", "redis"):
            check = body["checks"][name]
            assert check["status"] == "ok" and check["required"] is True
            assert 0 <= check["latency_ms"] < 1500
        assert body["checks"]["queues"]["required"] is False
        # the SMS center is on in the test site: its daemon database is checked too
        assert "sms" in body["checks"]

    @pytest.mark.ckan_config("ckanext.pekalongan.ops.healthz.solr_url",
                             f"http://127.0.0.1:{_closed_port()}/solr/ckan")
    def test_solr_down_gives_503_naming_the_check(self, app):
        res = app.get("/healthz", status=503)
        body = res.json
        assert body["status"] == "fail" and body["failed"] == ["solr"]
        assert body["checks"]["solr"]["status"] == "fail"
        assert body["checks"]["postgres"]["status"] == "ok"
        # the kind of error only: no host, port, user or message
        assert body["checks"]["solr"]["detail"] in ("ConnectionError", "timeout")
        assert "127.0.0.1" not in res.get_data(as_text=True)

    @pytest.mark.ckan_config("ckanext.pekalongan.ops.healthz.timeout_ms", "800")
    def test_a_hung_solr_cannot_hang_the_check(self, app, ckan_config, monkeypatch):
        hung = socket.socket()  # accepts the connection (backlog), never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        port = hung.getsockname()[1]
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.ops.healthz.solr_url",
                            f"http://127.0.0.1:{port}/solr/ckan")
        try:
            t0 = time.monotonic()
            res = app.get("/healthz", status=503)
            took = time.monotonic() - t0
        finally:
            hung.close()
        assert res.json["checks"]["solr"]["detail"] == "timeout"
        assert took < 3

    @pytest.mark.ckan_config("ckanext.pekalongan.ops.healthz.solr_url",
                             f"http://127.0.0.1:{_closed_port()}/solr/ckan")
    @pytest.mark.ckan_config("ckanext.pekalongan.ops.healthz.required", "postgres redis")
    def test_a_check_that_is_not_required_does_not_fail_the_answer(self, app):
        body = app.get("/healthz", status=200).json
        assert body["checks"]["solr"]["status"] == "fail"
        assert body["checks"]["solr"]["required"] is False

    def test_answers_are_cached_a_few_seconds(self, app, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.ops.healthz.cache_seconds", 30)
        res = app.get("/healthz")
        first = res.json
        assert res.status_code == 200, first
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.ops.healthz.solr_url",
                            f"http://127.0.0.1:{_closed_port()}/solr/ckan")
        again = app.get("/healthz", status=200).json
        assert again == first
        health._cache.clear()
        assert app.get("/healthz", status=503).json["failed"] == ["solr"]


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config(*NO_CACHE[0])
@pytest.mark.ckan_config(*NO_CACHE[1])
class TestMetrics:
    def test_refused_to_a_remote_client_and_through_a_proxy(self, app):
        res = app.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}, status=403)
        assert b"pekalongan_" not in res.data
        app.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base=LOCAL,
                status=403)

    def test_served_to_loopback_and_the_latency_counter_moves(self, app):
        def count(text):
            return _sample(text, "pekalongan_http_request_duration_seconds_count",
                           endpoint="dataset.search", method="GET", status="2xx") or 0

        before = count(app.get("/metrics", environ_base=LOCAL, status=200).get_data(as_text=True))
        app.get("/dataset/", status=200)
        app.get("/dataset/", status=200)
        res = app.get("/metrics", environ_base=LOCAL, status=200)
        assert res.headers["Content-Type"].startswith("text/plain")
        text = res.get_data(as_text=True)
        assert count(text) == before + 2
        # an unknown URL is counted under its route (CKAN's catch-all "static"), never
        # by its path
        app.get("/no-such-page-12345", status=404)
        text = app.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
        assert "no-such-page" not in text
        assert _sample(text, "pekalongan_http_request_duration_seconds_count",
                       endpoint="static", status="4xx") >= 1

    @pytest.mark.ckan_config("ckanext.pekalongan.ops.metrics.token", "rahasia-prometheus-1234")
    @pytest.mark.ckan_config("ckanext.pekalongan.ops.metrics.allow_loopback", "false")
    def test_the_token_opens_metrics_when_loopback_is_not_allowed(self, app):
        app.get("/metrics", environ_base=LOCAL, status=403)
        app.get("/metrics", headers={"Authorization": "Bearer wrong"}, environ_base=LOCAL,
                status=403)
        res = app.get("/metrics", headers={"Authorization": "Bearer rahasia-prometheus-1234"},
                      environ_base={"REMOTE_ADDR": "203.0.113.9"}, status=200)
        assert b"pekalongan_http_request_duration_seconds" in res.data

    def test_overdue_queue_and_harvest_figures(self, app, reset_redis):
        from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

        reset_redis()
        PpidCast()
        with freeze_time("2026-03-16 03:00:00"):  # long past its due date
            new_request()
            new_report()
        new_request()  # today: not overdue
        source = HarvestSource(url="http://opd.example.id/data.xlsx", type="opd_workbook")
        source.save()
        job = HarvestJob(source=source, status="Finished")
        job.save()
        for status in ("added", "added", "errored"):
            HarvestObject(job=job, source=source, report_status=status, guid=status).save()
        tk.enqueue_job(print, ["x"], title="uji metrik")
        model.repo.commit()

        text = app.get("/metrics", environ_base=LOCAL, status=200).get_data(as_text=True)
        assert _sample(text, "pekalongan_ppid_requests_overdue") == 1
        assert _sample(text, "pekalongan_suara_reports_overdue") == 1
        assert _sample(text, "pekalongan_harvest_jobs", status="Finished") == 1
        assert _sample(text, "pekalongan_harvest_objects", result="added") == 2
        assert _sample(text, "pekalongan_harvest_objects", result="errored") == 1
        assert _sample(text, "pekalongan_queue_jobs", queue="default") >= 1
        assert _sample(text, "pekalongan_queue_oldest_job_age_seconds", queue="default") >= 0
        assert _sample(text, "pekalongan_queue_jobs", queue="harvest_gather") == 0
        assert _sample(text, "pekalongan_scrape_errors", part="ppid") == 0
        # no personal data in the answer
        assert "Budi" not in text and "Siti" not in text
