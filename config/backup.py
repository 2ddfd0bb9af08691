#!/usr/bin/env python3
"""Backups that restore: one dated archive per site, and its restore onto an empty site.

    python3 config/backup.py backup [SITE] [--output DIR] [--without-secrets]
    python3 config/backup.py restore FILE [--site SITE] [--force] [--replace-secrets]
                                          [--start-services]

(`make backup`, `make restore FILE=...`). Standard library only, like config/stack.py, whose
site table (SITES), PostgreSQL helpers (pg_bin, psql, as_pg) and set-up steps it uses.

The archive (var/backups/pekalongan-<site>-<UTC time>.tar.gz, mode 0600) holds:

    manifest.json          format, site, time, the databases and their SHA-256, the key
                           fingerprint (a hash, never the key)
    db/main.dump           pg_dump -Fc of the catalogue database (CKAN, harvest, PPID, Suara,
                           the holiday table and calendar versions, the audit trail)
    db/datastore.dump      pg_dump -Fc of the DataStore database
    db/smsd.dump           pg_dump -Fc of Gammu's SMS daemon database
    storage/...            the site's upload directory (resources, PPID and Suara files)
    config/secrets.env     var/secrets.env: database passwords, CKAN secrets and the keys that
                           decrypt the personal data at rest (left out with --without-secrets)

The dumps keep owners and privileges, so the audit tables come back owned by
pekalongan_audit (sealed: the web role may only SELECT and INSERT them); the restore
re-applies migration/ppid/audit_owner.sql (config/stack.py audit_owner()) afterwards.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

FORMAT = 1
KEY_NAMES = ("PERSONAL_DATA_KEYS", "PERSONAL_DATA_HASH_KEY")


def _load_stack():
    if "stack" in sys.modules:
        return sys.modules["stack"]
    spec = importlib.util.spec_from_file_location("stack", Path(__file__).with_name("stack.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["stack"] = module
    spec.loader.exec_module(module)
    return module


stack = _load_stack()
BACKUPS = stack.VAR / "backups"


class BackupError(stack.StackError):
    """A backup or restore step failed; the message is the one line for the operator."""


# --------------------------------------------------------------------------- the site

def databases(site: str) -> dict[str, tuple[str, str]]:
    """The PostgreSQL databases of a site: part -> (database, owner at creation)."""
    main = stack.SITES[site][1]
    return {"main": (main, "ckan"), "datastore": (main + "_datastore", "ckan"),
            "smsd": (stack.smsd_database(site), "smsd")}


def storage_dir(site: str) -> Path:
    return stack.VAR / stack.SITES[site][4]


def site_of_ini(ini: str | Path) -> str:
    """The site whose rendered ini is ``ini`` (var/test-3.ini -> test-3)."""
    name = Path(ini).name
    for site, row in stack.SITES.items():
        if row[0] == name:
            return site
    raise BackupError(f"{ini} is not the ini of a site of config/stack.py")


def key_fingerprint(values: dict[str, str]) -> str:
    """A fingerprint of the personal-data keys (to check the keys fit the data; it reveals
    nothing of the keys)."""
    h = hashlib.sha256(b"pekalongan-personal-data-keys\0")
    for name in KEY_NAMES:
        h.update(values.get(name, "").encode() + b"\0")
    return h.hexdigest()[:16]


def parse_env(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines()
                if "=" in line and not line.startswith("#"))


def _pg_args() -> list[str]:
    _, sock = stack.pg_dirs()
    return ["-h", str(sock), "-p", str(stack.PG_PORT), "-U", "postgres"]


def database_exists(db: str) -> bool:
    return stack.psql(f"select 1 from pg_database where datname='{db}'").stdout.strip() == "1"


def holds_data(site: str) -> bool:
    """Whether the site's catalogue database has datasets, PPID requests or Suara reports."""
    db = databases(site)["main"][0]
    if not database_exists(db):
        return False
    for table in ("package", "ppid_request", "suara_report"):
        if (stack.psql(f"select to_regclass('public.{table}') is not null", db=db).stdout.strip()
                == "t" and stack.psql(f"select exists(select 1 from {table})", db=db)
                .stdout.strip() == "t"):
            return True
    return False


