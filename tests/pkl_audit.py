"""The test database's audit-trail owner: what the fixtures that empty the database need.

``ppid_event`` belongs to ``pekalongan_audit`` (``migration/ppid/audit_owner.sql``): the web
role (``sqlalchemy.url``) may only SELECT and INSERT it. Resetting the database between tests
needs more, so it runs through a superuser connection of the tests' own (never in an ini
the web reads).
"""
from __future__ import annotations

import os
from pathlib import Path


def owner_engine():
    """A connection as the PostgreSQL superuser to the test database (tests only).

    The web role (``sqlalchemy.url``) may not TRUNCATE, ALTER or DROP the audit
    trail ``ppid_event``: its owner is ``pekalongan_audit`` (see
    ``migration/ppid/audit_owner.sql``). The fixtures that empty the database
    use this connection instead. The superuser password is the one
    config/stack.py generated into var/secrets.env (never in an ini the web
    reads); ``PEKALONGAN_TEST_OWNER_URL`` overrides the URL. ``None`` when
    neither is available (then the tables are not sealed either)."""
    global _OWNER_ENGINE
    if _OWNER_ENGINE is not None:
        return _OWNER_ENGINE or None
    import sqlalchemy as sa
    from ckan.common import config

    url = os.environ.get("PEKALONGAN_TEST_OWNER_URL")
    if not url:
        secrets = Path(__file__).resolve().parent.parent / "var" / "secrets.env"
        values = dict(
            line.split("=", 1)
            for line in (secrets.read_text().splitlines() if secrets.exists() else [])
            if "=" in line and not line.startswith("#")
        )
        if values.get("PG_SUPERUSER_PASSWORD"):
            web = sa.engine.make_url(config["sqlalchemy.url"])
            url = web.set(username="postgres", password=values["PG_SUPERUSER_PASSWORD"])
    _OWNER_ENGINE = sa.create_engine(url, poolclass=sa.pool.NullPool) if url else False
    return _OWNER_ENGINE or None


_OWNER_ENGINE = None


def web_role() -> str:
    import sqlalchemy as sa
    from ckan.common import config

    return sa.engine.make_url(config["sqlalchemy.url"]).username


def _has_function(conn, signature: str) -> bool:
    import sqlalchemy as sa

    return conn.execute(sa.text("SELECT to_regprocedure(:f) IS NOT NULL"),
                        {"f": signature}).scalar()


def empty_ppid_tables() -> None:
    """Empty the ppid_* and suara_* tables before CKAN's reset deletes rows, and give the
    audit tables back to the web role for that reset.

    ``ppid_event`` is append-only and owned by ``pekalongan_audit``: the web
    role may neither DELETE (CKAN's ``delete_all``), TRUNCATE nor DROP it (CKAN's
    ``clean_db`` on the first reset of a session). So the superuser connection
    truncates the tables and unseals them; ``migrate_db_for("ppid")`` seals them
    again right after the reset. Production never truncates.
    """
    import ckan.model as model
    import sqlalchemy as sa

    if model.meta.engine is None:
        return
    model.Session.remove()  # release row locks a previous test may still hold
    owner = owner_engine()
    with (owner or model.meta.engine).begin() as conn:
        tables = [
            name
            for name in sa.inspect(conn).get_table_names()
            if name.startswith(("ppid_", "suara_"))
            and name not in ("ppid_alembic_version", "suara_alembic_version")
        ]
        if tables:
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        if owner is not None and _has_function(conn, "public.pekalongan_unseal_audit_tables(name)"):
            conn.execute(sa.text("SELECT public.pekalongan_unseal_audit_tables(:web)"),
                         {"web": web_role()})


def seal_audit_tables() -> None:
    """Hand the audit tables to ``pekalongan_audit`` (what the ppid migration does
    when it creates them; a no-op when sealed already or on a database without
    the audit owner)."""
    import ckan.model as model
    import sqlalchemy as sa

    with model.meta.engine.begin() as conn:
        if _has_function(conn, "public.pekalongan_seal_audit_tables()"):
            conn.execute(sa.text("SELECT public.pekalongan_seal_audit_tables()"))
