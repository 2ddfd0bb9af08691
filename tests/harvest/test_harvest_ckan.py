"""CKAN to CKAN against a real CKAN API: the live portal (gunicorn on this test site) is the
remote; its datasets of one OPD are harvested into another OPD of the same portal."""
from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins as plugins
import pytest
from ckan.lib import search
from ckan.tests import helpers
from pkl_factories import Opd, SatuDataset
from pkl_harvest import (
    PLUGINS,
    dataset_state,
    make_source,
    patch_source,
    run,
    search_names,
    site_user,
)

from ckanext.harvest.model import HarvestObject
from ckanext.pekalongan_harvesters import withdrawal
from ckanext.pekalongan_harvesters.harvesters import base
from ckanext.pekalongan_harvesters.package import source_id_of

REMOTE_ORG = "dinas-sumber-data"
_SEARCH_SHOW = search.show


def _local_copies(opd) -> dict[str, dict]:
    """sumber_id → local dataset, for the datasets of ``opd``."""
    found = helpers.call_action("package_search", fq=f"owner_org:{opd['id']}",
                                rows=100, include_private=True)["results"]
    withdrawn = f"+owner_org:{opd['id']} +extras_sumber_status:ditarik"
    found += helpers.call_action("package_search", rows=100, fq=withdrawn)["results"]
    return {source_id_of(d): helpers.call_action("package_show", id=d["id"]) for d in found}


def _patch_remote(dataset_id: str, **changes) -> None:
    helpers.call_action("package_patch", context={"user": site_user()}, id=dataset_id,
                        **changes)


@pytest.fixture
def remote(live_portal, allow_fetch):
    """Three public datasets and a private one of the remote OPD, and one elsewhere."""
    allow_fetch(live_portal)
    org = Opd(name=REMOTE_ORG, title="Dinas Sumber Data")
    public = [
        SatuDataset(owner_org=org["id"], title=f"Data Sumber {n}", topik="kesehatan",
                    satuan="orang", frekuensi="bulanan", tahun=2023, license_id="odc-by",
                    kode_wilayah=["33.26.08"], tag_string="sumber,uji")
        for n in range(3)
    ]
    SatuDataset(owner_org=org["id"], title="Data Rahasia", private=True)
    SatuDataset(title="Data OPD lain")
    return live_portal, org, public