def drop_databases(site: str) -> None:
    """Drop the site's three databases (sessions still connected are ended)."""
    for db, _owner in databases(site).values():
        stack.psql(f'drop database if exists "{db}" with (force)')


def empty_storage(site: str) -> None:
    target = storage_dir(site)
    if target.exists():
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- backup

def _dump(db: str, target: Path) -> None:
    with target.open("wb") as out:
        res = stack.as_pg([stack.pg_bin("pg_dump"), *_pg_args(), "-Fc", "-d", db], check=False,
                          stdout=out, stderr=subprocess.PIPE, text=False)
    if res.returncode:
        raise BackupError(f"pg_dump of {db} failed: {res.stderr.decode(errors='replace')[-300:]}")


def backup(site: str, output: Path = BACKUPS, with_secrets: bool = True) -> Path:
    """Write one archive of ``site`` into ``output``; returns its path."""
    if site not in stack.SITES:
        raise BackupError(f"unknown site {site!r} (one of {', '.join(stack.SITES)})")
    if not stack.port_open(stack.PG_PORT):
        raise BackupError("PostgreSQL is not running (start the stack first: make up)")
    secrets_file = stack.VAR / "secrets.env"
    secrets = parse_env(secrets_file.read_text()) if secrets_file.exists() else {}
    output.mkdir(parents=True, exist_ok=True)
    output.chmod(0o700)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%SZ")
    final = output / f"pekalongan-{site}-{stamp}.tar.gz"
    partial = final.with_name(final.name + ".partial")
    manifest = {"format": FORMAT, "site": site, "created": stamp,
                "pg_version": stack.pg_bin("pg_dump").split("/")[-3],
                "databases": {}, "storage_files": 0, "storage_bytes": 0,
                "with_secrets": with_secrets and bool(secrets),
                "key_fingerprint": key_fingerprint(secrets) if secrets else None}
    with tempfile.TemporaryDirectory(dir=output, prefix=".work-") as work:
        work = Path(work)
        for part, (db, _owner) in databases(site).items():
            if not database_exists(db):
                raise BackupError(f"database {db} of site {site} does not exist")
            dump = work / f"{part}.dump"
            _dump(db, dump)
            manifest["databases"][part] = {"name": db, "file": f"db/{part}.dump",
                                           "sha256": _sha256(dump)}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz",
                                                          compresslevel=6) as tar:
                storage = storage_dir(site)
                files = [p for p in sorted(storage.rglob("*")) if p.is_file()] \
                    if storage.exists() else []
                manifest["storage_files"] = len(files)
                manifest["storage_bytes"] = sum(p.stat().st_size for p in files)
                _add_bytes(tar, "manifest.json",
                           json.dumps(manifest, indent=2, sort_keys=True).encode())
                for part in manifest["databases"]:
                    tar.add(work / f"{part}.dump", arcname=f"db/{part}.dump")
                if manifest["with_secrets"]:
                    tar.add(secrets_file, arcname="config/secrets.env")
                for path in files:
                    tar.add(path, arcname="storage/" + path.relative_to(storage).as_posix(),
                            recursive=False)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.rename(final)
    return final


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


# --------------------------------------------------------------------------- restore

def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError):
        raise BackupError("not a portal backup: manifest.json missing or unreadable") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported")
    return manifest


def _restore_secrets(tar: tarfile.TarFile, manifest: dict, replace: bool) -> None:
    """var/secrets.env: the archive's when there is none; otherwise its personal-data keys
    must be the archive's (or ``replace``: the current file is kept as
    secrets.env.before-restore and the archive's takes its place)."""
    target = stack.VAR / "secrets.env"
    archived = None
    if manifest.get("with_secrets"):
        archived = tar.extractfile("config/secrets.env").read()
    if not target.exists():
        if archived is None:
            raise BackupError("the archive has no secrets (--without-secrets) and there is no "
                              "var/secrets.env: put the saved secrets.env there first")
        stack.VAR.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(archived)
        return
    current = parse_env(target.read_text())
    if key_fingerprint(current) == manifest.get("key_fingerprint"):
        return
    if not replace or archived is None:
        raise BackupError("the personal-data keys of var/secrets.env are not the ones of the "
                          "archive (its personal data could not be read): restore with "
                          "--replace-secrets (REPLACE_SECRETS=1), or put the saved "
                          "secrets.env in place")
    shutil.copy2(target, target.with_name("secrets.env.before-restore"))
    target.write_bytes(archived)
    target.chmod(0o600)


