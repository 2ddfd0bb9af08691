"""``ckan pekalongan-harvest ...``: run one source in the foreground; write the template.

``ckan harvester ...`` (ckanext-harvest's own commands, the scheduler's ``harvester run``
and the gather/fetch consumers) keeps working unchanged next to these.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["pekalongan_harvest"]


@click.group("pekalongan-harvest", short_help="Harvest the OPD sources (Satu Data)")
def pekalongan_harvest():
    pass


@pekalongan_harvest.command("run")
@click.argument("source")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(source: str, quiet: bool):
    """Harvest SOURCE (a harvest source's name or id) now, in the foreground.

    Prints what changed (added / updated / restored / unchanged / withdrawn) and every
    error. Exit status: 0 when the job succeeded, 1 when it had errors or failed.
    """
    from ckanext.pekalongan_harvesters import runner

    bar = {"bar": None}

    def on_objects(count: int) -> None:
        click.echo(f"gather: {count} objects to fetch and import", err=True)
        if not quiet and count:
            bar["bar"] = click.progressbar(length=count, label="fetch + import",
                                           file=sys.stderr, show_pos=True, show_eta=True)
            bar["bar"].__enter__()

    def on_object(_obj) -> None:
        if bar["bar"] is not None:
            bar["bar"].update(1)

    try:
        summary = runner.run_source(source, on_objects=on_objects, on_object=on_object)
    except runner.RunError as error:
        raise click.ClickException(str(error)) from None
    finally:
        if bar["bar"] is not None:
            bar["bar"].__exit__(None, None, None)
    click.echo(format_summary(summary))
    sys.exit(0 if summary.outcome == "ok" else 1)


def format_summary(summary) -> str:
    lines = [
        f"job {summary.job_id}: {summary.outcome}",
        f"  added      {summary.added}",
        f"  updated    {summary.updated}",
        f"  restored   {summary.restored}",
        f"  unchanged  {summary.unchanged}",
        f"  withdrawn  {summary.withdrawn}",
        f"  errors     {summary.error_count}",
    ]
    for message in summary.gather_errors:
        lines.append(f"  ! {message}")
    for obj in summary.object_errors:
        for message in obj["messages"]:
            lines.append(f"  ! [{obj['guid']}] {message}")
    return "\n".join(lines)


@pekalongan_harvest.command("template")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def template(target: str):
    """Write the daftar data template (TARGET.xlsx, or TARGET.csv for the CSV variant)."""
    from ckanext.pekalongan_harvesters.template_workbook import (
        build_csv_template,
        build_template,
    )

    path = Path(target)
    data = build_csv_template() if path.suffix.lower() == ".csv" else build_template()
    path.write_bytes(data)
    click.echo(f"{path} ({len(data)} bytes)")
