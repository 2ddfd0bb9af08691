"""Issue 17, defect 10: a harvest job is processed by exactly one runner, and withdrawal does
not depend on which runner got it.

Real processes, as ``make up`` runs them: ckanext-harvest's gather and fetch consumers
(Redis queues) and a scheduler process that does what ``ckan harvester run`` does over and
over (twice a second), while the operator harvests in the foreground with ``ckan harvester
run-test`` (which sends the job to the gather queue AND gathers it itself) and ``ckan
pekalongan-harvest run``. Two sources of two OPDs list the same 12 identifiers. Every job
has exactly 12 objects ("not modified: 24" was the bug), ends Finished, and the two rows
removed from one source withdraw exactly that source's two datasets.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from pkl_harvest import PLUGINS, SourceServer, make_source, scheduler_command
from pkl_harvest_builders import PENDUDUK_TABLE, daftar_xlsx, valid_row
from pkl_live import set_option, stop

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(ROOT / ".venv" / "bin" / "ckan")
IDS = [f"data-{n:02d}" for n in range(12)]


def _publish(server: SourceServer, ids: list[str], opd: str) -> str:
    rows = [valid_row(id_dataset=i, judul=f"Data Uji {i}") for i in ids]
    body = daftar_xlsx(rows, data_sheets={"data_penduduk": PENDUDUK_TABLE})
    return server.serve(f"/{opd}/daftar.xlsx", body, "application/octet-stream")


@pytest.fixture
def live(pytestconfig, with_plugins, clean_db, clean_index, ckan_config, monkeypatch):
    """Two OPDs; the consumers and a busy scheduler on a copy of the test ini."""
    import ckan.model as model
    from pkl_factories import Opd

    opds = [Opd(name="dinas-satu"), Opd(name="dinas-dua")]
    model.Session.remove()
    server = SourceServer()
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    ini = test_ini.with_name(f"{test_ini.stem}-one-runner.ini")
    text = set_option(test_ini.read_text(), "ckan.plugins", PLUGINS)
    allowed = server.base.split("//", 1)[1]
    text = set_option(text, "ckanext.pekalongan.fetch.allowed_hosts", allowed)
    monkeypatch.setitem(ckan_config, "ckanext.pekalongan.fetch.allowed_hosts", allowed)
    ini.write_text(text)
    ini.chmod(0o600)
    log = (ROOT / "var" / "log" / f"{test_ini.stem}-harvest-one-runner.log").open("ab")
    procs = []
    try:
        # queues of this site id left by an earlier, interrupted run (what `ckan harvester
        # purge-queues` does; this process has the same site id and Redis)
        from ckanext.harvest.queue import purge_queues

        purge_queues()
        for consumer in ("gather-consumer", "fetch-consumer"):
            procs.append(subprocess.Popen([CKAN, "-c", str(ini), "harvester", consumer],
                                          stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL))
        # the scheduler, far busier than make up's (every 5 minutes): `harvester run` twice
        # a second in one process; bounded, stops by itself
        procs.append(subprocess.Popen(scheduler_command(ini), stdout=log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        yield {"ini": ini, "log": log, "server": server, "opds": opds}
    finally:
        stop(*procs)
        server.close()
        log.close()
        ini.unlink(missing_ok=True)


def _ckan(live, *args: str) -> None:
    subprocess.run([CKAN, "-c", str(live["ini"]), *args], stdout=live["log"],
                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=600)


def _finished_job(source_id: str, previous: int):
    """The source's newest job once Finished, and its number of objects."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.harvest.model import HarvestJob, HarvestObject
    from ckanext.pekalongan_harvesters import reports

    deadline = time.time() + 300
    while True:
        model.Session.remove()
        jobs = (model.Session.query(HarvestJob).filter(HarvestJob.source_id == source_id)
                .order_by(HarvestJob.created).all())
        assert len(jobs) == previous + 1, f"{len(jobs)} jobs for {previous + 1} runs"
        job = jobs[-1]
        if job.status != "Finished":
            tk.get_action("harvest_jobs_run")({"ignore_auth": True}, {"source_id": source_id})
            model.Session.remove()
            job = HarvestJob.get(job.id)
        if job.status == "Finished":
            objects = model.Session.query(HarvestObject).filter(
                HarvestObject.harvest_job_id == job.id).count()
            return reports.job_summary(job.id), objects
        assert time.time() < deadline, f"job {job.id} still {job.status}"
        time.sleep(0.5)


def _withdrawn(opd_id: str) -> set[str]:
    from ckan.tests import helpers

    found = helpers.call_action("package_search", rows=100,
                                fq=f"+owner_org:{opd_id} +extras_sumber_status:ditarik")
    return {d["name"] for d in found["results"]}


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_one_runner_per_job_with_consumers_and_scheduler_live(live):
    server, (one, two) = live["server"], live["opds"]
    # the same identifiers at two URLs (one URL is one source)
    sources = [make_source(opd["id"], _publish(server, IDS, opd["name"]),
                           name=f"sumber-{opd['name']}") for opd in (one, two)]

    # run-test queues the job and gathers it itself: still one gather, 12 objects
    for source in sources:
        _ckan(live, "harvester", "run-test", source["id"])
        summary, objects = _finished_job(source["id"], 0)
        assert (objects, summary.added, summary.unchanged, summary.error_count) == (
            12, 12, 0, 0), (summary, objects)

    # two rows leave the second source: exactly its two datasets are withdrawn
    _publish(server, IDS[2:], two["name"])
    _ckan(live, "harvester", "run-test", sources[1]["id"])
    summary, objects = _finished_job(sources[1]["id"], 1)
    assert (objects, summary.withdrawn, summary.unchanged, summary.added) == (
        12, 2, 10, 0), (summary, objects)
    assert _withdrawn(two["id"]) == {f"dinas-dua-{i}" for i in IDS[:2]}
    assert _withdrawn(one["id"]) == set()

    # the foreground command on the first source, the scheduler still running
    _publish(server, IDS[2:], one["name"])
    _ckan(live, "pekalongan-harvest", "run", "--quiet", sources[0]["id"])
    summary, objects = _finished_job(sources[0]["id"], 1)
    assert (objects, summary.withdrawn, summary.unchanged, summary.added) == (
        12, 2, 10, 0), (summary, objects)
    assert _withdrawn(one["id"]) == {f"dinas-satu-{i}" for i in IDS[:2]}
    assert _withdrawn(two["id"]) == {f"dinas-dua-{i}" for i in IDS[:2]}
