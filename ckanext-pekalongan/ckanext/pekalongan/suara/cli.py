"""``ckan suara ...``: operator commands of Suara Masyarakat.

* ``ckan suara sweep [--today YYYY-MM-DD]``: the daily sweep (reminders before
  due dates, escalation to the pengelola when late); idempotent, run daily by
  ``config/scheduler.py`` right after ``ckan ppid sweep``.
* ``ckan suara sms ...``: the SMS center's commands (``suara/sms/cli.py``),
  when the SMS center is installed.
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util

import click

from ckanext.pekalongan.ppid.cli import iso_date

__all__ = ["suara"]


@click.group(short_help="Suara Masyarakat commands (sweep, SMS center)")
def suara():
    pass


@suara.command("sweep")
@click.option("--today", callback=iso_date, default=None, help="Run as of this date (YYYY-MM-DD).")
@click.pass_context
def sweep_command(ctx, today: dt.date | None):
    """Queue due reminders and escalations of reports."""
    from ckanext.pekalongan.suara import sweep

    with ctx.meta["flask_app"].test_request_context():
        summary = sweep.run(today)
    done = ", ".join(f"{k}={v}" for k, v in sorted(summary.items()))
    click.echo("suara sweep: " + (done or "nothing to do"))


def _add_sms_group() -> None:
    name = "ckanext.pekalongan.suara.sms.cli"
    try:
        if importlib.util.find_spec(name) is None:
            return
    except ModuleNotFoundError:
        return
    module = importlib.import_module(name)
    group = getattr(module, "sms", None)
    if isinstance(group, click.Command):
        suara.add_command(group, "sms")


_add_sms_group()
