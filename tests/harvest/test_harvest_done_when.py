"""Issue #4's "done when", end to end through the real processes of `make run`:

an operator adds an OPD's daftar data URL as a harvest source (API of a live portal, with a
daily schedule); ``ckan harvester run`` (what the scheduler runs every 5 minutes) starts
the due job, ckanext-harvest's gather and fetch consumers (Redis queues) harvest it, and a
``ckan jobs worker`` loads the tables into the DataStore (ckanext-xloader, downloading the
uploaded CSV from the portal): the datasets appear under that OPD with their metadata and
previews. The next scheduled run changes nothing (no write, no re-index, no DataStore
load). A row removed from the workbook withdraws its dataset at the following run.

The workbook is generated here and served by a local HTTP server; the portal, the consumers
and the worker run on a copy of the test site's ini (its own address as ``ckan.site_url``,
an xloader API token of the sysadmin created here).
"""
from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest
import requests
from pkl_harvest import PLUGINS, SourceServer
from pkl_harvest_builders import PENDUDUK_TABLE, csv_bytes, daftar_xlsx, valid_row
from pkl_live import free_port, set_option, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(ROOT / ".venv" / "bin" / "ckan")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEKOLAH_TABLE = [["kecamatan", "sd", "smp"], ["Kajen", 41, 9], ["Kedungwuni", 38, 7]]
PUSKESMAS_TABLE = [["tahun", "jumlah_puskesmas"], [2022, 26], [2023, 27], [2024, 27]]
NAMES = ("dinas-kesehatan-penduduk-2024", "dinas-kesehatan-puskesmas-2024",
         "dinas-kesehatan-sekolah-2024")


def _rows(server: SourceServer, with_sekolah: bool = True) -> list[dict]:
    """Three datasets: two tables in sheets of the workbook, one CSV at url_data."""
    server.serve("/data/sekolah.csv", csv_bytes(SEKOLAH_TABLE), "text/csv")
    rows = [
        valid_row(),
        valid_row(id_dataset="puskesmas-2024", judul="Jumlah Puskesmas 2022-2024",
                  topik="kesehatan", satuan="unit", tag="puskesmas",
                  sheet_data="data_puskesmas", periode_awal=2022, periode_akhir=2024),
    ]
    if with_sekolah:
        rows.append(valid_row(
            id_dataset="sekolah-2024", judul="Jumlah Sekolah Menurut Kecamatan 2024",
            topik="pendidikan", satuan="unit", tag="sekolah", sheet_data=...,
            url_data=server.url("/data/sekolah.csv")))
    return rows


def _publish(server: SourceServer, rows: list[dict]) -> str:
    body = daftar_xlsx(rows, data_sheets={"data_penduduk": PENDUDUK_TABLE,
                                          "data_puskesmas": PUSKESMAS_TABLE})
    return server.serve("/dinkes/daftar_data.xlsx", body, XLSX_TYPE)


class Site:
    """The live portal and its background processes (consumers), on one ini."""

    def __init__(self, base: str, ini: Path, token: str, log: Path):
        self.base, self.ini, self.token, self.log = base, ini, token, log

    def action(self, _action: str, _post: bool = False, _token: str | None = None, **data):
        url = f"{self.base}/api/3/action/{_action}"
        headers = {"Authorization": _token or self.token}
        if _post:
            response = requests.post(url, json=data, headers=headers, timeout=120)
        else:
            response = requests.get(url, params=data, headers=headers, timeout=120)
        assert response.status_code == 200, (_action, response.text)
        return response.json()["result"]

    def anonymous(self, _action: str, **params):
        response = requests.get(f"{self.base}/api/3/action/{_action}", params=params,
                                timeout=120)
        assert response.status_code == 200, (_action, response.text)
        return response.json()["result"]

    def page(self, path: str) -> requests.Response:
        return requests.get(self.base + path, timeout=120)

    def ckan(self, *args: str) -> None:
        with self.log.open("ab") as out:
            subprocess.run([CKAN, "-c", str(self.ini), *args], stdout=out,
                           stderr=subprocess.STDOUT, timeout=600, check=True)