@pytest.fixture
def harvested(remote, opd):
    base, org, public = remote
    source = make_source(opd["id"], base, source_type="pekalongan_ckan",
                         config={"organizations_filter_include": [REMOTE_ORG]})
    summary = run(source)
    return source, public, summary


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestCkanToCkan:
    def test_the_remote_opds_public_datasets_land_in_the_sources_opd(self, harvested, opd):
        source, public, summary = harvested
        assert (summary.outcome, summary.added, summary.error_count) == ("ok", 3, 0)
        copies = _local_copies(opd)
        assert set(copies) == {d["id"] for d in public}
        for remote_dataset in public:
            copy = copies[remote_dataset["id"]]
            assert copy["id"] != remote_dataset["id"]
            assert copy["owner_org"] == opd["id"]
            assert (copy["title"], copy["topik"], copy["satuan"], copy["frekuensi"],
                    copy["tahun"], copy["license_id"], copy["kode_wilayah"]) == (
                remote_dataset["title"], "kesehatan", "orang", "bulanan", 2023, "odc-by",
                ["33.26.08"])
            assert sorted(t["name"] for t in copy["tags"]) == ["sumber", "uji"]
            extras = {e["key"]: e["value"] for e in copy["extras"]}
            assert extras["sumber_url"].endswith(f"/dataset/{remote_dataset['name']}")
        # the remote datasets themselves are untouched
        for remote_dataset in public:
            again = helpers.call_action("package_show", id=remote_dataset["id"])
            assert again["metadata_modified"] == remote_dataset["metadata_modified"]

    def test_an_unchanged_remote_writes_nothing(self, harvested, opd):
        source, _, _ = harvested
        before = {d["name"]: dataset_state(d["name"]) for d in _local_copies(opd).values()}
        summary = run(source)
        assert (summary.unchanged, summary.added, summary.updated, summary.outcome) == (
            3, 0, 0, "ok")
        assert {name: dataset_state(name) for name in before} == before

    def test_a_changed_remote_dataset_is_updated(self, harvested, opd):
        source, public, _ = harvested
        _patch_remote(public[0]["id"], title="Data Sumber 0 (revisi)")
        summary = run(source)
        assert (summary.updated, summary.unchanged) == (1, 2)
        assert _local_copies(opd)[public[0]["id"]]["title"] == "Data Sumber 0 (revisi)"

    def test_a_dataset_deleted_at_the_remote_is_withdrawn_then_restored(self, harvested, opd):
        source, public, _ = harvested
        helpers.call_action("package_delete", context={"user": site_user()},
                            id=public[1]["id"])
        summary = run(source)
        assert (summary.withdrawn, summary.unchanged) == (1, 2)
        copy = _local_copies(opd)[public[1]["id"]]
        assert withdrawal.is_withdrawn(copy) and copy["state"] == "active"
        assert copy["name"] not in search_names()

        _patch_remote(public[1]["id"], state="active")
        summary = run(source)
        assert (summary.restored, summary.unchanged, summary.withdrawn) == (1, 2, 0)
        copy = _local_copies(opd)[public[1]["id"]]
        assert not withdrawal.is_withdrawn(copy)
        assert copy["name"] in search_names()

    def test_a_dataset_made_private_at_the_remote_is_withdrawn(self, harvested, opd):
        source, public, _ = harvested
        _patch_remote(public[2]["id"], private=True)
        assert run(source).withdrawn == 1
        assert withdrawal.is_withdrawn(_local_copies(opd)[public[2]["id"]])

    def test_an_unreachable_remote_withdraws_nothing(self, harvested, opd, closed_port_url):
        source, _, _ = harvested
        before = {d["name"]: dataset_state(d["name"]) for d in _local_copies(opd).values()}
        patch_source(source, url=closed_port_url.rsplit("/", 1)[0])
        summary = run(source)
        assert summary.outcome == "failed"
        assert "tidak dapat dihubungi" in summary.gather_errors[0]
        assert summary.gather_errors[-1].startswith("panen dibatalkan")
        assert summary.withdrawn == 0
        assert {name: dataset_state(name) for name in before} == before

    def test_a_remote_that_answers_with_an_html_page_withdraws_nothing(
            self, harvested, opd, source_server):
        source, _, _ = harvested
        source_server.serve("/api/3/action/package_search",
                            b"<!DOCTYPE html><html><body>Maintenance</body></html>",
                            "text/html")
        patch_source(source, url=source_server.base)
        summary = run(source)
        assert summary.outcome == "failed" and summary.withdrawn == 0
        assert "bukan JSON API CKAN (tampaknya halaman HTML)" in summary.gather_errors[0]
        assert not any(withdrawal.is_withdrawn(d) for d in _local_copies(opd).values())

    def test_an_empty_remote_list_withdraws_nothing(self, harvested, opd):
        source, _, _ = harvested
        patch_source(source, config='{"organizations_filter_include": ["tidak-ada"]}')
        summary = run(source)
        assert summary.outcome == "failed" and summary.withdrawn == 0
        assert "tidak memuat satu dataset pun" in summary.gather_errors[0]


# --- batched import (harvesters/base.py, _import_in_gather) ----------------------------------
def _remote_dataset(n: int, **changes) -> dict:
    """A dataset as a remote CKAN's package_search lists it."""
    dataset = {
        "id": f"6d1c0000-0000-4000-8000-{n:012d}", "name": f"data-{n}", "type": "dataset",
        "title": f"Data Batch {n}", "license_id": "cc-by", "tags": [{"name": "batch"}],
        "resources": [{"id": f"6d1c0000-0000-4000-9000-{n:012d}", "name": f"Tabel {n}",
                       "url": f"https://data.example.org/{n}.csv", "format": "CSV"}],
    }
    dataset.update(changes)
    return dataset


