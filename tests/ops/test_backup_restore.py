"""Backups that restore (config/backup.py, `make backup` / `make restore`): the test site is
filled (a dataset with an uploaded file and a DataStore table, a PPID request with its audit
trail and due dates, a Suara report), backed up through the real CLI, wiped (its three
databases dropped, its storage emptied, its search index cleared: only the site of the
--ckan-ini in use), restored through the CLI, and compared: everything is back, search
answers, personal data decrypts, and the audit trail is still sealed against the web role."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import ckan.lib.search as search
import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.common import config
from ckan.tests import helpers
from pkl_audit import owner_engine
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_factories import PpidCast, SatuDataset
from pkl_ppid import NIK, new_request
from pkl_suara import new_report
from werkzeug.datastructures import FileStorage

ROOT = Path(__file__).resolve().parents[2]
CSV = b"kecamatan,jumlah\nKajen,1200\nBojong,870\n"


@pytest.fixture(scope="module")
def backup_module():
    spec = importlib.util.spec_from_file_location("pekalongan_backup",
                                                  ROOT / "config" / "backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def site(backup_module):
    """The site of the --ckan-ini in use (never the dev site)."""
    name = backup_module.site_of_ini(config["__file__"])
    assert name != "dev" and name.startswith("test")
    return name


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "config" / "backup.py"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def _release_connections() -> None:
    """This process's pools point at databases the test drops and re-creates."""
    from ckanext.datastore.backend import postgres

    model.Session.remove()
    model.meta.engine.dispose()
    postgres._dispose_engines()
    engine = owner_engine()
    if engine is not None:
        engine.dispose()


def _rows(sql: str) -> list[tuple]:
    with owner_engine().connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _snapshot(dataset_id: str, resource_id: str, storage: Path) -> dict:
    sysadmin = {"ignore_auth": True}
    files = {p.relative_to(storage).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in storage.rglob("*") if p.is_file() and "webassets" not in p.parts}
    return {
        "dataset": helpers.call_action("package_show", context=dict(sysadmin), id=dataset_id),
        "datasets": _rows("select id, name, title, state from package order by id"),
        "datastore": helpers.call_action("datastore_search", context=dict(sysadmin),
                                         resource_id=resource_id)["records"],
        "ppid_requests": _rows("select id, ticket, status, due_date, original_due_date, "
                               "latest_due_date, received_on, nik from ppid_request order by id"),
        "ppid_events": _rows("select * from ppid_event order by id"),
        "suara_reports": _rows("select id, number, status, verify_due, text from suara_report "
                               "order by id"),
        "suara_events": _rows("select * from suara_event order by id"),
        "holidays": _rows("select * from ppid_holiday order by 1"),
        "calendar_versions": _rows("select * from ppid_calendar_version order by 1"),
        "files": files,
    }


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestBackupRestore:
    def test_backup_wipe_restore_brings_everything_back(self, site, backup_module, tmp_path):
        cast = PpidCast()
        dataset = SatuDataset(name="penduduk-per-kecamatan",
                              title="Penduduk per Kecamatan Cadangan",
                              owner_org=cast.opd["id"])
        resource = helpers.call_action(
            "resource_create", context={"user": cast.sysadmin["name"]},
            package_id=dataset["id"], name="Berkas CSV", url="penduduk.csv",
            upload=FileStorage(stream=io.BytesIO(CSV), filename="penduduk.csv"))
        helpers.call_action("datastore_create", resource_id=resource["id"], force=True,
                            fields=[{"id": "kecamatan", "type": "text"},
                                    {"id": "jumlah", "type": "int"}],
                            records=[{"kecamatan": "Kajen", "jumlah": 1200}])
        receipt = new_request()
        report = new_report()
        model.repo.commit()
        storage = backup_module.storage_dir(site)
        before = _snapshot(dataset["id"], resource["id"], storage)
        assert before["ppid_events"] and before["suara_events"] and before["holidays"]
        assert any(name.startswith("resources/") for name in before["files"])
        assert before["datastore"][0]["kecamatan"] == "Kajen"

        done = _cli("backup", site, "--output", str(tmp_path))
        assert done.returncode == 0, done.stderr
        archive = next(tmp_path.glob(f"pekalongan-{site}-*.tar.gz"))
        assert archive.stat().st_mode & 0o777 == 0o600
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
        assert {"manifest.json", "db/main.dump", "db/datastore.dump", "db/smsd.dump",
                "config/secrets.env"} <= names

        # wipe this test site only: databases, uploaded files, search index
        search.clear_all()
        assert helpers.call_action("package_search", q="Cadangan")["count"] == 0
        _release_connections()
        backup_module.drop_databases(site)
        backup_module.empty_storage(site)
        for db, _owner in backup_module.databases(site).values():
            assert not backup_module.database_exists(db)
        assert not any(storage.iterdir())

        done = _cli("restore", str(archive), "--site", site)
        assert done.returncode == 0, done.stderr + done.stdout
        _release_connections()

        after = _snapshot(dataset["id"], resource["id"], storage)
        for key in before:
            assert after[key] == before[key], key
        rid = resource["id"]
        assert (storage / "resources" / rid[:3] / rid[3:6] / rid[6:]).read_bytes() == CSV

        # search answers (the index was rebuilt from the restored catalogue)
        found = helpers.call_action("package_search", q="Cadangan")
        assert [d["name"] for d in found["results"]] == ["penduduk-per-kecamatan"]
        # personal data decrypts with the restored keys; the due date is the same
        shown = helpers.call_action("ppid_request_show", context={"user": cast.utama["name"]},
                                    ticket=receipt["ticket"])
        assert shown["nik"] == NIK and shown["due_date"] == receipt["due_date"]
        # the reporter's tracking code still opens the report (keyed hashes, same keys)
        assert helpers.call_action("suara_report_show", context={"user": ""},
                                   number=report["number"],
                                   tracking_code=report["tracking_code"])["number"] \
            == report["number"]

        # the audit trail is still sealed: owned by pekalongan_audit, the web role can't rewrite
        owners = dict(_rows("select tablename, tableowner from pg_tables "
                            "where tablename in ('ppid_event', 'suara_event')"))
        assert owners == {"ppid_event": "pekalongan_audit", "suara_event": "pekalongan_audit"}
        for statement in ("update ppid_event set id = id", "delete from suara_event",
                          "truncate ppid_event", "alter table ppid_event disable trigger all"):
            with model.meta.engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError):
                conn.execute(sa.text(statement))

    def test_restore_refuses_a_site_that_holds_data(self, site, tmp_path):
        SatuDataset(name="data-yang-ada")
        model.repo.commit()
        done = _cli("backup", site, "--output", str(tmp_path))
        assert done.returncode == 0, done.stderr
        archive = next(tmp_path.glob("*.tar.gz"))
        refused = _cli("restore", str(archive), "--site", site, "--no-index")
        assert refused.returncode == 1
        assert "holds data" in refused.stderr
        assert helpers.call_action("package_show", id="data-yang-ada")["name"] == "data-yang-ada"

    def test_a_damaged_archive_is_refused_before_anything_is_dropped(self, site, tmp_path):
        SatuDataset(name="data-tetap")
        model.repo.commit()
        bad = tmp_path / "bad.tar.gz"
        with tarfile.open(bad, "w:gz") as tar:
            info = tarfile.TarInfo("manifest.json")
            data = (b'{"format": 1, "site": "%s", "databases": {"main": {"name": "x", '
                    b'"file": "db/main.dump", "sha256": "00"}}}' % site.encode())
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            info = tarfile.TarInfo("db/main.dump")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"junk"))
        refused = _cli("restore", str(bad), "--site", site, "--force")
        assert refused.returncode == 1 and "damaged" in refused.stderr
        assert helpers.call_action("package_show", id="data-tetap")["name"] == "data-tetap"


