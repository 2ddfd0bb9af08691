"""DataStore previews through the real stack: CSV and XLSX uploaded through the API of a
live portal (gunicorn), loaded by ckanext-xloader in a real ``ckan jobs worker --burst``
(it downloads the file from the portal and reports back to ``xloader_hook``), then read with
``datastore_search`` and seen on the resource pages: the table view, the chart of a time
series, and the reason when a file cannot be previewed. Bad uploads are refused with a
field error and nothing saved.

The portal of this module runs with its own ini (a copy of the test site's): the xloader
API token of a sysadmin created here, the ``pekalongan_previews`` plugin and the chart as a
default view, and a 1 MB upload limit.
"""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import requests
from openpyxl import Workbook
from pkl_live import free_port, set_option, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
PREVIEW_PLUGINS = "pekalongan_previews"
GOOD_CSV = b"tahun,laki_laki,perempuan,jumlah,persen_miskin\n" \
           b"2019,484233,477109,961342,9.71\n2020,487011,480120,967131,10.09\n" \
           b"2021,489940,482911,972851,10.19\n2022,492120,485002,977122,9.67\n"
RAGGED_CSV = b"tahun,jumlah\n2019,10\n2020,11,99\n2021,12\n"
JUNK_CSV = bytes(range(256)) * 8
LATIN1_CSV = "tahun,kecamatan,jumlah\n2020,Kedungwuni Timur \xe9,12\n".encode("latin-1")


def workbook(merge: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["tahun", "luas_panen_ha", "produksi_ton", "keterangan"])
    for year, area, ton in ((2021, 38201.5, 218140), (2022, 38010.25, 220300),
                            (2023, 37950.0, 221020)):
        ws.append([year, area, ton, "angka tetap"])
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class Portal:
    def __init__(self, base: str, ini: Path, token: str, dataset: dict):
        self.base, self.ini, self.token, self.dataset = base, ini, token, dataset

    def action(self, action_name: str, files=None, **data):
        call = requests.post if files or data.pop("_post", False) else requests.get
        kwargs = {"headers": {"Authorization": self.token}, "timeout": 60}
        if call is requests.post:
            kwargs.update(data=data, files=files)
        else:
            kwargs.update(params=data)
        return call(f"{self.base}/api/3/action/{action_name}", **kwargs)

    def upload(self, filename: str, body: bytes, fmt: str, **extra):
        return self.action("resource_create", files={"upload": (filename, body)},
                           package_id=self.dataset["id"], name=filename, format=fmt, **extra)

    def run_jobs(self) -> None:
        log = (ROOT / "var" / "log" / f"{self.ini.stem}-worker.log").open("ab")
        subprocess.run([str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(self.ini), "jobs",
                        "worker", "--burst"], stdout=log, stderr=subprocess.STDOUT,
                       timeout=600, check=True)

    def page(self, path: str) -> str:
        response = requests.get(self.base + path, timeout=60)
        assert response.status_code == 200, path
        return response.text


@pytest.fixture(scope="module")
def portal(pytestconfig, reset_db, migrate_db_for, reset_queues):
    """A clean database with one sysadmin (its token loads the DataStore), one OPD and one
    dataset, served by gunicorn with the previews plugin."""
    import ckan.model as model
    from ckan import plugins
    from ckan.tests import factories
    from pkl_factories import SatuDataset
    from pkl_search import empty_database

    plugins.load_all()
    empty_database(pytestconfig, reset_db, migrate_db_for)

    # no jobs left by earlier tests (Suara notifications nobody ran): the real worker below
    # would run each of them, loading CKAN again for every job
    reset_queues()
    admin = factories.SysadminWithToken()
    dataset = SatuDataset(name="produksi-uji-pratinjau", title="Produksi Uji Pratinjau")
    model.Session.remove()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    ini = test_ini.with_name(f"{test_ini.stem}-previews-{port}.ini")
    text = test_ini.read_text()
    text = set_option(text, "ckan.site_url", base)
    text = set_option(text, "ckanext.xloader.api_token", admin["token"])
    text = set_option(text, "ckan.max_resource_size", "1")
    text = set_option(text, "ckanext.xloader.use_type_guessing", "true")
    plugins = re.search(r"(?m)^ckan\.plugins = (.*)$", text).group(1).split()
    if PREVIEW_PLUGINS not in plugins:
        plugins.append(PREVIEW_PLUGINS)
    text = set_option(text, "ckan.plugins", " ".join(plugins))
    views = re.search(r"(?m)^ckan\.views\.default_views = (.*)$", text).group(1).split()
    if "pekalongan_chart" not in views:
        views.append("pekalongan_chart")
    text = set_option(text, "ckan.views.default_views", " ".join(views))
    ini.write_text(text)

    log = (ROOT / "var" / "log" / "test-previews-portal.log").open("ab")
    proc = start_gunicorn(ini, port, log)
    try:
        yield Portal(base, ini, admin["token"], dataset)
    finally:
        stop(proc)
        ini.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def loaded(portal):
    """Good and bad files uploaded, then every queued xloader job run by a real worker."""
    uploads = {
        "csv": ("penduduk.csv", GOOD_CSV, "CSV"),
        "xlsx": ("produksi.xlsx", workbook(), "XLSX"),
        "ragged": ("ragged.csv", RAGGED_CSV, "CSV"),
        "junk": ("junk.csv", JUNK_CSV, "CSV"),
        "latin1": ("latin1.csv", LATIN1_CSV, "CSV"),
        "merged": ("merged.xlsx", workbook("B1:C1"), "XLSX"),
    }
    resources = {}
    for key, (filename, body, fmt) in uploads.items():
        response = portal.upload(filename, body, fmt)
        assert response.status_code == 200, response.text
        resources[key] = response.json()["result"]
    portal.run_jobs()
    return resources


