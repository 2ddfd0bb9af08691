"""Issue 17, defects 1 and 3 (harvesters): no dataset takeover through a harvest source, no
server-side request forgery through a harvester.

A fake remote CKAN (a local HTTP server) answers ``package_search`` with ANOTHER OPD's
dataset (its id, its name, ``status_verifikasi = terverifikasi``); the harvest must create
a dataset of its own in the source's OPD and leave the other one alone, also when the
source is cleared. Only our harvesters are offered, only sysadmins and the admins of the
source's OPD manage a source, the walidata's verification survives a harvest, and what a
harvest writes shows in the dataset's activity stream. Every URL a harvester fetches is
refused when it resolves (or redirects) to the loopback, a private network or a cloud
metadata address, with the reason in the job's errors.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ckan.tests import factories, helpers

ROOT = Path(__file__).resolve().parents[2]

import ckan.plugins.toolkit as tk  # noqa: E402
from pkl_factories import Opd, SatuDataset  # noqa: E402
from pkl_harvest import PLUGINS, SourceServer, make_source, run, site_user  # noqa: E402

ALLOWED_HOSTS = "ckanext.pekalongan.fetch.allowed_hosts"
BLOCKED = "portal tidak boleh mengambil"


@pytest.fixture
def server(ckan_config, monkeypatch):
    """A local HTTP server; the SSRF guard lets the harvesters reach exactly it."""
    srv = SourceServer()
    monkeypatch.setitem(ckan_config, ALLOWED_HOSTS, srv.base.split("//", 1)[1])
    yield srv
    srv.close()


@pytest.fixture
def cast():
    """Two OPDs: the victim's (with a verified dataset) and the attacker's, whose admin and
    editor are ordinary users."""
    admin = factories.User()
    editor = factories.User()
    other_admin = factories.User()
    attacker_opd = Opd(name="dinas-penyerang", users=[
        {"name": admin["name"], "capacity": "admin"},
        {"name": editor["name"], "capacity": "editor"}])
    victim_opd = Opd(name="dinas-korban", users=[
        {"name": other_admin["name"], "capacity": "admin"}])
    victim = SatuDataset(owner_org=victim_opd["id"], name="data-korban",
                         title="Data Korban")
    victim = helpers.call_action("package_patch", context={"user": site_user()},
                                 id=victim["id"], status_verifikasi="terverifikasi")
    return {"admin": admin, "editor": editor, "other_admin": other_admin,
            "attacker_opd": attacker_opd, "victim_opd": victim_opd, "victim": victim}


def _remote_ckan(server: SourceServer, datasets: list[dict]) -> str:
    body = json.dumps({"success": True, "result": {"count": len(datasets),
                                                   "results": datasets}})
    server.serve("/api/3/action/package_search", body.encode(), "application/json")
    return server.base


def _impostor(victim: dict, **changes) -> dict:
    """What the fake remote says: the victim's id and name, a new title, verified."""
    remote = {"id": victim["id"], "name": victim["name"], "type": "dataset",
              "title": "Diambil Alih", "notes": "ditimpa", "owner_org": victim["owner_org"],
              "topik": "kesehatan", "satuan": "orang", "frekuensi": "tahunan", "tahun": 2024,
              "status_verifikasi": "terverifikasi", "resources": []}
    remote.update(changes)
    return remote


