"""A stock CKAN harvester of ckanext-harvest pointed at the portal gets every public dataset
(same names and ids) and no private one; the exact searches it sends are answered."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pkl_findable
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _derive_site(ini: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "harvest_remote", ROOT / "tests" / "bench" / "harvest_remote.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.derive_site(ini, "harvest")


@pytest.fixture(scope="module")
def harvested(pytestconfig, catalogue, live_portal):
    """What a stock ``CKANHarvester`` in a second site (own database) harvested from the
    live portal serving ``catalogue``."""
    target = _derive_site(Path(pytestconfig.option.ckan_ini).resolve())
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("stock_harvest.py")), str(target),
         live_portal], capture_output=True, text=True, timeout=600, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT "):])


class TestStockCkanHarvester:
    def test_it_copies_every_public_dataset_with_its_name_and_id_and_no_private_one(
            self, harvested, catalogue):
        assert harvested["errors"] == []
        got = {p["id"]: p["name"] for p in harvested["packages"]}
        public = [catalogue["full"], catalogue["minimal"]]
        assert got == {d["id"]: d["name"] for d in public}
        assert catalogue["private"]["id"] not in got
        assert catalogue["private"]["name"] not in got.values()

    def test_the_copy_keeps_the_satu_data_fields_and_the_opd(self, harvested, catalogue):
        full = catalogue["full"]
        (copy,) = [p for p in harvested["packages"] if p["id"] == full["id"]]
        for field in pkl_findable.SATU_DATA_FIELDS:
            if field != "status_verifikasi":
                assert copy[field] == full[field], field
        assert copy["organization"]["name"] == catalogue["org"]["name"]
        assert copy["organization"]["id"] == catalogue["org"]["id"]
        assert [r["url"] for r in copy["resources"]] == [r["url"] for r in full["resources"]]


@pytest.mark.usefixtures("catalogue")
class TestTheHarvestersQueries:
    """``CKANHarvester._search_for_datasets``: ``fq=metadata_modified:[<since>Z TO *]``,
    ``sort=id asc``, ``rows`` and ``start`` paging until a page comes back empty."""

    def _pages(self, app, fq: str, rows: int) -> list[dict]:
        found, start = [], 0
        while True:
            response = app.get("/api/3/action/package_search", query_string={
                "fq": fq, "sort": "id asc", "rows": str(rows), "start": str(start)})
            assert response.status_code == 200
            body = response.json
            assert body["success"] is True
            page = body["result"]["results"]
            if not page:
                return found
            found.extend(page)
            start += rows

    def test_paging_since_long_ago_gives_every_public_dataset_once_in_id_order(
            self, app, catalogue):
        found = self._pages(app, "metadata_modified:[2000-01-01T00:00:00Z TO *]", rows=1)
        ids = [d["id"] for d in found]
        public = sorted([catalogue["full"]["id"], catalogue["minimal"]["id"]])
        assert ids == public
        assert catalogue["private"]["id"] not in ids

    def test_since_a_moment_after_the_last_change_gives_nothing(self, app, catalogue):
        last = max(catalogue[k]["metadata_modified"] for k in ("full", "minimal", "private"))
        fq = f"metadata_modified:[{last[:19]}.999999Z TO *]".replace(
            last[:19], _plus_one_second(last[:19]))
        assert self._pages(app, fq, rows=100) == []

    def test_since_between_two_changes_gives_only_the_later_dataset(self, app, catalogue):
        first, second = sorted((catalogue["full"], catalogue["minimal"]),
                               key=lambda d: d["metadata_modified"])
        since = second["metadata_modified"][:23] + "Z"
        ids = [d["id"] for d in self._pages(app, f"metadata_modified:[{since} TO *]", 100)]
        assert second["id"] in ids and first["id"] not in ids


def _plus_one_second(stamp: str) -> str:
    import datetime as dt

    return (dt.datetime.fromisoformat(stamp) + dt.timedelta(seconds=1)).isoformat()


class TestOurDcatHarvesterRoundTrip:
    """Our ``pekalongan_dcat_rdf`` harvester reads ``/catalog.ttl`` with the configured
    profiles (``euro_dcat_ap_3 pekalongan_satudata``): the Satu Data fields come back.
    Last in the module: it adds the copies to the catalogue."""

    def test_the_satu_data_fields_survive_dcat_and_back(self, catalogue, live_portal,
                                                         ckan_config, monkeypatch):
        import ckan.plugins.toolkit as tk

        # the SSRF guard refuses 127.0.0.1: exactly the live portal is allowed
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.fetch.allowed_hosts",
                            live_portal.split("//", 1)[1])
        from ckan.tests import factories

        from ckanext.pekalongan_harvesters import runner

        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        target = factories.Organization(name="opd-pemanen-dcat", jenis_opd="dinas")
        source = tk.get_action("harvest_source_create")({"user": site_user}, {
            "name": "katalog-dcat-portal-sendiri", "title": "Katalog DCAT portal sendiri",
            "url": live_portal + "/catalog.ttl", "source_type": "pekalongan_dcat_rdf",
            "owner_org": target["id"], "frequency": "MANUAL"})
        runner.run_source(source["id"])

        found = tk.get_action("package_search")({"user": site_user}, {
            "fq": f"owner_org:{target['id']}", "rows": 10})["results"]
        full = catalogue["full"]
        (copy,) = [d for d in found if d["title"] == full["title"]]
        assert len(found) == 2
        for field in pkl_findable.SATU_DATA_FIELDS:
            if field not in ("walidata", "status_verifikasi"):
                assert copy[field] == full[field], field
        assert [r["url"] for r in copy["resources"]] == [r["url"] for r in full["resources"]]
        # the EU file-type and IANA IRIs of our DCAT come back as CKAN's text
        assert [(r["format"], r.get("mimetype")) for r in copy["resources"]] == [
            ("CSV", "text/csv")]
