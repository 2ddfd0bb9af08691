#!/usr/bin/env python3
"""The portal's clock: runs due harvest jobs and the daily PPID deadline sweep.

Usage: scheduler.py CKAN_INI. Started by `make run` / `make up` next to the web app.
- every HARVEST_INTERVAL seconds (default 300): `ckan harvester run` (starts the jobs of
  sources whose schedule is due and closes finished ones);
- once a day, after PPID_SWEEP_HOUR (default 1, Asia/Jakarta): `ckan ppid sweep` (reminders,
  escalations, objection grounds). The sweep is idempotent, so a restart that runs it again on
  the same day sends nothing twice. Then `ckan ppid purge-personal-data` (retention of the
  requesters' personal data; idempotent too), then `ckan suara sweep` (Suara Masyarakat
  reminders and escalations; idempotent) and `ckan suara sms purge --days 90` (handled SMS
  older than 90 days out of Gammu's tables), `ckan pekalongan-search purge-query-log` (the
  search query log's retention) and `ckan pekalongan-search sync-synonyms` (concept pairs
  back into Solr when it lost them).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
HARVEST_INTERVAL = int(os.environ.get("HARVEST_INTERVAL", "300"))
SWEEP_HOUR = int(os.environ.get("PPID_SWEEP_HOUR", "1"))


def run(ini: str, *args: str) -> int:
    ckan = str(Path(sys.executable).with_name("ckan"))
    started = time.time()
    rc = subprocess.call([ckan, "-c", ini, *args])
    print(f"{dt.datetime.now(JAKARTA):%Y-%m-%d %H:%M:%S} ckan {' '.join(args)} -> {rc} "
          f"({time.time() - started:.1f}s)", flush=True)
    return rc


def main(ini: str) -> None:
    state_file = Path(ini).parent / "run" / "scheduler-state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    last_harvest = 0.0
    while True:
        now = dt.datetime.now(JAKARTA)
        if time.time() - last_harvest >= HARVEST_INTERVAL:
            run(ini, "harvester", "run")
            last_harvest = time.time()
        today = now.date().isoformat()
        if now.hour >= SWEEP_HOUR and state.get("ppid_sweep") != today:
            if run(ini, "ppid", "sweep") == 0:
                # retention: erase the personal data of closed requests past the period
                run(ini, "ppid", "purge-personal-data")
                # Suara Masyarakat: reminders before due dates, escalation when late
                run(ini, "suara", "sweep")
                # the SMS center: old handled messages out of Gammu's tables (they hold
                # numbers and texts in clear)
                run(ini, "suara", "sms", "purge", "--days", "90")
                # search: the anonymous query log past its retention; the walidata's
                # concept pairs pushed again if Solr lost them (a new configset)
                run(ini, "pekalongan-search", "purge-query-log")
                run(ini, "pekalongan-search", "sync-synonyms")
                state["ppid_sweep"] = today
                state_file.write_text(json.dumps(state))
        time.sleep(30)


if __name__ == "__main__":
    main(sys.argv[1])
