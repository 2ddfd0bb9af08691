"""``ckan suara sms ...``: the SMS center's commands.

* ``ckan suara sms worker [--once] [--poll SECONDS]``: the worker between Gammu's
  inbox/outbox and the Suara reports (``make run`` starts it; see worker.py).
* ``ckan suara sms block PHONE [--reason TEXT]`` / ``unblock PHONE``: the blocklist
  (any spelling of the number: 0812..., 62812..., +62812...).
* ``ckan suara sms purge [--days 90]``: delete handled messages older than that from
  Gammu's inbox and sentitems (numbers and texts in clear); schedule it daily.
* ``ckan suara sms inject --sender PHONE TEXT``: development only, an SMS "received" by
  Gammu's dummy phone (``ckanext.pekalongan.suara.sms.dummy_device``).
"""
from __future__ import annotations

import click

__all__ = ["sms"]

DEVICE_OPTION = "ckanext.pekalongan.suara.sms.dummy_device"


@click.group(short_help="SMS center (Gammu): worker, blocklist, test messages")
def sms():
    pass


@sms.command("worker")
@click.option("--once", is_flag=True, help="One round, then exit.")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between rounds.")
@click.pass_context
def worker_command(ctx, once: bool, poll: float):
    """Turn incoming SMS into reports and replies; send queued SMS."""
    from ckanext.pekalongan.suara.sms import gateway, worker

    if not gateway.database_url():
        raise click.ClickException(f"{gateway.URL_OPTION} is not set: the SMS center is off")
    with ctx.meta["flask_app"].test_request_context():
        if once:
            summary = worker.run_once()
            click.echo("sms worker: " + (", ".join(f"{k}={v}" for k, v in
                                                   sorted(summary.items())) or "nothing to do"))
        else:
            worker.run(poll=poll)


def _hash_or_fail(phone: str) -> str:
    from ckanext.pekalongan.suara.sms import outbox

    if outbox.normalize_phone(phone) is None and not any(c.isdigit() for c in phone):
        raise click.BadParameter("not a phone number", param_hint="PHONE")
    return outbox.phone_hash(phone)


@sms.command("block")
@click.argument("phone")
@click.option("--reason", default="", help="Why (kept with the entry).")
@click.pass_context
def block_command(ctx, phone: str, reason: str):
    """Ignore every SMS from PHONE (no report, no reply)."""
    import ckan.model as model

    from ckanext.pekalongan.suara.sms.model import SmsBlock

    with ctx.meta["flask_app"].test_request_context():
        model.Session.merge(SmsBlock(phone_hash=_hash_or_fail(phone),
                                     reason=reason[:500] or None, created_by="cli"))
        model.Session.commit()
    click.echo("blocked")


@sms.command("unblock")
@click.argument("phone")
@click.pass_context
def unblock_command(ctx, phone: str):
    """Take PHONE off the blocklist."""
    import ckan.model as model

    from ckanext.pekalongan.suara.sms.model import SmsBlock

    with ctx.meta["flask_app"].test_request_context():
        n = model.Session.query(SmsBlock).filter(
            SmsBlock.phone_hash == _hash_or_fail(phone)).delete()
        model.Session.commit()
    click.echo("unblocked" if n else "was not blocked")


@sms.command("purge")
@click.option("--days", default=90, show_default=True, type=click.IntRange(min=1),
              help="Keep what is younger.")
def purge_command(days: int):
    """Delete handled messages older than DAYS from Gammu's inbox and sentitems."""
    from ckanext.pekalongan.suara.sms import gateway

    inbox, sent = gateway.purge(days)
    click.echo(f"sms purge: {inbox} received and {sent} sent message(s) deleted")


@sms.command("inject")
@click.option("--sender", required=True, help="The sending phone, e.g. 081234567890.")
@click.argument("text")
def inject_command(sender: str, text: str):
    """Development: the dummy phone receives TEXT from SENDER."""
    import ckan.plugins.toolkit as tk

    from ckanext.pekalongan.suara.sms import dummy

    device = tk.config.get(DEVICE_OPTION)
    if not device:
        raise click.ClickException(f"{DEVICE_OPTION} is not set (production has a modem)")
    files = dummy.deliver(device, sender, text)
    click.echo(f"{len(files)} part(s) delivered to the dummy phone")
