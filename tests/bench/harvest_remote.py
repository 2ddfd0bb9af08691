"""The sites of the harvest benchmark, all derived from one test slot's ini.

- ``python harvest_remote.py local var/test-N.ini`` writes ``var/test-N-bench.ini``: the
  slot's site on its own database ``ckan_test_N_bench`` and its own ``ckan.site_id`` (same
  Solr core and Redis db, separated by the site id), so the benchmark never touches the data
  of the slot's ordinary test runs. Run the benchmark with ``--ckan-ini`` set to it.
- The remote CKAN (``var/test-N-bench-remote.ini``, database ``ckan_test_N_bench_remote``):
  a second site with N generated Satu Data datasets, served by gunicorn.
  ``python harvest_remote.py load INI N [PART PARTS]`` creates the organization
  ``bench-remote`` and the datasets ``bench-00000`` ... that are missing (one part of them
  when several processes load at once), ``finish INI N`` commits the Solr index; a second
  load with the same N does nothing.
- ``python harvest_remote.py drop INI`` removes a derived site: its database, its Solr
  documents, its storage directory and its ini file.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

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


SERIAL = 50  # datasets 0..49 create every tag; loaded first, by one process


def load(count: int, part: int = 0, parts: int = 1) -> int:
    """Create the missing datasets of ``range(count)``; with ``parts`` > 1 only those past
    the first ``SERIAL`` whose number modulo ``parts`` is ``part`` (several processes load
    at once without racing on a new tag or on the organization)."""
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
        if parts > 1 and (i < SERIAL or i % parts != part):
            continue
        if f"bench-{i:05d}" in have:
            continue
        tk.get_action("package_create")(context(), dataset(i, org["id"]))
        created += 1
        if created % 250 == 0:
            print(f"  part {part}/{parts}: {created} created ({time.time() - started:.0f}s)",
                  flush=True)
    return created


def finish(count: int) -> None:
    """Commit the Solr index and make it hold exactly the site's active datasets: documents
    of datasets the database does not have (a loader stopped between indexing and commit)
    are deleted, missing ones indexed."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    solr = tk.config["solr_url"]
    site_id = tk.config["ckan.site_id"]

    def commit():
        urllib.request.urlopen(f"{solr}/update?commit=true", data=b"{}", timeout=300).close()

    commit()
    query = urllib.parse.urlencode({"q": f'site_id:"{site_id}" AND entity_type:package',
                                    "fl": "id", "rows": 10 * count + 1000, "wt": "json"})
    with urllib.request.urlopen(f"{solr}/select?{query}", timeout=300) as r:
        indexed = {doc["id"] for doc in json.load(r)["response"]["docs"]}
    active = {pid for (pid,) in model.Session.query(model.Package.id)
              .filter(model.Package.state == "active").filter(model.Package.type == "dataset")}
    orphans = sorted(indexed - active)
    if orphans:
        print(f"  deleting {len(orphans)} Solr documents of datasets not in the database",
              flush=True)
        ids = " OR ".join(f'"{pid}"' for pid in orphans)  # Solr's unique key is index_id
        body = json.dumps({"delete": {"query": f'site_id:"{site_id}" AND id:({ids})'}}).encode()
        request = urllib.request.Request(f"{solr}/update?commit=true", data=body,
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=300).close()
    if active - indexed:
        from ckan.lib.search import rebuild

        print(f"  indexing {len(active - indexed)} datasets missing from Solr", flush=True)
        rebuild(only_missing=True, defer_commit=True)
        commit()
    if len(active) != count:
        raise SystemExit(f"the remote holds {len(active)} datasets, not {count}")


def _in_site(ini: str, work):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        return work()


def main(ini: str, count: int, part: int = 0, parts: int = 1) -> None:
    created = _in_site(ini, lambda: load(count, part, parts))
    print(f"remote part {part}/{parts}: {created} datasets created now", flush=True)


# --- derived sites ----------------------------------------------------------------------------
def _stack():
    spec = importlib.util.spec_from_file_location("pekalongan_stack",
                                                  ROOT / "config" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    return stack


def _setting(text: str, key: str) -> str:
    return re.search(rf"^{re.escape(key)} = (.*)$", text, re.M).group(1).strip()


def _database(text: str) -> str:
    return re.search(r"^sqlalchemy\.url = .*/(\w+)$", text, re.M).group(1)


def derive_site(ini: Path, suffix: str, plugins: str | None = None) -> Path:
    """``var/<stem>-<suffix>.ini``: the site of ``ini`` on its own database
    ``<db>_<suffix>`` (created if missing), site id and storage directory."""
    text = ini.read_text()
    db = f"{_database(text)}_{suffix.replace('-', '_')}"
    stack = _stack()
    if not stack.psql(f"select 1 from pg_database where datname='{db}'").stdout.strip():
        stack.psql(f"create database {db} owner ckan encoding 'UTF8' template template0")
    text = re.sub(r"^(sqlalchemy\.url = .*/)\w+$", rf"\g<1>{db}", text, flags=re.M)
    text = re.sub(r"^ckan\.site_id = .*$", f"ckan.site_id = {db}", text, flags=re.M)
    if plugins is not None:
        text = re.sub(r"^ckan\.plugins = .*$", f"ckan.plugins = {plugins}", text, flags=re.M)
    text = re.sub(r"^ckan\.storage_path = .*$",
                  f"ckan.storage_path = {ROOT / 'var' / ('storage-' + db)}", text, flags=re.M)
    out = ini.with_name(f"{ini.stem}-{suffix}.ini")
    out.write_text(text)
    out.chmod(0o600)
    return out


def drop_site(ini: Path) -> None:
    """Remove a site made by ``derive_site``: database, Solr documents, storage, ini."""
    text = ini.read_text()
    db, site_id = _database(text), _setting(text, "ckan.site_id")
    if not re.fullmatch(r"ckan_test(_\d+)?_bench(_remote)?", db):
        raise SystemExit(f"not a benchmark site: {ini} ({db})")
    stack = _stack()
    stack.psql(f"select pg_terminate_backend(pid) from pg_stat_activity where datname='{db}'")
    stack.psql(f"drop database if exists {db}")
    solr = _setting(text, "solr_url")
    body = json.dumps({"delete": {"query": f'+site_id:"{site_id}"'}}).encode()
    request = urllib.request.Request(f"{solr}/update?commit=true", data=body,
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=120).close()
    shutil.rmtree(_setting(text, "ckan.storage_path"), ignore_errors=True)
    ini.unlink()
    print(f"dropped {db} (database, Solr documents of {site_id}, storage, {ini.name})")


if __name__ == "__main__":
    command, path = sys.argv[1], sys.argv[2]
    if command == "load":  # load INI N [PART PARTS]
        main(path, int(sys.argv[3]), *(int(a) for a in sys.argv[4:6]))
    elif command == "finish":  # finish INI N
        _in_site(path, lambda: finish(int(sys.argv[3])))
    elif command == "local":
        local = derive_site(Path(path).resolve(), "bench")
        # the empty database gets its tables from the tests' clean_db fixture
        print(local.relative_to(ROOT))
    elif command == "drop":
        drop_site(Path(path).resolve())
    else:
        raise SystemExit(f"unknown command {command}")
