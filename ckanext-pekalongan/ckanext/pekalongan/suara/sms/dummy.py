"""Incoming SMS for Gammu's dummy phone (development and tests).

The dummy driver (``[gammu] model = dummy``, ``device = <directory>``) keeps
the phone's messages as Gammu SMS backup files named by their location,
``<device>/sms/<folder>/<location>`` (folder 1 is the SIM inbox, locations
1..10000). gammu-smsd reads every file it finds there, stores it in its
``inbox`` table and deletes it: a file put there is an SMS "received".

Each part is written like one ``gammu savesms`` writes, but as ``PDU =
Deliver`` (a received message: gammu-smsd silently drops ``Submit``), with
its text as UTF-16BE hex; a long text becomes a concatenated message, one
file per part with the usual 6-byte header, as a real phone receives it.
Files are created under a temporary name and linked to a free location, so
the daemon never reads half a file and two writers never take one location.
"""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from ckanext.pekalongan.suara.sms import parser

MAX_LOCATION = 10000


def _backup(sender: str, text: str, coding: str, udh: str | None, when: dt.datetime) -> str:
    hexed = text.encode("utf-16-be", errors="surrogatepass").hex().upper()
    lines = [f"Text{i // 200:02d} = {hexed[i:i + 200]}" for i in range(0, len(hexed), 200)]
    quoted = sender.replace('"', "")
    return "\n".join([
        "; written by ckanext.pekalongan.suara.sms.dummy", "",
        "[SMSBackup000]",
        "PDU = Deliver",
        f"DateTime = {when.strftime('%Y%m%dT%H%M%SZ')}",
        "State = UnRead",
        f'Number = "{quoted}"',
        *([f"UDH = {udh}"] if udh else []),
        *(lines or ["Text00 = "]),
        f"Coding = {coding}",
        "Folder = 1",
        f"Length = {len(hexed) // 4}",
        "Class = -1",
        "", "",
    ])


def _place(folder: Path, content: str) -> Path:
    tmp = folder / f".incoming-{secrets.token_hex(8)}"
    tmp.write_text(content, encoding="ascii")
    try:
        for location in range(1, MAX_LOCATION + 1):
            target = folder / str(location)
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            return target
        raise RuntimeError(f"the dummy phone's inbox {folder} is full")
    finally:
        tmp.unlink(missing_ok=True)


def deliver(device: str | os.PathLike, sender: str, text: str, *,
            when: dt.datetime | None = None, order: list[int] | None = None,
            drop: set[int] | None = None) -> list[Path]:
    """Make the dummy phone at ``device`` receive ``text`` from ``sender``. Returns the
    files written. ``order`` (1-based part numbers) writes the parts in another order,
    ``drop`` leaves parts out (tests of multipart reassembly)."""
    folder = Path(device) / "sms" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    when = when or dt.datetime.now(dt.timezone.utc)
    coding, parts = parser.split_sms(text, max_parts=255)
    ref = secrets.randbelow(256)
    files = []
    for n in order or range(1, len(parts) + 1):
        if drop and n in drop:
            continue
        udh = f"050003{ref:02X}{len(parts):02X}{n:02X}" if len(parts) > 1 else None
        files.append(_place(folder, _backup(sender, parts[n - 1], coding, udh, when)))
    return files