def _pg_restore(db: str, data: io.BufferedReader) -> None:
    res = stack.as_pg([stack.pg_bin("pg_restore"), *_pg_args(), "-d", db, "--exit-on-error"],
                      check=False, stdin=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if res.returncode:
        raise BackupError(f"pg_restore into {db} failed: "
                          f"{res.stderr.decode(errors='replace')[-400:]}")


def restore(archive: Path | str, site: str | None = None, force: bool = False,
            replace_secrets: bool = False, start_services: bool = False,
            rebuild_index: bool = True) -> str:
    """Restore ``archive`` onto ``site`` (default: the archive's). Refuses a site that
    holds data unless ``force``. Returns the site restored."""
    if not str(archive).strip():
        raise BackupError("name the archive: make restore FILE=var/backups/<archive>.tar.gz")
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = read_manifest(tar)
        site = site or manifest["site"]
        if site not in stack.SITES:
            raise BackupError(f"unknown site {site!r} (one of {', '.join(stack.SITES)})")
        with tempfile.TemporaryDirectory(prefix="pekalongan-restore-") as work:
            work = Path(work)
            for part, entry in manifest["databases"].items():
                target = work / f"{part}.dump"
                with tar.extractfile(entry["file"]) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out)
                if _sha256(target) != entry["sha256"]:
                    raise BackupError(f"{entry['file']} is damaged (SHA-256 differs)")
            _restore_secrets(tar, manifest, replace_secrets)
            stack.render_config()
            if start_services:
                stack.services()
            elif not stack.port_open(stack.PG_PORT):
                raise BackupError("PostgreSQL is not running (start the stack first: make up)")
            else:
                stack.ensure_databases()  # the roles (and databases) exist
            if holds_data(site) and not force:
                raise BackupError(f"the site {site} holds data: restore only onto an empty "
                                  "site, or pass --force (FORCE=1) to replace it")
            drop_databases(site)
            for part, (db, owner) in databases(site).items():
                stack.psql(f'create database "{db}" owner {owner} encoding \'UTF8\' '
                           "template template0")
                if part in manifest["databases"]:
                    with (work / f"{part}.dump").open("rb") as data:
                        _pg_restore(db, data)
        # the database's owner and the schema's (audit_owner.sql), again for the new oid
        stack.audit_owner()
        empty_storage(site)
        target = storage_dir(site)
        target.mkdir(parents=True, exist_ok=True)
        members = [m for m in tar.getmembers() if m.name.startswith("storage/") and m.isfile()]
        for member in members:
            member.name = member.name[len("storage/"):]
        tar.extractall(target, members=members, filter="data")
    stack.ckan(site, "db", "upgrade")
    if rebuild_index:
        stack.ckan(site, "search-index", "rebuild")
    return site


# --------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backup.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backup", help="write one archive of a site to var/backups/")
    b.add_argument("site", nargs="?", default="dev")
    b.add_argument("--output", type=Path, default=BACKUPS)
    b.add_argument("--without-secrets", action="store_true",
                   help="leave var/secrets.env (and the personal-data keys) out of the archive")
    r = sub.add_parser("restore", help="restore an archive onto an empty site")
    r.add_argument("file")
    r.add_argument("--site", help="the site to restore onto (default: the archive's)")
    r.add_argument("--force", action="store_true", help="replace a site that holds data")
    r.add_argument("--replace-secrets", action="store_true",
                   help="replace var/secrets.env by the archive's when their keys differ")
    r.add_argument("--start-services", action="store_true",
                   help="start PostgreSQL, Redis and Solr first when they are not running")
    r.add_argument("--no-index", action="store_true", help="skip the search-index rebuild")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "backup":
            path = backup(args.site, args.output, with_secrets=not args.without_secrets)
            print(f"==> backup of {args.site} written: {path}", flush=True)
        else:
            site = restore(args.file, args.site, force=args.force,
                           replace_secrets=args.replace_secrets,
                           start_services=args.start_services, rebuild_index=not args.no_index)
            print(f"==> {args.file} restored onto the {site} site (search index rebuilt)"
                  if not args.no_index else f"==> {args.file} restored onto the {site} site",
                  flush=True)
    except stack.StackError as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