def _untouched(before: dict) -> None:
    after = helpers.call_action("package_show", id=before["id"])
    assert after["state"] == "active"
    assert (after["owner_org"], after["title"], after["name"], after["status_verifikasi"],
            after["metadata_modified"]) == (
        before["owner_org"], before["title"], before["name"], "terverifikasi",
        before["metadata_modified"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestNoTakeover:
    def test_only_our_harvesters_are_offered(self, cast):
        offered = {h["name"] for h in helpers.call_action("harvesters_info_show")}
        assert offered == {"opd_workbook", "pekalongan_ckan", "pekalongan_dcat_rdf"}
        with pytest.raises(tk.ValidationError) as caught:
            make_source(cast["attacker_opd"]["id"], "https://data.example.org",
                        source_type="ckan")
        assert "source_type" in caught.value.error_dict

    def test_another_opds_dataset_is_never_matched_overwritten_or_moved(self, cast, server):
        victim = cast["victim"]
        url = _remote_ckan(server, [_impostor(victim)])
        source = make_source(cast["attacker_opd"]["id"], url, source_type="pekalongan_ckan")
        summary = run(source)
        assert (summary.outcome, summary.added) == ("ok", 1), summary
        _untouched(victim)
        [copy] = helpers.call_action(
            "package_search", fq=f"owner_org:{cast['attacker_opd']['id']}")["results"]
        assert copy["id"] != victim["id"] and copy["name"] != victim["name"]
        assert copy["status_verifikasi"] == "belum_diverifikasi"  # never the remote's

        # the remote drops it: only the source's own copy is withdrawn
        _remote_ckan(server, [_impostor(victim, id="lain", name="lain")])
        run(source)
        _untouched(victim)

        # clearing the source deletes what it created, nothing else
        helpers.call_action("harvest_source_clear", context={"user": site_user()},
                            id=source["id"])
        _untouched(victim)
        assert helpers.call_action("package_search",
                                   fq=f"owner_org:{cast['attacker_opd']['id']}")["count"] == 0

    def test_clearing_never_deletes_a_dataset_the_source_did_not_create(self, cast, server):
        """A harvest object of the source that points at another OPD's dataset (what the
        stock harvester recorded when it took the remote's id) does not take that dataset
        with it when the source is cleared."""
        victim = cast["victim"]
        source = make_source(cast["attacker_opd"]["id"], _remote_ckan(server, []),
                             source_type="pekalongan_ckan")
        job = helpers.call_action("harvest_job_create", context={"user": site_user()},
                                  source_id=source["id"], run=False)
        helpers.call_action("harvest_object_create", context={"user": site_user()},
                            job_id=job["id"], source_id=source["id"], guid=victim["id"],
                            package_id=victim["id"])
        helpers.call_action("harvest_source_clear", context={"user": site_user()},
                            id=source["id"])
        _untouched(victim)

    def test_the_walidatas_verification_survives_a_harvest(self, cast, server):
        remote = _impostor(cast["victim"], id="remote-1", name="data-remote")
        url = _remote_ckan(server, [remote])
        source = make_source(cast["attacker_opd"]["id"], url, source_type="pekalongan_ckan")
        run(source)
        [copy] = helpers.call_action(
            "package_search", fq=f"owner_org:{cast['attacker_opd']['id']}")["results"]
        helpers.call_action("package_patch", context={"user": site_user()}, id=copy["id"],
                            status_verifikasi="terverifikasi")
        _remote_ckan(server, [dict(remote, title="Judul Baru",
                                   status_verifikasi="perlu_perbaikan")])
        assert run(source).updated == 1
        copy = helpers.call_action("package_show", id=copy["id"])
        assert (copy["title"], copy["status_verifikasi"]) == ("Judul Baru", "terverifikasi")

    def test_what_a_harvest_writes_shows_in_the_activity_stream(self, cast, server):
        remote = _impostor(cast["victim"], id="remote-2", name="data-aktivitas")
        source = make_source(cast["attacker_opd"]["id"], _remote_ckan(server, [remote]),
                             source_type="pekalongan_ckan")
        run(source)
        [copy] = helpers.call_action(
            "package_search", fq=f"owner_org:{cast['attacker_opd']['id']}")["results"]
        _remote_ckan(server, [dict(remote, title="Judul Diubah Panen")])
        run(source)
        viewer = factories.Sysadmin()
        activities = helpers.call_action("package_activity_list",
                                         context={"user": viewer["name"]}, id=copy["id"])
        kinds = [a["activity_type"] for a in activities]
        assert kinds[:2] == ["changed package", "new package"], kinds
        user = helpers.call_action("user_show", id=activities[0]["user_id"])
        assert user["name"] == tk.config.get("ckanext.pekalongan.harvest.user", "pemanen")
        assert activities[0]["data"]["package"]["title"] == "Judul Diubah Panen"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestWhoManagesASource:
    URL = "https://data.example.org/daftar.xlsx"

    def _create(self, user: dict, org: dict, **extra):
        return helpers.call_action(
            "harvest_source_create", context={"user": user["name"], "ignore_auth": False},
            name=extra.pop("name", "sumber-uji"), title="Sumber uji", url=self.URL,
            source_type="opd_workbook", owner_org=org["id"], frequency="MANUAL", **extra)

    def test_an_opd_editor_may_not_create_a_source(self, cast):
        with pytest.raises(tk.NotAuthorized):
            self._create(cast["editor"], cast["attacker_opd"])

    def test_an_opd_admin_may_not_target_another_opd(self, cast):
        with pytest.raises(tk.NotAuthorized):
            self._create(cast["admin"], cast["victim_opd"])

    def test_an_opd_admin_manages_the_sources_of_the_opd_only(self, cast):
        source = self._create(cast["admin"], cast["attacker_opd"])
        as_admin = {"user": cast["admin"]["name"], "ignore_auth": False}
        helpers.call_action("harvest_source_patch", context=dict(as_admin),
                            id=source["id"], title="Sumber uji (ubah)")
        with pytest.raises(tk.NotAuthorized):  # moving it into another OPD
            helpers.call_action("harvest_source_patch", context=dict(as_admin),
                                id=source["id"], owner_org=cast["victim_opd"]["id"])
        as_editor = {"user": cast["editor"]["name"], "ignore_auth": False}
        for action, data in (("harvest_source_patch", {"id": source["id"], "url": self.URL}),
                             ("harvest_job_create", {"source_id": source["id"]}),
                             ("harvest_source_clear", {"id": source["id"]}),
                             ("harvest_source_delete", {"id": source["id"]})):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action(action, context=dict(as_editor), **data)
        as_other = {"user": cast["other_admin"]["name"], "ignore_auth": False}
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("harvest_source_clear", context=dict(as_other),
                                id=source["id"])
        helpers.call_action("harvest_job_create", context=dict(as_admin),
                            source_id=source["id"], run=False)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestNoRequestForgery:
    @pytest.fixture
    def opd(self):
        return Opd(name="dinas-ssrf")

    @pytest.fixture
    def local(self):
        """A server on the loopback that the guard does NOT allow (nothing configured)."""
        srv = SourceServer()
        srv.serve("/daftar.xlsx", b"id_dataset,judul\n", "text/csv")
        srv.serve("/api/3/action/package_search", json.dumps(
            {"success": True, "result": {"count": 0, "results": []}}).encode(),
            "application/json")
        yield srv
        srv.close()

    @pytest.fixture
    def stored_source(self, opd, ckan_config, monkeypatch):
        """``stored_source(url)``: a source stored with ``url`` although the entry check
        refuses it (as one entered while its name still resolved to a public address), so
        that the guard of the run itself is what the test sees."""

        def make(url: str, **kw) -> dict:
            host = url.split("//", 1)[1].split("/", 1)[0]
            with monkeypatch.context() as m:
                m.setitem(ckan_config, ALLOWED_HOSTS, host)
                return make_source(opd["id"], url, **kw)

        return make

    @pytest.mark.parametrize("url", [
        "http://127.0.0.1:9/daftar.xlsx",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.20.30.40/daftar.xlsx",
        "http://localhost:8983/solr/",
        "http://[::1]:5432/",
        "http://2130706433/",
        "ftp://data.example.go.id/daftar.xlsx",
    ])
    def test_a_local_source_url_is_refused_when_entered(self, opd, url):
        with pytest.raises(tk.ValidationError) as refused:
            make_source(opd["id"], url)
        assert list(refused.value.error_dict) == ["url"]
        # outside a web request the message is the msgid (English)
        assert refused.value.error_dict["url"][0].startswith(("The portal may not fetch",
                                                              "Only http")), \
            refused.value.error_dict

    def test_a_stored_source_cannot_be_changed_to_a_local_url(self, opd, server):
        from pkl_harvest import patch_source

        source = make_source(opd["id"], server.url("/daftar.xlsx"))
        with pytest.raises(tk.ValidationError) as refused:
            patch_source(source, url="http://169.254.169.254/latest/meta-data/")
        assert "url" in refused.value.error_dict

    @pytest.mark.parametrize("source_type, path", [
        ("opd_workbook", "/daftar.xlsx"),
        ("pekalongan_ckan", ""),
        ("pekalongan_dcat_rdf", "/catalog.ttl"),
    ])
    def test_a_source_on_the_loopback_is_refused(self, stored_source, local, source_type,
                                                 path):
        source = stored_source(local.base + path, source_type=source_type)
        summary = run(source)
        assert summary.outcome == "failed"
        assert BLOCKED in summary.gather_errors[0], summary.gather_errors
        assert "127.0.0.1" in summary.gather_errors[0]
        assert local.hits == []  # never connected

    @pytest.mark.parametrize("url, address", [
        ("http://169.254.169.254/latest/meta-data/daftar.xlsx", "169.254.169.254"),
        ("http://10.20.30.40/daftar.xlsx", "10.20.30.40"),
        ("http://localhost:9/daftar.xlsx", "localhost"),  # resolves to 127.0.0.1 / ::1
        ("http://[::ffff:127.0.0.1]:9/daftar.xlsx", "127.0.0.1"),
    ])
    def test_private_metadata_and_local_names_are_refused(self, stored_source, url, address):
        summary = run(stored_source(url))
        assert summary.outcome == "failed"
        message = summary.gather_errors[0]
        assert BLOCKED in message, message
        if address == "localhost":
            assert "mengarah ke 127.0.0.1" in message or "mengarah ke ::1" in message
        else:
            assert address in message

    def test_a_redirect_to_the_loopback_is_refused(self, opd, server, local):
        """The allowed server redirects to another loopback server: refused at the hop."""
        target = f"http://localhost:{local.base.rsplit(':', 1)[1]}/daftar.xlsx"
        url = server.serve("/pindah.xlsx", b"", status=302, location=target)
        summary = run(make_source(opd["id"], url))
        assert summary.outcome == "failed"
        assert BLOCKED in summary.gather_errors[0]
        assert local.hits == []

    def test_a_url_data_table_on_the_loopback_is_a_row_error(self, opd, server, local):
        from pkl_harvest_builders import daftar_xlsx, valid_row

        rows = [valid_row(sheet_data=..., url_data=local.url("/tabel.csv"))]
        url = server.serve("/daftar.xlsx", daftar_xlsx(rows), "application/octet-stream")
        summary = run(make_source(opd["id"], url))
        assert summary.added == 0 and summary.error_count == 1
        [errors] = [o["messages"] for o in summary.object_errors]
        assert any(BLOCKED in e for e in errors), errors
        assert local.hits == []
