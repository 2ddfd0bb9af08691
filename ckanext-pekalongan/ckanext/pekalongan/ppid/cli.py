"""``ckan ppid ...``: operator commands of the PPID service.

* ``ckan ppid sweep [--today YYYY-MM-DD]``: the daily deadline sweep
  (reminders, escalations, automatic objection grounds); idempotent, schedule
  it daily (``make run`` does).
* ``ckan ppid seed-holidays [--csv PATH]``: add the seed holidays
  (``ppid/data/holidays_id.csv``) missing from ``ppid_holiday``; the
  migration already seeds them, so this is for a newer CSV. Deleted or edited
  rows are left alone.
"""
from __future__ import annotations

import datetime as dt

import click

__all__ = ["ppid"]


@click.group(short_help="PPID service commands (sweep, holidays)")
def ppid():
    pass


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@ppid.command("sweep")
@click.option("--today", callback=_date, default=None, help="Run as of this date (YYYY-MM-DD).")
@click.pass_context
def sweep_command(ctx, today: dt.date | None):
    """Send due reminders and escalations, record automatic objection grounds."""
    from ckanext.pekalongan.ppid import sweep

    with ctx.meta["flask_app"].test_request_context():
        summary = sweep.run(today)
    done = ", ".join(f"{k}={v}" for k, v in sorted(summary.items()))
    click.echo("ppid sweep: " + (done or "nothing to do"))


@ppid.command("seed-holidays")
@click.option("--csv", "path", default=None, help="CSV with columns date,name,kind.")
def seed_holidays_command(path: str | None):
    """Add the seed holidays that are missing from the holiday table."""
    import ckan.model as model

    from ckanext.pekalongan.ppid import calendar_store

    added = calendar_store.seed_holidays(path)
    model.repo.commit()
    click.echo(f"ppid seed-holidays: {added} added")