def test_site_of_ini_names_the_slot(backup_module):
    assert backup_module.site_of_ini("/x/var/test-3.ini") == "test-3"
    assert backup_module.site_of_ini("var/ckan.ini") == "dev"
    with pytest.raises(backup_module.BackupError):
        backup_module.site_of_ini("/etc/other.ini")


def test_key_fingerprint_depends_on_the_keys_only(backup_module):
    a = {"PERSONAL_DATA_KEYS": "k1", "PERSONAL_DATA_HASH_KEY": "h", "SECRET_KEY": "s"}
    b = dict(a, SECRET_KEY="other")
    c = dict(a, PERSONAL_DATA_KEYS="k2")
    fp = backup_module.key_fingerprint(a)
    assert fp == backup_module.key_fingerprint(b) != backup_module.key_fingerprint(c)
    assert "k1" not in fp and len(fp) == 16




def _archive_with_secrets(path: Path, manifest: dict, secrets: bytes | None) -> tarfile.TarFile:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (("manifest.json", json.dumps(manifest).encode()),
                           ("config/secrets.env", secrets)):
            if data is not None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return tarfile.open(path)


def test_secrets_of_another_install_are_refused_unless_replaced(backup_module, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(backup_module.stack, "VAR", tmp_path)
    ours = b"PERSONAL_DATA_KEYS=ours\nPERSONAL_DATA_HASH_KEY=h1\n"
    theirs = b"PERSONAL_DATA_KEYS=theirs\nPERSONAL_DATA_HASH_KEY=h2\n"
    (tmp_path / "secrets.env").write_bytes(ours)
    manifest = {"format": 1, "with_secrets": True,
                "key_fingerprint": backup_module.key_fingerprint(
                    backup_module.parse_env(theirs.decode()))}
    with _archive_with_secrets(tmp_path / "a.tar.gz", manifest, theirs) as tar:
        with pytest.raises(backup_module.BackupError, match="--replace-secrets"):
            backup_module._restore_secrets(tar, manifest, replace=False)
        assert (tmp_path / "secrets.env").read_bytes() == ours
        backup_module._restore_secrets(tar, manifest, replace=True)
    assert (tmp_path / "secrets.env").read_bytes() == theirs
    assert (tmp_path / "secrets.env").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "secrets.env.before-restore").read_bytes() == ours


def test_an_archive_without_secrets_needs_the_saved_secrets_file(backup_module, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(backup_module.stack, "VAR", tmp_path)
    manifest = {"format": 1, "with_secrets": False, "key_fingerprint": "x"}
    with _archive_with_secrets(tmp_path / "a.tar.gz", manifest, None) as tar:
        with pytest.raises(backup_module.BackupError, match="no secrets"):
            backup_module._restore_secrets(tar, manifest, replace=False)
    assert not (tmp_path / "secrets.env").exists()


@pytest.mark.usefixtures("with_plugins")
def test_backup_without_secrets_leaves_the_keys_out(site, tmp_path):
    done = _cli("backup", site, "--output", str(tmp_path), "--without-secrets")
    assert done.returncode == 0, done.stderr
    archive = next(tmp_path.glob("*.tar.gz"))
    secrets = dict(line.split("=", 1) for line in
                   (ROOT / "var" / "secrets.env").read_text().splitlines()
                   if "=" in line and not line.startswith("#"))
    with tarfile.open(archive) as tar:
        assert "config/secrets.env" not in tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        text = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert manifest["with_secrets"] is False and len(manifest["key_fingerprint"]) == 16
    assert secrets["PERSONAL_DATA_KEYS"].encode() not in text
