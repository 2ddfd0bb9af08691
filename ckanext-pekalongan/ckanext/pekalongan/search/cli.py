"""``ckan pekalongan-search``: push the concept pairs to Solr, purge the query log."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

__all__ = ["pekalongan_search"]


@click.group(name="pekalongan-search", short_help="Concept pairs and the query log")
def pekalongan_search():
    pass


def _site_user_context() -> dict:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


@pekalongan_search.command("sync-synonyms")
@click.option("--force", is_flag=True, help="Reload the core even when Solr's map agrees.")
def sync_synonyms(force: bool):
    """Make Solr's managed synonyms ``walidata`` equal to the stored concept pairs and
    reload the core (only when they differ, unless --force). Exit status 1 when Solr
    failed."""
    result = tk.get_action("pekalongan_search_synonym_sync")(
        _site_user_context(), {"force": force})
    if not result["applied"]:
        click.secho(f"Solr did not take the synonyms: {result['apply_error']}", fg="red",
                    err=True)
        raise SystemExit(1)
    click.echo("{terms} terms; {state}".format(
        terms=result["terms"],
        state="pushed and reloaded" if result["changed"] else "already in Solr"))


@pekalongan_search.command("purge-query-log")
@click.option("--days", type=int, default=None,
              help="Keep this many days (default: the retention option).")
def purge_query_log(days: int | None):
    """Delete query log rows older than the retention period."""
    data = {"days": days} if days is not None else {}
    result = tk.get_action("pekalongan_search_query_log_purge")(_site_user_context(), data)
    click.echo(f"{result['deleted']} rows deleted (kept from {result['before']})")
