"""The fast database reset of the tests (the root conftest's ``reset_db``, ``clean_db`` and
``migrate_db_for``; issue #14).

CKAN's ``reset_db`` deletes every table of its metadata one by one, and our ``clean_db`` then
applied the migrations of six plugins (no-ops at head, ~0.2 s each): ~2.4 s per test, for
~900 tests. Here the first reset of a session (and any reset after a migration moved a plugin
away from head) is still CKAN's full one: the tables dropped and built again by the
migrations, so every session starts from the schema ``ckan db upgrade`` produces. Every later
reset empties the same tables CKAN's reset and ``empty_ppid_tables`` empty (CKAN's metadata
tables and the ``ppid_*``/``suara_*`` tables, never the ``*alembic_version`` tables nor any
other table), in one ``TRUNCATE`` of those that hold rows, as the superuser of the tests
(the audit trail stays sealed: the superuser may truncate it), and restarts the id sequences
of the ``ppid_*``/``suara_*`` tables as ``RESTART IDENTITY`` did. A migration already applied
at head since the last full reset is not run again (the schema has not changed).
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

CASE_PREFIXES = ("ppid_", "suara_")


class _State:
    built = False  # a full reset ran in this session: the schema is the migrations' one
    applied: set[str] = set()  # plugins migrated to head since that full reset
    engine = None  # pooled superuser engine (one connection kept open)


def _owner_engine():
    import sqlalchemy as sa
    from pkl_audit import owner_engine

    if _State.engine is None:
        owner = owner_engine()
        _State.engine = (sa.create_engine(owner.url, pool_size=1, max_overflow=1,
                                          pool_pre_ping=True) if owner is not None else False)
    return _State.engine or None


def fast_ready() -> bool:
    """A full reset has run in this session and the superuser connection is available."""
    return _State.built and _owner_engine() is not None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables_to_empty(conn) -> list[str]:
    import ckan.model as model
    import sqlalchemy as sa

    existing = {n for (n,) in conn.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}
    core = {t.name for t in model.repo.metadata.sorted_tables}
    cases = {n for n in existing if n.startswith(CASE_PREFIXES)}
    return sorted(n for n in (core | cases) & existing if not n.endswith("alembic_version"))


def _truncate() -> None:
    """Empty the tables that hold rows, restart the sequences of the case tables."""
    import sqlalchemy as sa

    with _owner_engine().begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
        tables = _tables_to_empty(conn)
        if not tables:
            return
        probe = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {_quote(t)})" for i, t in enumerate(tables))
        full = [tables[i] for (i,) in conn.execute(sa.text(probe))]
        if full:
            conn.execute(sa.text(f"TRUNCATE {', '.join(map(_quote, full))} CASCADE"))
        used = conn.execute(sa.text(
            "SELECT s.oid::regclass::text FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            "  AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'"
            " WHERE s.relkind = 'S' AND t.relname = ANY(:cases)"
            "  AND CASE WHEN s.relkind = 'S' THEN pg_sequence_last_value(s.oid) END"
            "   IS NOT NULL"),
            {"cases": [t for t in tables if t.startswith(CASE_PREFIXES)]}).scalars().all()
        for seq in used:
            conn.execute(sa.text(f"ALTER SEQUENCE {seq} RESTART"))


def _full_reset() -> None:
    from ckan.tests import helpers
    from pkl_audit import empty_ppid_tables
    from pkl_speedups import pooled_engine_back

    empty_ppid_tables()
    helpers.reset_db()
    pooled_engine_back()  # its migrations left the model on a NullPool engine
    _State.applied.clear()
    _State.built = True


def reset_db() -> None:
    """What ``ckan.tests.helpers.reset_db`` leaves (the tables empty, the schema untouched),
    fast after the first full reset of the session."""
    import ckan.model as model
    import sqlalchemy as sa

    if not fast_ready() or model.meta.engine is None:
        _full_reset()
        return
    model.Session.close_all()  # no transaction of ours holds a lock the TRUNCATE waits for
    try:
        _truncate()
    except sa.exc.OperationalError as e:  # a lock held elsewhere: CKAN's row-by-row reset
        log.warning("fast reset failed (%s); full reset", e.orig)
        _full_reset()
    model.Session.remove()


def migrate_db_for(plugin: str, version: str = "head", forward: bool = True) -> None:
    """CKAN's ``migrate_db_for`` (the audit tables sealed after the ppid and suara ones),
    skipped when the plugin was migrated to head since the last full reset."""
    from ckan.cli.db import _run_migrations
    from pkl_audit import seal_audit_tables
    from pkl_speedups import pooled_engine_back

    assert plugin, "Cannot apply migrations of unknown plugin"
    at_head = version == "head" and forward
    if not (at_head and plugin in _State.applied and _State.built):
        _run_migrations(plugin, version, forward)
        pooled_engine_back()  # the migration left the model on a NullPool engine
        (_State.applied.add if at_head else _State.applied.discard)(plugin)
    if plugin in ("ppid", "suara"):
        seal_audit_tables()
