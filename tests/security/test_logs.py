"""Issue 17, part of defect 9: refused anonymous requests do not write unbounded
logs (nor what the robot typed), and var/log rotates while the processes keep
their files open."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import ckan.model as model
import pytest
from pkl_ppid import NIK, request_data

ROOT = Path(__file__).resolve().parents[2]


# --- rotation -------------------------------------------------------------------------


WRITER = (
    "import sys, time\n"
    "n = 0\n"
    "while True:\n"
    "    n += 1\n"
    "    print(f'line {n:06d} ' + 'x' * 40, flush=True)\n"
    "    time.sleep(0.002)\n"
)


def test_a_log_over_the_limit_is_rotated_while_its_process_keeps_writing(
        stack, tmp_path, monkeypatch):
    monkeypatch.setattr(stack.base, "LOG", tmp_path)  # the processes: config/stacklib/base.py
    monkeypatch.setattr(stack.base, "RUN", tmp_path)
    pid = stack.spawn("writer", [sys.executable, "-c", WRITER])  # as `make up` starts all
    log = tmp_path / "writer.log"
    try:
        for _round in range(3):
            deadline = time.time() + 20
            while log.stat().st_size < 4096 and time.time() < deadline:
                time.sleep(0.02)
            assert stack.rotate_logs(tmp_path, max_bytes=2048, keep=2) == [log]
            time.sleep(0.1)  # the process goes on writing, into the emptied file
            text = log.read_bytes()
            assert b"\0" not in text  # no hole: the writer appends (O_APPEND)
            assert text.startswith(b"line ") and len(text) < 4096
            first_new = int(text.split()[1])
            rotated = (tmp_path / "writer.log.1").read_bytes().splitlines()
            assert int(rotated[-1].split()[1]) < first_new
    finally:
        stack.stop("writer")
    assert sorted(p.name for p in tmp_path.glob("writer.log*")) == [
        "writer.log", "writer.log.1", "writer.log.2"]  # keep=2
    assert pid


def test_small_logs_are_left_alone_and_the_command_line_rotates(stack, tmp_path):
    (tmp_path / "small.log").write_text("ok\n")
    (tmp_path / "big.log").write_text("y" * 5000)
    res = subprocess.run([sys.executable, str(ROOT / "config" / "stack.py"), "rotate-logs",
                          "--dir", str(tmp_path), "--max-bytes", "1000", "--keep", "3"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "big.log").stat().st_size == 0
    assert (tmp_path / "big.log.1").stat().st_size == 5000
    assert (tmp_path / "small.log").read_text() == "ok\n"
    assert not (tmp_path / "small.log.1").exists()


def test_make_up_starts_the_rotation(stack):
    cmd = stack.app_processes()["logrotate"]
    assert cmd[1:3] == [str(ROOT / "config" / "stack.py"), "rotate-logs"]
    assert "--every" in cmd
    assert stack.LOG_MAX_MB > 0 and stack.LOG_KEEP > 0


# --- refused anonymous requests --------------------------------------------------------


@pytest.fixture(scope="module")
def noisy_portal(pytestconfig):
    """gunicorn (2 workers) on the test site with CKAN and our plugins logging at
    INFO (as in development), its output in a log file of its own."""
    from pkl_live import free_port, set_option, start_gunicorn, stop

    port = free_port()
    test_ini = Path(pytestconfig.option.ckan_ini).resolve()
    live_ini = test_ini.with_name(f"{test_ini.stem}-logs-{port}.ini")
    text = set_option(test_ini.read_text(), "ckan.site_url", f"http://127.0.0.1:{port}")
    text = set_option(text, "ckanext.pekalongan.ppid.track_rate_limit", "1")
    for logger in ("root", "ckan", "ckanext"):
        text = text.replace(f"[logger_{logger}]\nlevel = WARNING",
                            f"[logger_{logger}]\nlevel = INFO")
    live_ini.write_text(text)
    log_path = ROOT / "var" / "log" / f"test-refusals-{port}.log"
    log = log_path.open("ab")
    proc = start_gunicorn(live_ini, port, log)
    yield f"http://127.0.0.1:{port}", log_path
    stop(proc)
    log.close()
    live_ini.unlink(missing_ok=True)
    log_path.unlink(missing_ok=True)


def _send(url: str, body: bytes | None, headers: dict) -> int:
    req = urllib.request.Request(url, data=body, headers=headers,
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.usefixtures("with_plugins", "clean_db", "reset_redis")
def test_five_hundred_refused_requests_grow_the_log_by_a_few_lines_at_most(noisy_portal):
    from ckanext.pekalongan.casework import calendar as calendar_store

    calendar_store.seed_holidays()
    model.repo.commit()
    base, log_path = noisy_portal
    code = "QWER-TYUP-ASDF-GHJK"
    honeypot = json.dumps(dict(request_data(), website="http://spam.example")).encode()
    lookup = json.dumps({"ticket": "PPID-2026-000001", "tracking_code": code}).encode()
    form = f"name=Budi&nik={NIK}&website=x".encode()
    api = {"Content-Type": "application/json"}
    kinds = [
        (base + "/api/3/action/ppid_request_create", honeypot, api, 409),  # honeypot
        (base + "/api/3/action/ppid_request_show", lookup, api, 429),  # rate-limited
        (base + "/ppid/permohonan/baru", form,  # no CSRF token
         {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        (base + f"/api/3/action/no_such_action_{NIK}", b"{}", api, 400),
        (base + "/api/3/action/ppid_request_create", b"{not json", api, 400),
    ]
    _send(*kinds[1][:3])  # the one look-up the limit allows
    time.sleep(0.5)
    before = log_path.stat().st_size
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def worker(offset: int):
        for i in range(offset, 500, 4):
            url, body, headers, _expected = kinds[i % len(kinds)]
            status = _send(url, body, headers)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(0.5)
    grown = log_path.read_bytes()[before:]
    assert len(grown) < 2048, (len(grown), grown[:1000].decode(errors="replace"))
    assert NIK.encode() not in grown and code.encode() not in grown
    assert sum(statuses.values()) == 500
    assert set(statuses) <= {400, 409, 429}, statuses