def _search(portal, resource_id):
    response = portal.action("datastore_search", resource_id=resource_id, limit=100)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_csv_is_loaded_into_the_datastore_with_numbers_typed(portal, loaded):
    result = _search(portal, loaded["csv"]["id"])
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert result["total"] == 4
    assert types["tahun"] == types["jumlah"] == types["persen_miskin"] == "numeric"
    first = sorted(result["records"], key=lambda r: r["_id"])[0]
    assert (int(first["tahun"]), int(first["jumlah"])) == (2019, 961342)
    assert float(first["persen_miskin"]) == 9.71


def test_xlsx_is_loaded_into_the_datastore(portal, loaded):
    result = _search(portal, loaded["xlsx"]["id"])
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert result["total"] == 3
    # whole numbers are typed; xloader 2.5.2 leaves spreadsheet decimals (float cells) as
    # text, which the chart still reads as numbers
    assert types["tahun"] == "numeric" and types["produksi_ton"] == "numeric"
    assert types["keterangan"] == "text"
    rows = sorted(result["records"], key=lambda r: r["_id"])
    assert float(rows[1]["luas_panen_ha"]) == 38010.25
    assert rows[0]["keterangan"] == "angka tetap"


@pytest.mark.parametrize("key", ["csv", "xlsx"])
def test_time_series_get_a_table_and_a_chart_view(portal, loaded, key):
    views = portal.action("resource_view_list", id=loaded[key]["id"]).json()["result"]
    assert {"datatables_view", "pekalongan_chart"} <= {v["view_type"] for v in views}
    chart = next(v for v in views if v["view_type"] == "pekalongan_chart")
    assert chart["title"] == "Grafik"
    html = portal.page(f"/dataset/{portal.dataset['name']}/resource/{loaded[key]['id']}"
                       f"?view_id={chart['id']}")
    assert 'class="pkl-chart"' in html and "<polyline" in html
    assert "<desc" in html and '<th scope="row">2021</th>' in html
    table = next(v for v in views if v["view_type"] == "datatables_view")
    html = portal.page(f"/dataset/{portal.dataset['name']}/resource/{loaded[key]['id']}"
                       f"?view_id={table['id']}")
    frame = re.search(rf'<iframe[^>]+src="([^"]*/view/{table["id"]}[^"]*)"', html)
    assert frame, "the table view is not embedded in the resource page"
    table_html = portal.page(frame.group(1).replace(portal.base, ""))
    assert 'id="dtprv"' in table_html and 'data-type="numeric"' in table_html


@pytest.mark.parametrize("key, reason", [
    ("ragged", "baris 3 memiliki 3 sel"),
    ("junk", "bukan CSV teks"),
    ("latin1", "tidak berenkode UTF-8"),
    ("merged", "sel gabungan (merged cells) di B1:C1"),
])
def test_unpreviewable_files_are_kept_with_the_reason_on_their_page(portal, loaded, key,
                                                                   reason):
    resource = loaded[key]
    shown = portal.action("resource_show", id=resource["id"]).json()["result"]
    assert shown["url_type"] == "upload" and not shown.get("datastore_active")
    assert portal.action("datastore_search", resource_id=resource["id"]).status_code == 404
    status = portal.action("pekalongan_preview_status", resource_id=resource["id"])
    assert status.json()["result"]["state"] == "error"
    xloader = portal.action("xloader_status", resource_id=resource["id"]).json()["result"]
    assert xloader["status"] == "error" and xloader["error"]["message"]
    html = portal.page(f"/dataset/{portal.dataset['name']}/resource/{resource['id']}")
    assert "Pratinjau tidak tersedia" in html and reason in html
    english = portal.page(f"/en/dataset/{portal.dataset['name']}/resource/{resource['id']}")
    assert "Preview not available" in english


