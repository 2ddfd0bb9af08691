"""Fixtures of the SMS center tests: the REAL Gammu SMS daemon (gammu-smsd, SQL service on
the slot's own database ``smsd_test_N``, Gammu's dummy phone under var/gammu/<site>/phone),
as config/stack.py renders it for every site (var/gammu/<site>/smsdrc).

The daemon is started once per test module that needs it (`make run` starts the
development site's own) and stopped after it: Gammu's dummy phone looks for messages by
trying every one of its 10,000 locations of each folder, every second (close to a tenth of
a CPU core while it runs), which the rest of the session need not pay. Before each test its
tables and the dummy phone are emptied, and CKAN's database is reset with the suara
migrations (ours included).
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from pkl_cases import clean_db  # noqa: F401 - fixture

GAMMU_TABLES = ("inbox", "outbox", "outbox_multipart", "sentitems", "phones")


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    """``predicate()`` once true, polled every 0.1 s (one small query: the daemon's loop
    is a second long, a shorter poll sees its work sooner)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def gammu_engine() -> sa.engine.Engine:
    from ckanext.pekalongan.suara.sms import gateway

    return gateway.engine()


def gammu_rows(sql: str, **params) -> list:
    with gammu_engine().connect() as conn:
        return list(conn.execute(sa.text(sql), params))


def device() -> Path:
    value = tk.config.get("ckanext.pekalongan.suara.sms.dummy_device")
    assert value, "the test ini has no dummy phone: python3 config/stack.py prepare <site>"
    return Path(value)


@pytest.fixture
def ckan_config(ckan_config, monkeypatch):
    """The suara plugin on (the SMS worker files reports through its actions)."""
    plugins = ckan_config.get("ckan.plugins") or []
    if isinstance(plugins, str):
        plugins = plugins.split()
    if "suara" not in plugins:
        monkeypatch.setitem(ckan_config, "ckan.plugins", [*plugins, "suara"])
    return ckan_config


@pytest.fixture(scope="module")
def smsd():
    """gammu-smsd of this test site, for the tests of one module."""
    base = device().parent
    rc = base / "smsdrc"
    assert rc.exists(), f"{rc} is missing: python3 config/stack.py prepare <site>"
    assert shutil.which("gammu-smsd"), "gammu-smsd is not installed (Debian gammu-smsd)"
    _empty_phone()
    _empty_gammu_tables()
    log = (base / "smsd-test.out").open("ab")
    proc = subprocess.Popen(["gammu-smsd", "--config", str(rc)], stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: proc.poll() is not None or gammu_rows(
            'SELECT 1 FROM phones WHERE "ID" = :i', i=_phone_id(rc)), 30,
            "gammu-smsd to register its phone")
        assert proc.poll() is None, f"gammu-smsd exited; see {base / 'smsd-test.out'}"
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def _phone_id(rc: Path) -> str:
    for line in rc.read_text().splitlines():
        if line.startswith("phoneid"):
            return line.split("=", 1)[1].strip()
    return ""


def _empty_phone() -> None:
    for folder in range(1, 6):
        d = device() / "sms" / str(folder)
        d.mkdir(parents=True, exist_ok=True)
        for f in d.iterdir():
            f.unlink()


def _empty_gammu_tables() -> None:
    with gammu_engine().begin() as conn:
        conn.execute(sa.text("TRUNCATE inbox, outbox, outbox_multipart, sentitems"))


@pytest.fixture
def sms_site(smsd, with_plugins, clean_db):
    """A clean CKAN database (tests/pkl_cases.py: the seed holidays, an empty Redis), an
    empty dummy phone and empty Gammu tables; the daemon running."""
    _empty_phone()
    _empty_gammu_tables()
    assert smsd.poll() is None, "gammu-smsd died"
    return smsd


def deliver(sender: str, text: str, **kw) -> list[int]:
    """The dummy phone receives ``text``; returns the inbox IDs once the daemon stored
    every part (as many rows as files written)."""
    from ckanext.pekalongan.suara.sms import dummy

    before = {r[0] for r in gammu_rows('SELECT "ID" FROM inbox')}
    files = dummy.deliver(device(), sender, text, **kw)
    rows = wait_for(lambda: (lambda now: now if len(now) >= len(files) else None)(
        [r[0] for r in gammu_rows('SELECT "ID" FROM inbox ORDER BY "ID"')
         if r[0] not in before]), 30, "the daemon to store the SMS in inbox")
    return rows


def sent_to(phone: str) -> list:
    """Rows of sentitems to ``phone`` (ID, SequencePosition, TextDecoded, CreatorID,
    Status), in order."""
    return gammu_rows(
        'SELECT "ID", "SequencePosition", "TextDecoded", "CreatorID", "Status" '
        'FROM sentitems WHERE "DestinationNumber" = :p ORDER BY "ID", "SequencePosition"',
        p=phone)


def wait_sent(phone: str, count: int = 1, timeout: float = 30) -> list:
    return wait_for(lambda: (lambda rows: rows if len(rows) >= count else None)(
        sent_to(phone)), timeout, f"{count} SMS sent to the phone")
