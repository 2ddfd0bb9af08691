"""``make loadtest [DURATION=5m] [USERS=50]``: the citizens of tests/load/locustfile.py against
the development site (var/ckan.ini, demo catalogue loaded; its services up with `make up`),
first through nginx over one web node, then over two (config/stacklib/webnodes.py), the
same users and duration each time. Prints one table — requests, req/s, p50/p95/p99 and
errors (throttled answers counted apart) for each — and writes it, with the figures per
page, to var/bench/loadtest.md; locust's CSV files go next to it. Exit status 1 when a run
had an error."""
from __future__ import annotations

import argparse
import csv
import datetime
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "config"))

from stacklib import webnodes  # noqa: E402 - after the path above
from stacklib.base import StackError  # noqa: E402

HERE = Path(__file__).resolve().parent
BENCH = ROOT / "var" / "bench"
WARM_UP = ["/", "/dataset/", "/dataset/?q=penduduk", "/ppid/permohonan/baru", "/suara/lapor"]


def warm_up(url: str, nodes: int) -> None:
    """Each page twice per node (round robin) before measuring: templates compiled, caches
    filled, as on a node that has been up a while. StackError when a page fails."""
    for path in WARM_UP:
        for _ in range(2 * nodes):
            try:
                with urllib.request.urlopen(url + path, timeout=120) as response:
                    response.read()
            except OSError as e:
                raise StackError(f"{path} failed before the run ({e}); see "
                                 "var/log/loadtest-*-node-*.log") from e


def run_locust(url: str, users: int, duration: str, prefix: Path) -> int:
    cmd = [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(HERE / "locustfile.py"),
           "--headless", "--host", url, "--users", str(users),
           "--spawn-rate", str(max(1, users // 5)), "--run-time", duration,
           "--stop-timeout", "30", "--csv", str(prefix), "--only-summary",
           "--loglevel", "WARNING"]
    return subprocess.run(cmd, cwd=HERE, check=False).returncode


def read_stats(prefix: Path) -> tuple[dict, list[dict], dict[str, int]]:
    """(the aggregated row, the rows per request name, failures by kind) of a locust run."""
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    per_name = [r for r in rows if r["Name"] != "Aggregated"]
    failures: dict[str, int] = {}
    with open(f"{prefix}_failures.csv", newline="") as f:
        for row in csv.DictReader(f):
            kind = "throttled" if "throttled" in row["Error"] else "errors"
            failures[kind] = failures.get(kind, 0) + int(row["Occurrences"])
    return total, per_name, failures


def figures(label: str, total: dict, failures: dict[str, int]) -> list[str]:
    return [label, total["Request Count"], f"{float(total['Requests/s']):.1f}",
            total["50%"], total["95%"], total["99%"], str(failures.get("errors", 0)),
            str(failures.get("throttled", 0))]


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="5m", help="per run, as locust reads it (30s, 5m)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--nodes", default="1,2", help="node counts to measure, in order")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("CKAN_WORKERS", "2")),
                        help="gunicorn workers per node (as make run)")
    parser.add_argument("--ini", default=str(ROOT / "var" / "ckan.ini"))
    args = parser.parse_args()

    BENCH.mkdir(parents=True, exist_ok=True)
    ini = Path(args.ini).resolve()
    if not ini.exists():
        print(f"!! {ini} is missing: run `make up` first (the demo catalogue is loaded then)")
        return 2
    summary, details, failed = [], [], False
    for count in [int(n) for n in args.nodes.split(",")]:
        label = f"{count} node" + ("s" if count > 1 else "")
        print(f"== {label} behind nginx: {args.users} users for {args.duration}", flush=True)
        web = webnodes.WebNodes(ini, f"loadtest-{count}", count=count, workers=args.workers,
                                behind_balancer=True)
        try:
            web.start()
        except StackError as e:
            print(f"!! {e} (are the services up? `make up`)")
            return 2
        try:
            warm_up(web.url, count)
            prefix = BENCH / f"loadtest-{count}"
            run_locust(web.url, args.users, args.duration, prefix)
        except StackError as e:
            print(f"!! {e}")
            return 2
        finally:
            web.stop()
        total, per_name, failures = read_stats(prefix)
        failed = failed or bool(failures)
        summary.append(figures(label, total, failures))
        details.append((label, [[r["Name"], r["Request Count"], f"{float(r['Requests/s']):.1f}",
                                 r["50%"], r["95%"], r["99%"], r["Failure Count"]]
                                for r in per_name]))

    header = ["Web nodes", "Requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "Errors",
              "Throttled (429)"]
    main_table = table(header, summary)
    print()
    print(main_table)
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Load test (make loadtest)", "",
        f"{when}; {args.users} citizens for {args.duration} per run against {ini.name}, "
        f"{args.workers} gunicorn workers per node, nginx round robin; "
        f"{os.cpu_count()} CPU cores shared by the site, its services and locust.", "",
        main_table, "",
    ]
    for label, rows in details:
        parts += [f"## {label}", "",
                  table(["Request", "Count", "req/s", "p50 ms", "p95 ms", "p99 ms", "Failures"],
                        rows), ""]
    (BENCH / "loadtest.md").write_text("\n".join(parts))
    print(f"\nwritten to {BENCH / 'loadtest.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