def _serve_remote(server, datasets: list[dict]) -> None:
    body = {"success": True, "result": {"count": len(datasets), "results": datasets}}
    server.serve("/api/3/action/package_search", json.dumps(body).encode(),
                 "application/json")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestBatchedImport:
    @pytest.mark.parametrize("batch_size", [3, 1])
    def test_a_rejected_dataset_leaves_the_rest_of_its_batch_as_one_at_a_time(
            self, source_server, opd, monkeypatch, batch_size):
        monkeypatch.setattr(base, "BATCH_SIZE", batch_size)
        batches = []  # (datasets, written) of each batch transaction
        write_batch = base.MappedDatasetMixin._write_batch

        def recorded(harvester, batch):
            batches.append((len(batch), write_batch(harvester, batch)))
            return batches[-1][1]

        monkeypatch.setattr(base.MappedDatasetMixin, "_write_batch", recorded)
        remote = [_remote_dataset(n) for n in range(6)]
        # images: package_create makes their default view, and resource_view_create and
        # the view's activity commit on their own (in each batch)
        images = {remote[n]["id"] for n in (1, 3)}
        for n in (1, 3):
            remote[n]["resources"] = [{"id": f"6d1c0000-0000-4000-9000-0000000000f{n}",
                                       "name": "Peta", "format": "PNG",
                                       "url": f"https://data.example.org/peta-{n}.png"}]
        # refused by the schema (a resource's last_modified must be a date): nothing of
        # the second batch is kept, its datasets are written again one at a time
        remote[4]["resources"][0]["last_modified"] = "kemarin"
        _serve_remote(source_server, remote)
        source = make_source(opd["id"], source_server.base, source_type="pekalongan_ckan")
        summary = run(source)

        assert (summary.added, summary.errored, summary.unchanged) == (5, 1, 0)
        assert batches == ([(3, True), (3, False)] if batch_size > 1 else [])
        [failed] = summary.object_errors
        assert failed["guid"] == remote[4]["id"]
        assert "portal menolak dataset ini" in failed["messages"][0]
        copies = _local_copies(opd)
        assert set(copies) == {d["id"] for i, d in enumerate(remote) if i != 4}
        assert sorted(search_names()) == sorted(c["name"] for c in copies.values())
        for guid, copy in copies.items():
            activities = helpers.call_action("package_activity_list", id=copy["id"])
            assert sorted(a["activity_type"] for a in activities) == (
                ["new package", "new resource view"] if guid in images else ["new package"])
            [resource] = copy["resources"]
            views = helpers.call_action("resource_view_list", id=resource["id"])
            assert [v["view_type"] for v in views] == (["image_view"] if guid in images
                                                       else [])
        objects = {o.guid: o for o in model.Session.query(HarvestObject)}
        assert {(o.state, o.report_status, o.current) for guid, o in objects.items()
                if guid != remote[4]["id"]} == {("COMPLETE", "added", True)}
        assert (objects[remote[4]["id"]].state, objects[remote[4]["id"]].current) == (
            "ERROR", False)
        # the hooks of index_once.left_out (indexing.one_transaction) are CKAN's own again
        assert search.show is _SEARCH_SHOW
        assert not any("notify" in vars(p) for p in
                       plugins.PluginImplementations(plugins.IDomainObjectModification))

        # and an unchanged remote writes nothing (the refused one is tried again)
        summary = run(source)
        assert (summary.unchanged, summary.errored, summary.added) == (5, 1, 0)

    def test_what_many_datasets_share_is_not_kept_growing_in_the_session(
            self, source_server, opd, monkeypatch):
        """Every remote dataset carries the tag "batch" and goes to one organization: after
        each batch the session holds no tag or organization whose collection (the tag's
        datasets, the organization's members) grew with the datasets written so far —
        each dataset would otherwise cost more than the one before it."""
        monkeypatch.setattr(base, "BATCH_SIZE", 2)
        held = []  # the largest such collection left in the session after each batch
        write_in_batch = base.MappedDatasetMixin._write_in_batch

        def recorded(harvester, batch, size):
            size = write_in_batch(harvester, batch, size)
            if batch:
                held.append(max((len(vars(obj).get(key) or ())
                                 for obj in model.Session.identity_map.values()
                                 for kind, key in ((model.Tag, "package_tags"),
                                                   (model.Group, "member_all"))
                                 if isinstance(obj, kind)), default=0))
            return size

        monkeypatch.setattr(base.MappedDatasetMixin, "_write_in_batch", recorded)
        remote = [_remote_dataset(n) for n in range(7)]
        _serve_remote(source_server, remote)
        summary = run(make_source(opd["id"], source_server.base, source_type="pekalongan_ckan"))

        assert (summary.added, summary.errored) == (7, 0)
        assert held == [0, 0, 0, 0]
        tag = helpers.call_action("tag_show", id="batch", include_datasets=True)
        assert len(tag["packages"]) == 7
