"""``ckan pekalongan ...``: operator commands of the theme plugin."""
from __future__ import annotations

import click

__all__ = ["pekalongan"]


@click.group(short_help="Portal Satu Data Kabupaten Pekalongan commands")
def pekalongan():
    pass


@pekalongan.command("load-demo")
@click.option("--sysadmin", default=None, help="User that owns the demo objects.")
def load_demo(sysadmin: str | None):
    """Load (or refresh) the demo catalogue; a second run changes nothing."""
    from ckanext.pekalongan.demo import loader

    # a request context, as `ckan views create` has: view titles in the site's language
    with click.get_current_context().meta["flask_app"].test_request_context():
        summary = loader.load_demo(sysadmin)
    click.echo(
        "demo catalogue: "
        + ", ".join(f"{k}={v}" for k, v in sorted(summary.items()))
    )
