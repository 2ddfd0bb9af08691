"""``ckan ppid ...``: operator commands of the PPID service.

* ``ckan ppid sweep [--today YYYY-MM-DD]``: the daily deadline sweep
  (reminders, escalations, automatic objection grounds); idempotent, schedule
  it daily (``make run`` does).
* ``ckan ppid seed-holidays [--csv PATH]``: add the seed holidays
  (``casework/data/holidays_id.csv``) missing from ``ppid_holiday``; the
  migration already seeds them, so this is for a newer CSV. Deleted or edited
  rows are left alone.
* ``ckan ppid purge-personal-data [--dry-run] [--today YYYY-MM-DD]``: erase the
  personal data of closed requests past the retention period (daily, from the
  scheduler); ``--dry-run`` lists ticket and dates only.
* ``ckan ppid rotate-personal-data-key``: re-encrypt every request's personal
  data with the first key of ``ckanext.pekalongan.personal_data.keys``.
"""
from __future__ import annotations

import datetime as dt

import click

__all__ = ["ppid"]


@click.group(short_help="PPID service commands (sweep, holidays, personal data)")
def ppid():
    pass


def iso_date(ctx, param, value):
    """click callback: a ``YYYY-MM-DD`` option as a date (the CLIs of both services)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@ppid.command("sweep")
@click.option("--today", callback=iso_date, default=None, help="Run as of this date (YYYY-MM-DD).")
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

    from ckanext.pekalongan.casework import calendar as calendar_store

    added = calendar_store.seed_holidays(path)
    model.repo.commit()
    click.echo(f"ppid seed-holidays: {added} added")


@ppid.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="Only list what would be erased.")
@click.option("--today", callback=iso_date, default=None, help="Run as of this date (YYYY-MM-DD).")
@click.pass_context
def purge_personal_data_command(ctx, dry_run: bool, today: dt.date | None):
    """Erase the requesters' personal data of closed requests past the retention
    period (ckanext.pekalongan.personal_data.retention_days); lists ticket and
    dates only."""
    from ckanext.pekalongan.ppid import purge

    with ctx.meta["flask_app"].test_request_context():
        done = purge.run(today, dry_run=dry_run)
    for d in done:
        click.echo(f"{d.ticket}\t{d.status}\tclosed {d.closed_on.isoformat()}\t"
                   f"last window {d.last_window.isoformat()}\terase on {d.erase_on.isoformat()}")
    verb = "would erase" if dry_run else "erased"
    click.echo(f"ppid purge-personal-data: {verb} {len(done)} request(s)")


@ppid.command("rotate-personal-data-key")
@click.pass_context
def rotate_personal_data_key_command(ctx):
    """Re-encrypt all personal data with the first key of
    ckanext.pekalongan.personal_data.keys and recompute the look-up hashes."""
    from ckanext.pekalongan.ppid import purge

    with ctx.meta["flask_app"].test_request_context():
        n = purge.rotate_keys()
    click.echo(f"ppid rotate-personal-data-key: {n} request(s) re-encrypted")
