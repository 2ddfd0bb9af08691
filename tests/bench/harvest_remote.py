"""The remote CKAN of the harvest benchmark: a second CKAN site with N generated Satu Data
datasets, served by gunicorn.

Run as a script inside that site's config (``python harvest_remote.py INI N``) it creates
the organization ``bench-remote`` and the datasets ``bench-00000`` ... that are missing,
then commits the Solr index; a second run with the same N does nothing.
"""
from __future__ import annotations

import sys
import time
import urllib.request

REMOTE_ORG = "bench-remote"


def dataset(i: int, owner_org: str) -> dict:
    """The i-th generated dataset: every required Satu Data field and one CSV link."""
    return {
        "name": f"bench-{i:05d}",
        "title": f"Data Uji Benchmark {i:05d}",
        "notes": f"Dataset {i} yang dibuat untuk mengukur pemanen.",
        "owner_org": owner_org,
        "topik": ("kesehatan", "pendidikan", "kependudukan", "statistik")[i % 4],
        "satuan": "jiwa",
        "frekuensi": "tahunan",
        "tahun": 2000 + i % 25,
        "cakupan": "kecamatan",
        "kode_wilayah": ["33.26.08"],
        "license_id": "cc-by",
        "tag_string": f"benchmark,kelompok {i % 50}",
        "contact_name": "Seksi Data",
        "contact_email": "data@pekalongankab.go.id",
        "resources": [{"name": f"Tabel {i}", "url": f"https://data.example.org/{i}.csv",
                       "format": "CSV"}],
    }


def load(count: int) -> int:
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

    def context():
        return {"user": site_user, "ignore_auth": True}

    try:
        org = tk.get_action("organization_show")(context(), {"id": REMOTE_ORG})
    except tk.ObjectNotFound:
        org = tk.get_action("organization_create")(context(), {
            "name": REMOTE_ORG, "title": "OPD Sumber Benchmark", "jenis_opd": "dinas"})
    have = {name for (name,) in model.Session.query(model.Package.name)
            .filter(model.Package.owner_org == org["id"])
            .filter(model.Package.state == "active")}
    started = time.time()
    created = 0
    for i in range(count):
        if f"bench-{i:05d}" in have:
            continue
        tk.get_action("package_create")(context(), dataset(i, org["id"]))
        created += 1
        if created % 500 == 0:
            print(f"  {created} created ({time.time() - started:.0f}s)", flush=True)
    solr = tk.config["solr_url"]
    urllib.request.urlopen(f"{solr}/update?commit=true", data=b"{}", timeout=120).close()
    indexed = tk.get_action("package_search")(context(), {"rows": 0})["count"]
    if indexed != count:  # e.g. the Solr core was recreated since the datasets were made
        from ckan.lib.search import rebuild

        print(f"  re-indexing ({indexed} of {count} in Solr)", flush=True)
        rebuild(defer_commit=True)
        urllib.request.urlopen(f"{solr}/update?commit=true", data=b"{}", timeout=120).close()
    return created


def main(ini: str, count: int) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        created = load(count)
    print(f"remote ready: {count} datasets ({created} created now)")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