@pytest.fixture
def site(pytestconfig, with_plugins, clean_db, clean_index, clean_queues):
    """A clean database with a sysadmin (the operator) and the OPD Dinas Kesehatan with its
    admin; the portal served by gunicorn; ckanext-harvest's gather and fetch consumers. No
    job queued by earlier tests (``clean_queues``): the real job worker the test starts
    would run each of them, loading CKAN again for every job."""
    import ckan.model as model
    from ckan.tests import factories
    from pkl_factories import Opd

    operator = factories.SysadminWithToken()
    opd_admin = factories.UserWithToken(email="admin.dinkes@pekalongankab.go.id")
    opd = Opd(name="dinas-kesehatan", title="Dinas Kesehatan",
              users=[{"name": opd_admin["name"], "capacity": "admin"}])
    model.Session.remove()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    ini = test_ini.with_name(f"{test_ini.stem}-harvest-{port}.ini")
    text = test_ini.read_text()
    text = set_option(text, "ckan.site_url", base)
    text = set_option(text, "ckanext.xloader.api_token", operator["token"])
    text = set_option(text, "ckan.plugins", PLUGINS)
    server = SourceServer()
    # the SSRF guard refuses 127.0.0.1: exactly the source server is allowed
    text = set_option(text, "ckanext.pekalongan.fetch.allowed_hosts",
                      server.base.split("//", 1)[1])
    ini.write_text(text)
    ini.chmod(0o600)
    log = ROOT / "var" / "log" / f"{test_ini.stem}-harvest-done-when.log"
    procs = []
    out = log.open("ab")
    try:
        # queues of this site id left by an earlier, interrupted run (what `ckan harvester
        # purge-queues` does; this process has the same site id and Redis)
        from ckanext.harvest.queue import purge_queues

        purge_queues()
        # one worker: the test sends one request at a time
        procs.append(start_gunicorn(ini, port, out, wait=120, workers=1))
        for consumer in ("gather-consumer", "fetch-consumer"):
            procs.append(subprocess.Popen([CKAN, "-c", str(ini), "harvester", consumer],
                                          stdout=out, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL))
        yield {"site": Site(base, ini, operator["token"], log), "server": server,
               "opd": opd, "opd_admin": opd_admin}
    finally:
        server.close()
        stop(*procs)
        out.close()
        ini.unlink(missing_ok=True)


def _make_due(source_id: str) -> None:
    """Time passes: the source's next scheduled run is now (set by ckanext-harvest to a
    day after the last one for a daily source)."""
    import ckan.model as model

    from ckanext.harvest.model import HarvestSource

    model.Session.remove()
    source = HarvestSource.get(source_id)
    assert source.next_run is not None and source.next_run > dt.datetime.utcnow()
    source.next_run = dt.datetime.utcnow() - dt.timedelta(minutes=1)
    model.Session.commit()
    model.Session.remove()


def _harvested(job_id: str) -> bool:
    """The consumers are done with the job: gathered, and every object imported or failed
    (what ``harvest_jobs_run`` checks before it marks a job Finished)."""
    import ckan.model as model

    from ckanext.harvest.model import HarvestJob, HarvestObject

    model.Session.remove()
    job = HarvestJob.get(job_id)
    if job is None or job.gather_finished is None:
        return False
    return not model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_job_id == job_id,
        HarvestObject.state.notin_(("COMPLETE", "ERROR"))).count()


def _scheduled_run(site: Site, source_id: str, previous_jobs: int, opd_token: str) -> dict:
    """What the scheduler does: ``ckan harvester run`` starts the due job (the consumers
    harvest it), then again until it has closed the finished job (run again only once the
    consumers are done with it: a run before that would only find it still running).
    Returns the source's row of the harvest dashboard, as the OPD's admin sees it."""
    before = {j["id"] for j in site.action("harvest_job_list", source_id=source_id)}
    assert len(before) == previous_jobs
    site.ckan("harvester", "run")
    new = [j["id"] for j in site.action("harvest_job_list", source_id=source_id)
           if j["id"] not in before]
    assert len(new) == 1, "the scheduler did not start one job"
    deadline = time.time() + 600
    while True:
        while not _harvested(new[0]):
            assert time.time() < deadline, f"job not harvested; see {site.log}"
            time.sleep(0.3)
        site.ckan("harvester", "run")
        [job] = [j for j in site.action("harvest_job_list", source_id=source_id)
                 if j["id"] == new[0]]
        if job["status"] == "Finished":
            break
        assert time.time() < deadline, f"job still {job['status']}; see {site.log}"
    dashboard = site.action("pekalongan_harvest_dashboard", _token=opd_token)
    assert [org["name"] for org in dashboard["organizations"]] == ["dinas-kesehatan"]
    [row] = [s for org in dashboard["organizations"] for s in org["sources"]
             if s["id"] == source_id]
    assert row["last_job"]["job_id"] == job["id"]
    return row


def _solr_indexed_ts(site: Site, name: str) -> str:
    import ckan.plugins.toolkit as tk

    params = {"q": f'name:"{name}" AND site_id:"{tk.config["ckan.site_id"]}"',
              "fl": "indexed_ts", "wt": "json"}
    response = requests.get(tk.config["solr_url"] + "/select", params=params, timeout=60)
    [doc] = response.json()["response"]["docs"]
    return doc["indexed_ts"]


