"""Helpers of the harvest tests: the local HTTP source server, harvest sources, runs, and a
busy scheduler process (``python tests/pkl_harvest.py scheduler INI``)."""
from __future__ import annotations

import importlib.util
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stack_plugins() -> str:
    spec = importlib.util.spec_from_file_location("pekalongan_stack",
                                                  ROOT / "config" / "stack.py")
    stack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stack)
    return stack.PLUGINS


HARVEST_PLUGINS = ("pekalongan_harvest opd_workbook_harvester pekalongan_ckan_harvester "
                   "pekalongan_dcat_rdf_harvester")
# the portal's plugins (config/stack.py) with ours at the end, once each
PLUGINS = " ".join(dict.fromkeys((_stack_plugins() + " " + HARVEST_PLUGINS).split()))


# --- the local HTTP server -------------------------------------------------------------------
@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    delay: float = 0.0  # seconds before answering
    location: str | None = None  # a redirect
    stream_bytes: int = 0  # send this many bytes without Content-Length (a huge file)
    headers: dict[str, str] = field(default_factory=dict)


class SourceServer:
    """Serves ``routes`` (path → Route) on 127.0.0.1; tests change them between runs."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                path = self.path.split("?")[0]
                server.hits.append(self.path)
                route = server.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>Not found</body></html>")
                    return
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                if route.location:
                    self.send_header("Location", route.location)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.stream_bytes:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"a,b,c\n" * 10_000
                    sent = 0
                    try:
                        while sent < route.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def do_HEAD(self):  # noqa: N802
                self.send_response(405)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, content_type: str = "application/octet-stream",
              **kw) -> str:
        self.routes[path] = Route(body=body, content_type=content_type, **kw)
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_source(owner_org: str, url: str, source_type: str = "opd_workbook",
                config: dict | None = None, name: str | None = None,
                title: str | None = None) -> dict:
    from ckan.tests import helpers

    name = name or f"sumber-{abs(hash(url)) % 10**8}"
    return helpers.call_action(
        "harvest_source_create", context={"user": site_user()}, name=name,
        title=title or f"Sumber {name}", url=url,
        source_type=source_type, owner_org=owner_org, frequency="MANUAL",
        config=json.dumps(config) if config else "",
    )


def patch_source(source: dict, **changes) -> dict:
    from ckan.tests import helpers

    return helpers.call_action("harvest_source_patch", context={"user": site_user()},
                               id=source["id"], **changes)


def site_user() -> str:
    from ckan.tests import helpers

    return helpers.call_action("get_site_user")["name"]


def run(source: dict):
    from ckanext.pekalongan_harvesters import runner

    return runner.run_source(source["id"])


def dataset_state(name_or_id: str) -> tuple[str, int]:
    """(metadata_modified, number of activities) of a dataset."""
    from ckan.tests import helpers

    package = helpers.call_action("package_show", id=name_or_id)
    activities = helpers.call_action("package_activity_list", id=name_or_id, limit=1000)
    return package["metadata_modified"], len(activities)


def search_names(**params) -> list[str]:
    """Names found by package_search as an anonymous user."""
    from ckan.tests import helpers

    result = helpers.call_action("package_search", context={"user": ""}, rows=1000,
                                 **params)
    return sorted(r["name"] for r in result["results"])


# --- a busy scheduler ------------------------------------------------------------------------
def scheduler_command(ini: Path, interval: float = 0.5, seconds: float = 900) -> list[str]:
    """The command of a scheduler far busier than config/scheduler.py's (``ckan harvester
    run`` every 5 minutes): ONE process that loads CKAN from ``ini`` once, then does what
    every ``ckan -c INI harvester run`` does (ckanext-harvest's ``run`` command:
    ``utils.run_harvester()`` in a request context of the app, i.e. ``harvest_jobs_run``)
    every ``interval`` seconds, and stops by itself after ``seconds``. A loop of CLI
    processes would pay a CKAN start-up (several CPU seconds) for every run, and so reach
    ``harvest_jobs_run`` only every few seconds."""
    return [sys.executable, str(Path(__file__).resolve()), "scheduler", str(ini),
            str(interval), str(seconds)]


def _scheduler(ini: str, interval: float, seconds: float) -> None:
    import logging
    import signal

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))  # as the ckan CLI does for ``-c INI``

    import ckan.model as model

    from ckanext.harvest import utils

    log = logging.getLogger("pkl_harvest.scheduler")
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))  # ends after the run
    runs = failed = 0
    deadline = time.monotonic() + seconds
    while not stopping and time.monotonic() < deadline:
        runs += 1
        try:
            with app._wsgi_app.test_request_context():  # ckanext-harvest's ``run`` command
                utils.run_harvester()
        except Exception:  # a failed run of the CLI: the next one comes all the same
            failed += 1
            log.exception("harvester run failed")
        finally:
            model.Session.remove()  # each run starts afresh, like a new CLI process
        time.sleep(interval)
    print(f"pkl_harvest scheduler: {runs} runs of harvester run, {failed} failed",
          flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["scheduler"]:
    _scheduler(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
