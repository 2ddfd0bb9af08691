"""The fast database reset of the tests (the root conftest's ``reset_db``, ``clean_db`` and
``migrate_db_for``; issue #14), and snapshots of what a fixture builds on it (``snapshot``).

CKAN's ``reset_db`` deletes every table of its metadata one by one, and our ``clean_db`` then
applied the migrations of six plugins (no-ops at head, ~0.2 s each): ~2.4 s per test, for
~900 tests. Here the first reset of a session (and any reset after a migration moved a plugin
away from head) is still CKAN's full one: the tables dropped and built again by the
migrations, so every session starts from the schema ``ckan db upgrade`` produces. Every later
reset empties the same tables CKAN's reset and ``empty_ppid_tables`` empty (CKAN's metadata
tables and the ``ppid_*``/``suara_*`` tables, never the ``*alembic_version`` tables nor any
other table), as the superuser of the tests (the audit trail stays sealed: the superuser may
empty it), and restarts the id sequences of the ``ppid_*``/``suara_*`` tables as ``RESTART
IDENTITY`` did. Only the tables that hold rows are emptied, with a ``DELETE`` each under
``session_replication_role = replica`` (no foreign-key check, no trigger: cheaper than a
``TRUNCATE`` of a few rows, which replaces the files of every table it names), and, as
``TRUNCATE ... CASCADE`` did, every table that holds rows referring to an emptied one. A
migration already applied at head since the last full reset is not run again (the schema has
not changed).

``snapshot(name, build)``: the cast of the case tests (six users on four organizations, ~0.6 s
through CKAN's actions) is the same for hundreds of tests. The first time ``build`` runs on a
given database state (per worker), it runs as it is; then every table it left holding rows is
copied into a temporary table of the superuser's connection (``pkl_snap_<n>_<i>``: gone with
the connection, never in a dump of the test database), with the values of the sequences it
moved, the Redis keys it wrote and a deep copy of its return value. A later ``snapshot`` of the
same name, on the same state, with the same configuration and plugins, puts these back in one
transaction (``session_replication_role = replica``: the rows go in as they were copied, in any
order, no trigger runs again: every row a trigger wrote is among the copied ones) and returns a
deep copy of the value. The state is recognised by the contents of every table that holds rows
(their md5), the migration versions, and the Redis keys and values: anything else (another
fixture's rows before it, another configuration, other plugins) builds again, as under a frozen
clock (freezegun). A ``build`` must commit what it makes (CKAN's actions and factories do; one
that leaves objects pending in the session is not snapshotted). The site user that CKAN creates
on demand counts by its presence only (its id and key are random): a snapshot brings back the
one it was taken with. The page-cache generations (Redis) are never copied: a restore that
writes catalogue tables bumps them as the build did (tests see fresh pages). A full reset or a
migration run forgets every snapshot (the copies gone with a lost connection: the build runs
again). Data outside PostgreSQL and Redis (Solr documents, uploaded files) is not copied: a
``build`` must not make any. ``PEKALONGAN_TEST_NO_SNAPSHOT=1`` (and
``PEKALONGAN_TEST_RELOAD=1``, which turns off the other shortcuts of the tests) runs every
``build`` as it is.
"""
from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

CASE_PREFIXES = ("ppid_", "suara_")
SNAPSHOT_PREFIX = "pkl_snap_"
SNAPSHOTS_PER_NAME = 8  # more states than that for one name: build without snapshots
SNAPSHOTS_KEPT = 64


class _State:
    built = False  # a full reset ran in this session: the schema is the migrations' one
    applied: set[str] = set()  # plugins migrated to head since that full reset
    engine = None  # pooled superuser engine (one connection kept open)
    catalog: dict = {}  # tables -> _Catalog (foreign keys, sequences, columns)
    snapshots: dict = {}  # key -> _Snapshot
    taken: dict[str, int] = {}  # snapshots taken per name since they were last forgotten
    serial = 0  # the number of the last snapshot


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

    existing = _public_tables(conn)
    core = {t.name for t in model.repo.metadata.sorted_tables}
    cases = {n for n in existing if n.startswith(CASE_PREFIXES)}
    return sorted(n for n in (core | cases) & existing if not n.endswith("alembic_version"))


def _public_tables(conn) -> set[str]:
    import sqlalchemy as sa

    return {n for (n,) in conn.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))}


