"""Serving a test site for real: a free port, an ini derived from the test site's, and
gunicorn started on it and waited for (used by ``live_portal`` in tests/conftest.py, the
previews portal and the harvest "done when" site)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


if str(ROOT / "config") not in sys.path:
    sys.path.insert(0, str(ROOT / "config"))

# one place for both: the web nodes of config/stacklib and the tests' live portals
from stacklib.webnodes import free_port, set_option  # noqa: E402, F401


def start_gunicorn(ini: Path, port: int, log, wait: float = 90,
                   workers: int = 2) -> subprocess.Popen:
    """gunicorn serving ``ini`` on 127.0.0.1:``port`` (config/wsgi.py's application through
    tests/pkl_wsgi.py; output to the open file ``log``) with ``workers`` workers (forked from
    a master that loaded CKAN once, ``--preload``: one is enough for a test that sends one
    request at a time), returned once it answers ``status_show``; RuntimeError naming the
    log otherwise."""
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(ROOT / "tests"),
         "pkl_wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "120", "--preload"],
        env=dict(os.environ, CKAN_INI=str(ini)), stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.time() + wait
    while True:
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=2):
                return proc
        except OSError as err:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"gunicorn on {ini.name} did not start; see {getattr(log, 'name', log)}"
                ) from err
            time.sleep(0.2)


def stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