def test_the_dataset_stays_intact_after_bad_files(portal, loaded):
    dataset = portal.action("package_show", id=portal.dataset["id"]).json()["result"]
    assert dataset["state"] == "active"
    assert {r["id"] for r in dataset["resources"]} == {r["id"] for r in loaded.values()}


@pytest.mark.parametrize("filename, body, fmt, words", [
    ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "EXE", "program"),
    ("tabel.csv", b"PK\x03\x04" + b"\x00" * 100, "CSV", "ZIP/XLSX/DOCX"),
    ("tabel.xlsx", b"tahun,jumlah\n2020,1\n", "XLSX", "tidak sesuai dengan ekstensinya"),
    ("besar.csv", b"tahun,jumlah\n" + b"2020,1\n" * 200_000, "CSV", "batasnya 1 MB"),
], ids=["program", "zip-named-csv", "csv-named-xlsx", "over-size"])
def test_bad_uploads_are_refused_with_a_field_error_and_nothing_saved(portal, loaded,
                                                                     filename, body, fmt,
                                                                     words):
    before = len(portal.action("package_show", id=portal.dataset["id"]).json()["result"]
                 ["resources"])
    response = portal.upload(filename, body, fmt)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error"
    assert words in " ".join(error["upload"])
    after = portal.action("package_show", id=portal.dataset["id"]).json()["result"]
    assert len(after["resources"]) == before


def test_bad_upload_in_the_form_is_shown_as_a_form_error(portal, loaded):
    session = requests.Session()
    session.headers["Authorization"] = portal.token
    url = f"{portal.base}/dataset/{portal.dataset['name']}/resource/new"
    form = session.get(url, timeout=60).text
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form)
    data = {"name": "program", "format": "", "save": "go-metadata", "id": ""}
    if csrf:
        data["_csrf_token"] = csrf.group(1)
    response = session.post(url, data=data, timeout=60,
                            files={"upload": ("virus.exe", b"MZ\x90\x00" + b"\x00" * 64)})
    assert response.status_code == 200
    assert "error-explanation" in response.text or "alert-error" in response.text
    assert "tidak dapat diunggah" in response.text


def test_demo_loader_adds_missing_datastore_views_once(portal, loaded, app):
    """``ckan pekalongan load-demo`` gives resources loaded before the chart plugin was
    enabled their chart; a second run creates nothing."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.pekalongan.demo import loader

    resource_id = loaded["csv"]["id"]
    views = portal.action("resource_view_list", id=resource_id).json()["result"]
    chart = next(v for v in views if v["view_type"] == "pekalongan_chart")
    assert portal.action("resource_view_delete", id=chart["id"], _post=True).ok
    model.Session.remove()
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    with app.flask_app.test_request_context():  # as the CLI runs it
        assert loader._ensure_datastore_views(user, portal.dataset["name"]) == 1
        assert loader._ensure_datastore_views(user, portal.dataset["name"]) == 0
    views = portal.action("resource_view_list", id=resource_id).json()["result"]
    charts = [v for v in views if v["view_type"] == "pekalongan_chart"]
    assert [v["title"] for v in charts] == ["Grafik"]


@pytest.mark.browser
@pytest.mark.parametrize("key", ["csv", "merged"])
def test_preview_pages_have_no_serious_wcag_21_aa_violation(portal, loaded, browser, key):
    """axe-core (bundled in axe-playwright-python) on the resource page with its chart,
    and on the page that explains a missing preview."""
    from axe_playwright_python.base import AXE_SCRIPT

    path = f"/dataset/{portal.dataset['name']}/resource/{loaded[key]['id']}"
    if key == "csv":
        views = portal.action("resource_view_list", id=loaded[key]["id"]).json()["result"]
        path += "?view_id=" + next(v["id"] for v in views
                                   if v["view_type"] == "pekalongan_chart")
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        assert page.goto(portal.base + path, wait_until="load").status == 200
        assert page.locator(".pkl-chart-view, .pkl-preview-status").count() == 1
        shots = ROOT / "var" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"preview-{key}.png"), full_page=True)
        page.add_script_tag(content=AXE_SCRIPT)
        results = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    finally:
        context.close()
    blocking = [(v["id"], [n["target"] for n in v["nodes"]][:5])
                for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert blocking == []