class _Catalog:
    """What the reset and the snapshots read from the catalog for one set of tables."""

    def __init__(self, conn, tables: list[str]):
        import sqlalchemy as sa

        self.referencing: dict[str, set[str]] = {}  # table -> the tables referring to it
        for child, parent in conn.execute(sa.text(
                "SELECT c.relname, p.relname FROM pg_constraint k"
                " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
                " JOIN pg_namespace cn ON cn.oid = c.relnamespace AND cn.nspname = 'public'"
                " JOIN pg_namespace pn ON pn.oid = p.relnamespace AND pn.nspname = 'public'"
                " WHERE k.contype = 'f'")):
            self.referencing.setdefault(parent, set()).add(child)
        # the tables a TRUNCATE ... CASCADE of ``tables`` may empty
        self.closure = sorted(_reachable(self.referencing, tables))
        self.case_sequences = conn.execute(sa.text(
            "SELECT DISTINCT s.relname FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            "  AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'"
            " WHERE s.relkind = 'S' AND t.relname = ANY(:cases)"),
            {"cases": [t for t in tables if t.startswith(CASE_PREFIXES)]}).scalars().all()
        self.columns: dict[str, str] = {}  # table -> its stored columns (not generated ones)

    def stored_columns(self, conn, table: str) -> str:
        import sqlalchemy as sa

        if table not in self.columns:
            names = conn.execute(sa.text(
                "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass)"
                " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"),
                {"t": f"public.{_quote(table)}"}).scalars().all()
            self.columns[table] = ", ".join(map(_quote, names))
        return self.columns[table]


def _reachable(referencing: dict[str, set[str]], roots) -> set[str]:
    seen, todo = set(roots), list(roots)
    while todo:
        for child in referencing.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _catalog(conn, tables: list[str]) -> _Catalog:
    key = tuple(tables)
    found = _State.catalog.get(key)
    if found is None:
        _State.catalog.clear()
        found = _State.catalog[key] = _Catalog(conn, tables)
    return found


def _non_empty(conn, tables) -> set[str]:
    import sqlalchemy as sa

    tables = list(tables)
    if not tables:
        return set()
    probe = " UNION ALL ".join(
        f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {_quote(t)})" for i, t in enumerate(tables))
    return {tables[i] for (i,) in conn.execute(sa.text(probe))}


def _delete_rows(conn, tables) -> None:
    """Empty ``tables`` row by row without foreign-key checks or triggers (the caller's
    transaction: ``SET LOCAL`` lasts until it ends)."""
    import sqlalchemy as sa

    if tables:
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text("; ".join(f"DELETE FROM {_quote(t)}" for t in tables)))


def _empty_tables() -> None:
    """Empty the tables that hold rows (and, as ``TRUNCATE ... CASCADE``, those that hold
    rows referring to them), restart the used sequences of the case tables."""
    import sqlalchemy as sa

    with _owner_engine().begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
        tables = _tables_to_empty(conn)
        if not tables:
            return
        info = _catalog(conn, tables)
        full = _non_empty(conn, info.closure)
        roots = [t for t in tables if t in full]
        _delete_rows(conn, sorted(_reachable(info.referencing, roots) & full))
        if info.case_sequences:  # RESTART: the start value, not yet called
            conn.execute(sa.text(
                "SELECT setval(CAST(quote_ident(sequencename) AS regclass), start_value, false)"
                " FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
                " AND sequencename = ANY(:seqs)"), {"seqs": list(info.case_sequences)})


def _full_reset() -> None:
    from ckan.tests import helpers
    from pkl_audit import empty_ppid_tables
    from pkl_speedups import pooled_engine_back

    forget_snapshots()
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
    model.Session.close_all()  # no transaction of ours holds a lock the reset waits for
    try:
        _empty_tables()
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
        forget_snapshots()  # the schema may change
        _run_migrations(plugin, version, forward)
        pooled_engine_back()  # the migration left the model on a NullPool engine
        (_State.applied.add if at_head else _State.applied.discard)(plugin)
    if plugin in ("ppid", "suara"):
        seal_audit_tables()


# ------------------------------------------------------------------------------ snapshots


def snapshots_on() -> bool:
    return not (os.environ.get("PEKALONGAN_TEST_NO_SNAPSHOT")
                or os.environ.get("PEKALONGAN_TEST_RELOAD"))


class _Snapshot:
    def __init__(self, tables, sequences, redis_set, redis_gone, bumped, value):
        self.tables = tables  # [(table, its stored columns, the temporary table of its copy)]
        self.sequences = sequences  # {sequence: last value (None: not called)} it moved
        self.redis_set = redis_set  # {key: (DUMP, PTTL)} it wrote
        self.redis_gone = redis_gone  # [key] it deleted
        self.bumped = bumped  # the page-cache generations it bumped
        self.value = value  # a deep copy of what ``build`` returned