def _written(site: Site) -> dict:
    """What a run that writes would change: per dataset its modification time, its number
    of activities and when Solr indexed it; the DataStore loads queued."""
    state = {}
    for name in NAMES:
        package = site.action("package_show", id=name)
        activities = site.action("package_activity_list", id=name, limit=100)
        state[name] = (package["metadata_modified"], len(activities),
                       _solr_indexed_ts(site, name))
    return state


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_an_opd_workbook_source_is_published_kept_and_pruned_on_schedule(site):
    site_, server, opd = site["site"], site["server"], site["opd"]
    opd_token = site["opd_admin"]["token"]

    # 1. the operator adds the OPD's daftar data URL as a daily source of that OPD
    url = _publish(server, _rows(server))
    source = site_.action("harvest_source_create", _post=True, name="dinkes-daftar-data",
                          title="Daftar data Dinas Kesehatan", url=url,
                          source_type="opd_workbook", owner_org=opd["id"], frequency="DAILY")

    # 2. the scheduled run publishes every row under the OPD, with metadata and previews
    row = _scheduled_run(site_, source["id"], 0, opd_token)
    job = row["last_job"]
    assert (row["outcome"], job["added"], job["error_count"]) == ("ok", 3, 0), job
    assert row["datasets"] == {"published": 3, "withdrawn": 0}
    assert row["next_run"] and row["next_run"] > dt.datetime.utcnow().isoformat()
    found = site_.anonymous("package_search", fq=f"organization:{opd['name']}", rows=10)
    assert sorted(r["name"] for r in found["results"]) == list(NAMES)
    site_.ckan("jobs", "worker", "--burst")  # xloader: the tables into the DataStore
    penduduk = site_.anonymous("package_show", id="dinas-kesehatan-penduduk-2024")
    assert penduduk["organization"]["name"] == "dinas-kesehatan"
    assert (penduduk["topik"], penduduk["tahun"], penduduk["satuan"]) == (
        "kependudukan", 2024, "jiwa")
    assert penduduk["kode_wilayah"] == ["33.26.08", "33.26.13"]
    assert penduduk["contact_email"] == "dukcapil@pekalongankab.go.id"
    for name, table in zip(NAMES, (PENDUDUK_TABLE, PUSKESMAS_TABLE, SEKOLAH_TABLE), strict=True):
        [resource] = site_.anonymous("package_show", id=name)["resources"]
        assert resource["format"] == "CSV" and resource["datastore_active"], resource
        records = site_.anonymous("datastore_search", resource_id=resource["id"])
        assert records["total"] == len(table) - 1
        assert [f["id"] for f in records["fields"] if f["id"] != "_id"] == table[0]
        views = site_.anonymous("resource_view_list", id=resource["id"])
        assert "datatables_view" in {v["view_type"] for v in views}, views
    page = site_.page("/dataset/dinas-kesehatan-puskesmas-2024")
    assert page.status_code == 200
    assert "Jumlah Puskesmas 2022-2024" in page.text and "Dinas Kesehatan" in page.text
    [table_view] = [v for v in views if v["view_type"] == "datatables_view"]
    resource_page = site_.page(f"/dataset/{NAMES[2]}/resource/{table_view['resource_id']}"
                               f"?view_id={table_view['id']}")
    assert resource_page.status_code == 200
    view_path = (f"/dataset/{NAMES[2]}/resource/{table_view['resource_id']}"
                 f"/view/{table_view['id']}")
    assert view_path in resource_page.text  # the preview's iframe
    preview = site_.page(view_path)
    assert preview.status_code == 200 and 'data-module="datatables_view"' in preview.text

    # 3. the next scheduled run over the unchanged workbook changes nothing
    before = _written(site_)
    _make_due(source["id"])
    row = _scheduled_run(site_, source["id"], 1, opd_token)
    job = row["last_job"]
    assert (row["outcome"], job["unchanged"], job["added"], job["updated"],
            job["withdrawn"]) == ("ok", 3, 0, 0, 0), job
    assert _written(site_) == before
    queued = site_.action("job_list")
    assert queued == [], "an unchanged run queued DataStore loads"

    # 4. a row removed from the workbook: its dataset is withdrawn at the following run
    _publish(server, _rows(server, with_sekolah=False))
    _make_due(source["id"])
    row = _scheduled_run(site_, source["id"], 2, opd_token)
    job = row["last_job"]
    assert (row["outcome"], job["withdrawn"], job["unchanged"]) == ("ok", 1, 2), job
    assert row["datasets"] == {"published": 2, "withdrawn": 1}
    found = site_.anonymous("package_search", fq=f"organization:{opd['name']}", rows=10)
    assert sorted(r["name"] for r in found["results"]) == list(NAMES[:2])
    page = site_.page("/dataset/dinas-kesehatan-sekolah-2024")  # the URL still answers
    assert page.status_code == 200
    assert "Dataset ini telah ditarik oleh Dinas Kesehatan." in page.text
    kept = site_.anonymous("package_show", id="dinas-kesehatan-sekolah-2024")
    assert kept["state"] == "active" and kept["resources"][0]["datastore_active"]

