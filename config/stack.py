#!/usr/bin/env python3
"""Brings the whole portal up on one machine: install, services, config, database, processes.

Run through the Makefile (`make run`, `make up`, `make test`, ...). Standard library only: it
runs with the system Python before the virtualenv exists. Every long-running process writes
its PID to var/run/<name>.pid and its log to var/log/<name>.log; `down` stops them by PID.

Each step is idempotent: what is installed, started or initialised already is left alone, so a
second run is fast and a run after a failure picks up where the failure was.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# config/stacklib: the parts of the stack, imported by this script (run as a file, so its
# directory is on the path; tests and config/backup.py load it by path, hence the insert).
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Re-exported: config/backup.py and the tests use them as stack.<name>.
from stacklib import base, postgres, settings, smsd, solrcloud  # noqa: E402, F401
from stacklib.base import (  # noqa: E402, F401
    APT_PACKAGES,
    BIN,
    CACHE,
    CKAN_PORT,
    CKAN_WORKERS,
    ENV,
    HOST,
    LOG,
    LOG_KEEP,
    LOG_MAX_MB,
    LOG_ROTATE_EVERY,
    PG_PORT,
    PLUGINS,
    REDIS_PORT,
    ROOT,
    RUN,
    SITES,
    SMTP_PORT,
    SOLR_PORT,
    SYSADMIN_NAME,
    TEST_SLOTS,
    VAR,
    VENV,
    StackError,
    ensure_port_free,
    pidfile,
    port_open,
    rotate_logs,
    running_pid,
    say,
    secrets_env,
    sh,
    sha256_of,
    spawn,
    stop,
    wait_until,
)
from stacklib.helm import install_helm  # noqa: E402
from stacklib.install import (  # noqa: E402
    compile_bytecode,
    compile_translations,
    install_apt,
    install_venv,
    write_rewrite_cache,
)
from stacklib.postgres import (  # noqa: E402, F401
    AUDIT_OWNER_SQL,
    as_pg,
    audit_owner,
    ensure_databases,
    pg_bin,
    pg_dirs,
    pg_user,
    psql,
    start_postgres,
)
from stacklib.settings import render_config  # noqa: E402
from stacklib.smsd import (  # noqa: E402, F401
    SMSD_SCHEMAS,
    ensure_smsd_databases,
    render_smsd_config,
    smsd_database,
    smsd_database_url,
    smsd_dir,
    smsd_schema_sql,
)

# --------------------------------------------------------------------------- install

# Our Solr configset: CKAN's schema with Indonesian analysis (schema.xml), solrconfig.xml,
# lang/ (stop words, synonyms, stemmer overrides). The same directory goes into the
# production Solr image (docker/solr/Dockerfile).
SOLR_CONF = ROOT / "config" / "solr" / "conf"


def solr_conf_hash() -> str:
    """Fingerprint of config/solr/conf: when it changes, the running Solr reloads its
    cores and the development index is rebuilt."""
    h = hashlib.sha256()
    for p in sorted(f for f in SOLR_CONF.rglob("*") if f.is_file()):
        h.update(str(p.relative_to(SOLR_CONF)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def install_solr() -> None:
    log = LOG / "solr-build.log"
    with log.open("a") as out:
        if sh(["bash", str(ROOT / "config/solr/build.sh"), str(CACHE / "solr")],
              check=False, stdout=out, stderr=out).returncode:
            raise StackError(f"building the Solr launcher failed; see {log}")
        if sh(["bash", str(ROOT / "config/solr/make-home.sh"), str(SOLR_CONF / "schema.xml"),
               str(VAR / "solr")], check=False, stdout=out, stderr=out).returncode:
            raise StackError(f"preparing the Solr home failed; see {log}")


def install(start_services: bool = False) -> None:
    """What `make` installs: the Debian packages first, then the virtualenv, Solr and helm
    side by side. ``start_services``: the services start beside the virtualenv too (Solr
    without waiting for it: wait_for_solr())."""
    for d in (VAR, LOG, RUN):
        d.mkdir(parents=True, exist_ok=True)
    install_apt()
    if start_services:
        secrets_env()
        render_config()
    with ThreadPoolExecutor(max_workers=3) as pool:
        for done in [pool.submit(lambda: (install_venv(), compile_translations(),
                                          compile_bytecode())),
                     pool.submit(lambda: (install_solr(),
                                          start_services and services(wait_solr=False))),
                     # the Kubernetes chart's checks (tests/deploy/test_helm_chart.py)
                     pool.submit(install_helm)]:
            done.result()  # the first failure is raised


# --------------------------------------------------------------------------- Redis, Solr

def start_redis() -> None:
    if running_pid("redis") and port_open(REDIS_PORT):
        return
    ensure_port_free("redis", REDIS_PORT)
    (VAR / "redis").mkdir(exist_ok=True)
    spawn("redis", ["redis-server", "--bind", HOST, "--port", str(REDIS_PORT),
                    "--dir", str(VAR / "redis"), "--daemonize", "no", "--save", "60 1000",
                    "--appendonly", "no", "--protected-mode", "yes"])
    wait_until("redis", lambda: port_open(REDIS_PORT), 30, "redis")


def solr_ready(core: str = "ckan") -> bool:
    try:
        with urllib.request.urlopen(
                f"http://{HOST}:{SOLR_PORT}/solr/{core}/select?q=*:*&rows=0", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_solr(wait: bool = True) -> None:
    """Solr serving every site's core; ``wait=False`` returns once it is started, and
    wait_for_solr() then waits for it (the databases are set up while the JVM boots)."""
    if solrcloud.cloud_mode():  # SOLR_MODE=cloud: a collection per site, named as its core
        solrcloud.start_local(sorted({site[3] for site in SITES.values()}))
        return
    if running_pid("solr") and all(solr_ready(site[3]) for site in SITES.values()):
        reload_solr_conf()
        return
    stop("solr")
    solrcloud.stop_local()  # a SolrCloud left by SOLR_MODE=cloud holds the port
    ensure_port_free("solr", SOLR_PORT)
    spawn("solr", ["bash", str(ROOT / "config/solr/run.sh"), str(CACHE / "solr"),
                   str(VAR / "solr"), str(LOG / "solr-server"), str(SOLR_PORT)])
    if wait:
        wait_for_solr()


def wait_for_solr() -> None:
    if solrcloud.cloud_mode():  # start_local() waits for its collections
        return
    conf = solr_conf_hash()  # what a Solr started now has read
    try:
        wait_until("solr", lambda: all(solr_ready(site[3]) for site in SITES.values()), 180,
                   "solr")
    except StackError as e:
        tail = [ln for ln in (LOG / "solr.log").read_text(errors="replace").splitlines()
                if ln.startswith("solr:")][-1:]
        raise StackError(f"{e}{': ' + tail[0] if tail else ''}") from None
    (RUN / "solr.conf").write_text(conf)


def reload_solr_conf() -> None:
    """Solr reads a core's conf/ when it loads the core: after install_solr() brought a
    changed config/solr/conf into var/solr, RELOAD every core (the running Solr keeps
    serving meanwhile; no restart). The indexes stay; see reindex_dev()."""
    stamp = RUN / "solr.conf"
    want = solr_conf_hash()
    if stamp.exists() and stamp.read_text() == want:
        return
    say("reloading the Solr cores (config/solr/conf changed)")
    for core in sorted({site[3] for site in SITES.values()}):
        url = (f"http://{HOST}:{SOLR_PORT}/solr/admin/cores?action=RELOAD"
               f"&core={core}&wt=json")
        try:
            with urllib.request.urlopen(url, timeout=180) as r:
                r.read()
        except (urllib.error.URLError, OSError) as e:
            detail = e.read().decode(errors="replace")[:300] if hasattr(e, "read") else e
            raise StackError(f"solr: reloading core {core} failed: {detail}; "
                             f"see {LOG / 'solr-server' / 'solr.log'}") from None
    stamp.write_text(want)


def services(wait_solr: bool = True) -> None:
    start_postgres()
    start_redis()
    start_solr(wait=wait_solr)
    ensure_databases()
    ensure_smsd_databases()


# --------------------------------------------------------------------------- CKAN

def ckan(site: str, *args: str, check: bool = True, capture: bool = False):
    ini = VAR / SITES[site][0]
    cmd = [str(BIN / "ckan"), "-c", str(ini), *args]
    if capture:
        return sh(cmd, check=check, capture_output=True, text=True, cwd=ROOT)
    log = LOG / f"ckan-{site}-cli.log"
    with log.open("a") as out:
        res = sh(cmd, check=False, stdout=out, stderr=out, cwd=ROOT)
    if check and res.returncode:
        raise StackError(f"`ckan {' '.join(args)}` failed for the {site} site; see {log}")
    return res


def datastore_permissions(site: str) -> None:
    db = SITES[site][1]
    sql = ckan(site, "datastore", "set-permissions", capture=True).stdout
    res = psql(sql, db=db + "_datastore", check=False)
    if res.returncode:
        raise StackError(f"datastore set-permissions failed for {db}_datastore: "
                         f"{res.stderr.strip().splitlines()[-1] if res.stderr else ''}")


def init_site(site: str) -> None:
    stamp = VAR / f".{site}-db-stamp"
    want = sha256_of(*sorted((ROOT / "ckanext-pekalongan").rglob("migration/**/*.py")),
                     VENV / ".pekalongan-stamp")
    if stamp.exists() and stamp.read_text() == want + str(pg_dirs()[0].stat().st_ino):
        return
    say(f"initialising the {site} database")
    ckan(site, "db", "init")  # in CKAN 2.11 an alias of `db upgrade`: core and plugins
    datastore_permissions(site)
    stamp.write_text(want + str(pg_dirs()[0].stat().st_ino))


def ensure_sysadmin() -> None:
    res = ckan("dev", "user", "show", SYSADMIN_NAME, capture=True, check=False)
    if "User: <User" in res.stdout:
        ckan("dev", "sysadmin", "add", SYSADMIN_NAME)
        return
    password = ENV("CKAN_SYSADMIN_PASSWORD") or secrets.token_urlsafe(12)
    email = ENV("CKAN_SYSADMIN_EMAIL", f"{SYSADMIN_NAME}@pekalongankab.go.id")
    ckan("dev", "user", "add", SYSADMIN_NAME, f"email={email}", f"password={password}")
    ckan("dev", "sysadmin", "add", SYSADMIN_NAME)
    if not ENV("CKAN_SYSADMIN_PASSWORD"):
        print(f"\n    sysadmin created: {SYSADMIN_NAME} / {password}\n"
              "    (shown once; set CKAN_SYSADMIN_PASSWORD to choose it)\n", flush=True)


def ensure_xloader_token() -> None:
    """ckanext-xloader calls the API back as the sysadmin: give it a token of its own."""
    if secrets_env().get("XLOADER_TOKEN"):
        return
    out = ckan("dev", "user", "token", "add", SYSADMIN_NAME, "xloader", capture=True).stdout
    token = out.strip().splitlines()[-1].strip()
    with (VAR / "secrets.env").open("a") as f:
        f.write(f"XLOADER_TOKEN={token}\n")
    render_config()


def dev_database_identity() -> str:
    """The data directory and the dev database's own identity: a database dropped and made
    again (or a new data directory) loads the demo and rebuilds the index again."""
    oid = psql(f"select oid from pg_database where datname = '{SITES['dev'][1]}'").stdout
    return f"{pg_dirs()[0].stat().st_ino}:{oid.strip()}"


def load_demo() -> None:
    stamp = VAR / ".demo-stamp"
    demo_dir = ROOT / "ckanext-pekalongan" / "ckanext" / "pekalongan" / "demo"
    want = sha256_of(*sorted(demo_dir.glob("*.py"))) + dev_database_identity()
    if stamp.exists() and stamp.read_text() == want:
        return
    say("loading the demo catalogue")
    res = ckan("dev", "pekalongan", "load-demo", "--sysadmin", SYSADMIN_NAME, capture=True,
               check=False)
    (LOG / "demo.log").write_text(res.stdout + res.stderr)
    if res.returncode:
        raise StackError(f"loading the demo catalogue failed; see {LOG / 'demo.log'}")
    print("    " + res.stdout.strip().splitlines()[-1], flush=True)
    stamp.write_text(want)


def reindex_dev() -> None:
    """Documents are analysed when indexed: after a change of the Solr configuration, of
    the plugins or of what the search plugin indexes, rebuild the development index (the
    test sites index their own data in each test)."""
    stamp = VAR / ".dev-index-stamp"
    want = (solr_conf_hash() + PLUGINS + ("cloud" if solrcloud.cloud_mode() else "")
            + sha256_of(ROOT / "ckanext-pekalongan/ckanext/pekalongan/search/indexing.py")
            + dev_database_identity())
    if stamp.exists() and stamp.read_text() == want:
        return
    say("rebuilding the search index of the dev site")
    # --clear: documents of datasets that are no longer in the database (a database
    # dropped and made again) would otherwise stay in the index and lead to 404s
    ckan("dev", "search-index", "rebuild", "--clear")
    stamp.write_text(want)


def prepare(site: str, *more: str) -> None:
    """Everything ``site`` needs, and the databases of the ``more`` sites (the parallel
    workers' sites of `make test`). The sites' databases are initialised side by side
    (each is a few ckan CLI runs) while Solr starts, and for a test site pytest's rewrite
    cache is written beside them."""
    install(start_services=True)
    sites = [site, *more]
    with ThreadPoolExecutor(max_workers=len(sites) + 1) as pool:
        jobs = [pool.submit(init_site, s) for s in sites]
        if site != "dev":  # a test site: pytest's cache of the modules it rewrites
            jobs.append(pool.submit(write_rewrite_cache))
        for done in jobs:
            done.result()  # the first failure is raised
    wait_for_solr()
    if site == "dev":
        ensure_sysadmin()
        ensure_xloader_token()
        load_demo()
        reindex_dev()


def portal_ready() -> bool:
    try:
        with urllib.request.urlopen(
                f"http://{HOST}:{CKAN_PORT}/api/3/action/status_show", timeout=3) as r:
            return json.load(r).get("success") is True
    except (urllib.error.URLError, OSError, ValueError):
        return False


# gunicorn's access log line: client, time, method, path without the query string, status,
# size, duration (microseconds).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(D)s'


def app_processes() -> dict[str, list[str]]:
    ini = str(VAR / "ckan.ini")
    ck = [str(BIN / "ckan"), "-c", ini]
    return {
        "web": [str(BIN / "gunicorn"), "--chdir", str(ROOT / "config"), "wsgi:application",
                "--bind", f"{HOST}:{CKAN_PORT}", "--workers", str(CKAN_WORKERS),
                "--timeout", "120", "--access-logfile", str(LOG / "access.log"),
                # the path only, never the query string: no search terms or codes in logs
                "--access-logformat", ACCESS_LOG_FORMAT],
        "worker": [*ck, "jobs", "worker", "default"],
        # the SMS center: Gammu's daemon (var/gammu/dev/smsdrc) and our worker between its
        # inbox/outbox and the Suara reports
        "smsd": ["gammu-smsd", "--config", str(smsd_dir("dev") / "smsdrc")],
        "sms-worker": [*ck, "suara", "sms", "worker"],
        "harvest-gather": [*ck, "harvester", "gather-consumer"],
        "harvest-fetch": [*ck, "harvester", "fetch-consumer"],
        "scheduler": [str(BIN / "python"), str(ROOT / "config" / "scheduler.py"), ini],
        "smtp": [str(BIN / "python"), str(ROOT / "config" / "mailsink.py"), HOST,
                 str(SMTP_PORT), str(VAR / "mail")],
        # rotates the logs of var/log: these processes', PostgreSQL's, Redis's, Solr's console
        "logrotate": [sys.executable, str(ROOT / "config" / "stack.py"), "rotate-logs",
                      "--every", str(LOG_ROTATE_EVERY)],
    }


def start_app() -> None:
    env = dict(os.environ, CKAN_INI=str(VAR / "ckan.ini"))
    if not running_pid("web") or not portal_ready():
        stop("web")
        ensure_port_free("ckan", CKAN_PORT)
    if running_pid("smtp") is None and port_open(SMTP_PORT):
        raise StackError(f"smtp: port {SMTP_PORT} on {HOST} is already in use "
                         "(set SMTP_PORT to use another port)")
    for name, cmd in app_processes().items():
        if running_pid(name) is None:
            spawn(name, cmd, env=web_env(env) if name == "web" else env)
    wait_until("the portal", portal_ready, 120, "web")


def web_env(env: dict[str, str]) -> dict[str, str]:
    """gunicorn's environment: prometheus-client's multiprocess mode, so that /metrics adds
    up every worker (README "Monitoring"); its directory is emptied before gunicorn starts."""
    metrics = RUN / "prometheus"
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    return dict(env, PROMETHEUS_MULTIPROC_DIR=str(metrics))


def stop_app() -> None:
    for name in app_processes():
        stop(name)


def cmd_up(_args) -> None:
    prepare("dev")
    start_app()
    say(f"portal ready at http://{HOST}:{CKAN_PORT}  (logs in var/log, stop with `make down`)")


def cmd_run(_args) -> None:
    prepare("dev")
    start_app()
    say(f"portal ready at http://{HOST}:{CKAN_PORT}  — Ctrl-C stops everything")
    stopping = False

    def handler(_sig, _frm):
        nonlocal stopping
        stopping = True
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    while not stopping:
        for name in app_processes():
            if running_pid(name) is None:
                print(f"!! {name} stopped; see {LOG / (name + '.log')}", flush=True)
                stopping = True
                break
        time.sleep(1)
    say("stopping")
    cmd_down(None)


def cmd_down(_args) -> None:
    stop_app()
    solrcloud.stop_local()
    for name in ("solr", "redis"):
        stop(name)
    if running_pid("postgres"):
        data, _ = pg_dirs()
        as_pg([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], check=False,
              quiet=True)
        stop("postgres")
    say("stopped")


def cmd_status(_args) -> None:
    names = ["postgres", "redis", "solr", *solrcloud.process_names(), *app_processes()]
    for name in names:
        pid = running_pid(name)
        print(f"{name:16} {f'running (pid {pid})' if pid else 'stopped'}")
    print(f"{'portal':16} {'answers' if portal_ready() else 'not answering'} "
          f"at http://{HOST}:{CKAN_PORT}")


def cmd_rotate_logs(args) -> None:
    directory = Path(args.dir) if args.dir else LOG
    max_bytes = int(args.max_bytes) if args.max_bytes else None
    while True:
        for log in rotate_logs(directory, max_bytes, args.keep):
            print(f"rotated {log}", flush=True)
        if not args.every:
            return
        time.sleep(args.every)


def cmd_prepare(args) -> None:
    prepare(*args.site)


def cmd_install(_args) -> None:
    install()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install").set_defaults(func=cmd_install)
    p = sub.add_parser("prepare")
    p.add_argument("site", nargs="+", choices=sorted(SITES))
    p.set_defaults(func=cmd_prepare)
    p = sub.add_parser("rotate-logs", help="rotate the logs of var/log over LOG_MAX_MB")
    p.add_argument("--dir", help="directory of the logs (default var/log)")
    p.add_argument("--max-bytes", type=int, help="rotate above this size (default LOG_MAX_MB)")
    p.add_argument("--keep", type=int, default=LOG_KEEP, help="rotated copies kept")
    p.add_argument("--every", type=float, default=0, help="repeat every N seconds")
    p.set_defaults(func=cmd_rotate_logs)
    for name, func in (("up", cmd_up), ("run", cmd_run), ("down", cmd_down),
                       ("status", cmd_status)):
        sub.add_parser(name).set_defaults(func=func)
    args = parser.parse_args()
    try:
        args.func(args)
    except StackError as e:
        print(f"!! {e}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("!! interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