def _snapshot_tables(conn) -> tuple[list[str], list[str]]:
    """Every table of the site's schema but the migration versions; the migration versions."""
    tables = _public_tables(conn)
    versions = sorted(t for t in tables if t.endswith("alembic_version"))
    return sorted(tables.difference(versions)), versions


def _db_state(conn, versions: list[str], full: set[str]) -> str:
    """The contents of the tables that hold rows (the site user by its presence only) and
    the migration versions, as one digest."""
    import sqlalchemy as sa
    from ckan.common import config

    parts = []
    for t in sorted(full):
        where = " WHERE x.name <> :site" if t == "user" else ""
        parts.append(f"SELECT '{t}', count(*), md5(string_agg(x::text, '|' ORDER BY x::text))"
                     f" FROM {_quote(t)} x{where}")
    parts.append("SELECT 'site user', count(*), '' FROM \"user\" WHERE name = :site"
                 if "user" in full else "SELECT 'site user', 0, ''")
    parts += [f"SELECT '{t}', count(*), string_agg(version_num, ',' ORDER BY version_num)"
              f" FROM {_quote(t)}" for t in versions]
    rows = conn.execute(sa.text(" UNION ALL ".join(parts)),
                        {"site": config.get("ckan.site_id")}).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _sequences(conn) -> dict[str, int | None]:
    import sqlalchemy as sa

    return dict(conn.execute(sa.text(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")).all())


def _page_cache_keys() -> set[bytes]:
    try:
        from ckanext.pekalongan.theme import page_cache
    except ImportError:
        return set()
    return {page_cache._key(s).encode() for s in page_cache.SCOPES}


def _redis_state():
    """{key: (DUMP, PTTL)} of the site's Redis database, and the page-cache generations
    apart; (None, None) without Redis."""
    try:
        from ckan.lib.redis import connect_to_redis

        redis = connect_to_redis()
        keys = sorted(redis.keys("*"))
        pipe = redis.pipeline(transaction=False)
        for key in keys:
            pipe.dump(key)
            pipe.pttl(key)
        found = pipe.execute()
    except Exception:  # noqa: BLE001 - no Redis: nothing to keep
        return None, None
    items = {k: (found[2 * i], found[2 * i + 1]) for i, k in enumerate(keys)
             if found[2 * i] is not None}  # not gone in between
    gens = _page_cache_keys()
    return ({k: v for k, v in items.items() if k not in gens},
            {k: v[0] for k, v in items.items() if k in gens})


def _redis_digest(items) -> str:
    if items is None:
        return "no redis"
    return hashlib.sha256(repr(sorted((k, v[0]) for k, v in items.items())).encode()).hexdigest()


def _clock_frozen() -> bool:
    """freezegun is on: what a build stamps depends on the clock it set (build as it is)."""
    from freezegun import api

    return bool(api.freeze_factories)


def _config_key() -> str | None:
    import ckan.plugins.core as core
    from pkl_speedups import NOT_LOADED_OPTIONS, _fingerprint

    settings = _fingerprint(NOT_LOADED_OPTIONS)
    if settings is None:
        return None
    plugins = repr(list(core._PLUGINS))
    return hashlib.sha256((settings + plugins).encode()).hexdigest()


def snapshot(name: str, build: Callable[[], T]) -> T:
    """``build()`` (a fixture's set-up), or the rows, sequences and Redis keys it left the
    last time it ran on the same state, put back (see above). Returns what it returns."""
    import ckan.model as model
    import sqlalchemy as sa

    if (not snapshots_on() or not fast_ready() or model.meta.engine is None
            or _clock_frozen()):
        return build()
    session = model.Session
    if session.new or session.dirty or session.deleted:
        return build()
    session.commit()  # what the build's first action would do; no lock left for the restore
    config = _config_key()
    if config is None:
        return build()
    redis_before, gens_before = _redis_state()
    try:
        with _owner_engine().begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
            tables, versions = _snapshot_tables(conn)
            full = _non_empty(conn, tables)
            key = (name, config, _db_state(conn, versions, full), _redis_digest(redis_before))
            found = _State.snapshots.get(key)
            if found is not None:
                _restore_rows(conn, found, full)
            else:
                sequences = _sequences(conn)
    except sa.exc.DBAPIError as e:  # e.g. the database was restored from a dump
        log.warning("snapshot %s not restored (%s); built again", name, e.orig)
        forget_snapshots()
        return build()
    if found is not None:
        session.expire_all()  # as the build's commits left it
        _restore_redis(found)
        return copy.deepcopy(found.value)
    value = build()
    if (session.new or session.dirty or session.deleted
            or _State.taken.get(name, 0) >= SNAPSHOTS_PER_NAME
            or len(_State.snapshots) >= SNAPSHOTS_KEPT):
        return value
    try:
        _take(key, value, sequences, redis_before, gens_before)
    except sa.exc.DBAPIError as e:
        log.warning("snapshot %s not taken (%s)", name, e.orig)
    return value


def _take(key, value, sequences_before, redis_before, gens_before) -> None:
    import sqlalchemy as sa

    with _owner_engine().begin() as conn:
        tables, _versions = _snapshot_tables(conn)
        info = _catalog(conn, _tables_to_empty(conn))
        _State.serial += 1
        copied = []
        for i, t in enumerate(sorted(_non_empty(conn, tables))):
            columns = info.stored_columns(conn, t)
            copy_of = f"{SNAPSHOT_PREFIX}{_State.serial}_{i}"
            conn.execute(sa.text(
                f"CREATE TEMP TABLE {copy_of} AS SELECT {columns} FROM {_quote(t)}"))
            copied.append((t, columns, copy_of))
        moved = {s: v for s, v in _sequences(conn).items() if sequences_before.get(s) != v}
    redis_after, gens_after = _redis_state()
    if redis_before is None or redis_after is None:
        redis_set, redis_gone = {}, []
    else:
        redis_set = {k: v for k, v in redis_after.items()
                     if k not in redis_before or redis_before[k][0] != v[0]}
        redis_gone = [k for k in redis_before if k not in redis_after]
    bumped = [k for k, v in (gens_after or {}).items() if (gens_before or {}).get(k) != v]
    _State.snapshots[key] = _Snapshot(copied, moved, redis_set, redis_gone, bumped,
                                      copy.deepcopy(value))
    _State.taken[key[0]] = _State.taken.get(key[0], 0) + 1


def _restore_rows(conn, snap: _Snapshot, full: set[str]) -> None:
    """The tables as ``snap`` holds them (those not in it empty), its sequences set."""
    import sqlalchemy as sa

    _delete_rows(conn, sorted(full))
    conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
    statements = [f"INSERT INTO {_quote(t)} ({columns}) OVERRIDING SYSTEM VALUE"
                  f" SELECT {columns} FROM pg_temp.{copy_of}"
                  for t, columns, copy_of in snap.tables]
    statements += [
        f"SELECT setval(CAST({_literal(seq)} AS regclass), {value}, true)" if value is not None
        else f"SELECT setval(CAST({_literal(seq)} AS regclass), start_value, false)"
             f" FROM pg_sequences WHERE schemaname = 'public' AND sequencename = {_literal(seq)}"
        for seq, value in snap.sequences.items()]
    if statements:
        conn.execute(sa.text("; ".join(statements)))


def _literal(name: str) -> str:
    return "'" + _quote(name).replace("'", "''") + "'"


def _restore_redis(snap: _Snapshot) -> None:
    if not (snap.redis_set or snap.redis_gone or snap.bumped):
        return
    from ckan.lib.redis import connect_to_redis

    pipe = connect_to_redis().pipeline()
    if snap.redis_gone:
        pipe.delete(*snap.redis_gone)
    for key, (dumped, pttl) in snap.redis_set.items():
        pipe.restore(key, max(pttl, 0), dumped, replace=True)
    pipe.execute()
    if snap.bumped:  # a value never given before, as the build's commits set
        from ckanext.pekalongan.theme import page_cache

        page_cache.bump(*[s for s in page_cache.SCOPES
                          if page_cache._key(s).encode() in snap.bumped])


def forget_snapshots() -> None:
    """Drop every snapshot (a full reset or a migration may change the schema)."""
    import sqlalchemy as sa

    _State.catalog.clear()
    _State.taken.clear()
    if not _State.snapshots:
        return
    copies = [c for s in _State.snapshots.values() for _t, _c, c in s.tables]
    _State.snapshots.clear()
    engine = _owner_engine()
    if engine is None or not copies:
        return
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS "
                                 + ", ".join(f"pg_temp.{c}" for c in copies)))
    except sa.exc.DBAPIError as e:
        log.warning("snapshot copies not dropped (%s)", e.orig)
