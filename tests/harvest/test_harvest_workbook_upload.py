"""An OPD's staff upload their filled-in daftar data workbook ("Unggah buku kerja",
/harvest-dashboard/unggah): the file is checked (XLSX only, size cap, no HTML or SVG), stored in
CKAN's storage, the OPD's upload source is created once and a harvest job is put on
ckanext-harvest's gather queue (Redis); the queued job harvests the stored file."""
from __future__ import annotations

import io
import json
import os

import pytest
from ckan.tests import factories, helpers
from pkl_factories import PASSWORD, Opd
from pkl_harvest import PLUGINS
from pkl_harvest_builders import daftar_xlsx, valid_row
from pkl_web import Browser, alerts

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _queued_job_ids() -> list[str]:
    from ckanext.harvest import queue

    redis = queue.get_connection()
    return [json.loads(m)["harvest_job_id"]
            for m in redis.lrange(queue.get_gather_routing_key(), 0, -1)]


def _upload(browser, organization, data, filename="daftar_data.xlsx"):
    return browser.post("/harvest-dashboard/unggah",
                        {"organization": organization, "upload": (io.BytesIO(data), filename)},
                        follow_redirects=False)


def _sources(org_id):
    import ckan.model as model

    return model.Session.query(model.Package).filter(
        model.Package.type == "harvest", model.Package.owner_org == org_id,
        model.Package.state == "active").all()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckanext.pekalongan.harvest.upload_max_mb", 1)
class TestWorkbookUpload:
    @pytest.fixture(autouse=True)
    def empty_queues(self):
        from ckanext.harvest import queue

        queue.purge_queues()
        yield
        queue.purge_queues()

    @pytest.fixture
    def clerk(self, opd):
        user = factories.User(password=PASSWORD)
        helpers.call_action("organization_member_create", id=opd["id"],
                            username=user["name"], role="editor")
        return user

    def test_an_uploaded_workbook_is_queued_and_harvested_into_the_opd(self, app, clerk, opd):
        from ckanext.harvest import queue
        from ckanext.harvest.model import HarvestJob
        from ckanext.harvest.tests.lib import run_harvest_job

        browser = Browser(app).login(clerk)
        form = browser.get("/harvest-dashboard/unggah").get_data(as_text=True)
        assert "Dinas Kesehatan" in form and 'type="file"' in form
        response = _upload(browser, opd["name"], daftar_xlsx([valid_row()]))
        assert response.status_code == 302, alerts(response.get_data(as_text=True))
        [source] = _sources(opd["id"])
        assert "/harvest-dashboard/unggahan/dinas-kesehatan/" in source.url
        [job_id] = _queued_job_ids()
        job = HarvestJob.get(job_id)
        assert job.source_id == source.id and job.status == "Running"
        from ckanext.pekalongan_harvesters import uploads

        assert os.path.getsize(uploads.path_for(opd["id"])) > 0
        harvester = queue.get_harvester("opd_workbook")
        run_harvest_job(job, harvester)
        found = helpers.call_action("package_search", fq=f"owner_org:{opd['id']}")
        assert found["count"] == 1
        assert found["results"][0]["title"].startswith("Jumlah Penduduk")

    def test_a_second_upload_reuses_the_source_and_the_waiting_job(self, app, clerk, opd):
        browser = Browser(app).login(clerk)
        assert _upload(browser, opd["name"], daftar_xlsx([valid_row()])).status_code == 302
        assert _upload(browser, opd["name"], daftar_xlsx([valid_row()])).status_code == 302
        assert len(_sources(opd["id"])) == 1
        assert len(_queued_job_ids()) == 1

    @pytest.mark.parametrize(("data", "filename"), [
        (HTML, "daftar_data.xlsx"),
        (SVG, "daftar_data.xlsx"),
        (SVG, "gambar.svg"),
        (b"id_dataset,judul\n", "daftar_data.csv"),
        (b"", "daftar_data.xlsx"),
        (b"PK\x03\x04" + b"\x00" * (1024 * 1024 + 10), "besar.xlsx"),
    ], ids=["html", "svg-renamed", "svg", "csv", "empty", "too-large"])
    def test_anything_but_a_workbook_is_refused_on_the_form(
            self, app, clerk, opd, data, filename):
        browser = Browser(app).login(clerk)
        response = _upload(browser, opd["name"], data, filename)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'id="pkl-upload-errors"' in page
        assert "Buku kerja tidak diunggah" in page  # in Indonesian
        assert "<script>alert(1)" not in page
        assert _sources(opd["id"]) == [] and _queued_job_ids() == []

    def test_another_opds_workbook_is_refused(self, app, clerk, opd):
        other = Opd(name="dinas-lain", title="Dinas Lain")
        browser = Browser(app).login(clerk)
        response = _upload(browser, other["name"], daftar_xlsx([valid_row()]))
        assert response.status_code == 200
        assert "staf OPD ini" in response.get_data(as_text=True)
        assert _sources(other["id"]) == [] and _queued_job_ids() == []
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "pekalongan_harvest_workbook_upload",
                context={"user": clerk["name"], "ignore_auth": False},
                organization=other["id"], upload=_file(daftar_xlsx([valid_row()])))

    def test_the_api_answers_a_validation_error_in_indonesian(self, clerk, opd):
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action(
                "pekalongan_harvest_workbook_upload",
                context={"user": clerk["name"], "ignore_auth": False},
                organization=opd["name"], upload=_file(HTML, "daftar_data.xlsx"))
        assert "upload" in error.value.error_dict
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action(
                "pekalongan_harvest_workbook_upload",
                context={"user": clerk["name"], "ignore_auth": False},
                organization="\x00", upload=None)
        assert "organization" in error.value.error_dict

    def test_someone_who_works_for_no_opd_cannot_open_the_form(self, app):
        user = factories.User(password=PASSWORD)
        assert Browser(app).login(user).get("/harvest-dashboard/unggah").status_code == 403


def _file(data: bytes, filename: str = "daftar_data.xlsx"):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=filename)
