"""The ``pekalongan_download`` table: downloads per resource per day.

Created only by the migration in ``ckanext/pekalongan/migration/pekalongan``
(``ckan db upgrade -p pekalongan``). Counts of private or deleted datasets are kept but
never returned by the public queries (``top_datasets``, ``total_public``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert


class Download(tk.BaseModel):
    __tablename__ = "pekalongan_download"

    resource_id = sa.Column(
        sa.UnicodeText, sa.ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    day = sa.Column(sa.Date, primary_key=True)
    count = sa.Column(sa.Integer, nullable=False, default=0)


def record(resource_id: str, day: dt.date) -> None:
    """Add one download, in its own transaction (the request's session is left alone)."""
    stmt = insert(Download.__table__).values(resource_id=resource_id, day=day, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["resource_id", "day"],
        set_={"count": Download.__table__.c["count"] + 1},
    )
    exists = sa.select(model.resource_table.c.id).where(model.resource_table.c.id == resource_id)
    with model.meta.engine.begin() as conn:
        if conn.execute(exists).first():
            conn.execute(stmt)


def per_resource(resource_ids: Iterable[str]) -> dict[str, int]:
    """Total downloads of each given resource (0 when never downloaded)."""
    ids = list(resource_ids)
    totals = dict.fromkeys(ids, 0)
    if not ids:
        return totals
    t = Download.__table__
    rows = model.Session.execute(
        sa.select(t.c.resource_id, sa.func.sum(t.c["count"]))
        .where(t.c.resource_id.in_(ids))
        .group_by(t.c.resource_id)
    )
    for resource_id, total in rows:
        totals[resource_id] = int(total)
    return totals


def _public_totals():
    t = Download.__table__
    r = model.resource_table
    p = model.package_table
    return (
        sa.select(p.c.id, p.c.name, p.c.title, sa.func.sum(t.c["count"]).label("downloads"))
        .select_from(t.join(r, r.c.id == t.c.resource_id).join(p, p.c.id == r.c.package_id))
        .where(r.c.state == "active", p.c.state == "active", p.c.private.is_(False))
        .group_by(p.c.id, p.c.name, p.c.title)
    )


def per_public_dataset() -> dict[str, int]:
    """Downloads of every public active dataset that has any, by dataset id."""
    return {row.id: int(row.downloads) for row in model.Session.execute(_public_totals())}


def top_datasets(limit: int) -> list[dict[str, object]]:
    """The most downloaded public datasets, most first (ties by name)."""
    query = _public_totals().order_by(sa.desc("downloads"), model.package_table.c.name)
    return [
        {"id": row.id, "name": row.name, "title": row.title, "downloads": int(row.downloads)}
        for row in model.Session.execute(query.limit(limit))
    ]


def total_public() -> int:
    """All downloads of the resources of public active datasets."""
    sub = _public_totals().subquery()
    total = sa.select(sa.func.coalesce(sa.func.sum(sub.c.downloads), 0))
    return int(model.Session.execute(total).scalar())
