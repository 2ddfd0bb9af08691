"""Issue 17 item 8: the role the web runs as cannot rewrite the audit trail.

Connects to the REAL PostgreSQL with the web role's own URL (``sqlalchemy.url``
of the test ini) and tries every way to change or remove ``ppid_event`` rows.
``ppid_event`` belongs to the NOLOGIN role ``pekalongan_audit``
(``migration/ppid/audit_owner.sql``); the web role may only SELECT and INSERT.
"""
from __future__ import annotations

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.common import config
from pkl_factories import PpidCast
from pkl_ppid import act, request_data

pytestmark = pytest.mark.usefixtures("with_plugins")

ATTACKS = {
    "update": "UPDATE ppid_event SET actor = 'someone else'",
    "delete": "DELETE FROM ppid_event",
    "truncate": "TRUNCATE ppid_event",
    "truncate through the request table": "TRUNCATE ppid_request CASCADE",
    "disable the trigger": "ALTER TABLE ppid_event DISABLE TRIGGER ppid_event_append_only",
    "disable all triggers": "ALTER TABLE ppid_event DISABLE TRIGGER ALL",
    "drop the trigger": "DROP TRIGGER ppid_event_append_only ON ppid_event",
    "replace the trigger function": (
        "CREATE OR REPLACE FUNCTION ppid_event_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"),
    "drop the table": "DROP TABLE ppid_event",
    "drop the table cascade": "DROP TABLE ppid_event CASCADE",
    "drop the schema": "DROP SCHEMA public CASCADE",
    "rename the table": "ALTER TABLE ppid_event RENAME TO ppid_event_old",
    "take ownership": "ALTER TABLE ppid_event OWNER TO {web}",
    # a GRANT without the grant option only warns "no privileges were granted"
    "grant itself DELETE": "GRANT DELETE ON ppid_event TO {web}; DELETE FROM ppid_event",
    "become the owner role": "SET ROLE pekalongan_audit",
    "a rule": "CREATE RULE hide AS ON INSERT TO ppid_event DO INSTEAD NOTHING",
    "row-level security": "ALTER TABLE ppid_event ENABLE ROW LEVEL SECURITY",
    "reset the id sequence": "SELECT setval('ppid_event_id_seq', 1)",
    "replica role, then delete": (
        "SET session_replication_role = replica; DELETE FROM ppid_event"),
    "replica role for the database": (
        "ALTER DATABASE {db} SET session_replication_role = replica"),
    "reseal as nobody": "SELECT public.pekalongan_unseal_audit_tables('{web}')",
}


@pytest.fixture
def web_engine():
    """The web role's own connection (the URL the portal runs with)."""
    engine = sa.create_engine(config["sqlalchemy.url"], poolclass=sa.pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def events(clean_db):
    people = PpidCast()
    act("ppid_request_create", people.utama, channel="walk_in", **request_data())
    model.Session.remove()
    with model.meta.engine.connect() as conn:
        return conn.execute(sa.text("SELECT * FROM ppid_event ORDER BY id")).mappings().all()


def test_web_role_cannot_rewrite_the_audit_trail(events, web_engine):
    assert events, "the request left no audit event"
    url = sa.engine.make_url(config["sqlalchemy.url"])
    succeeded = []
    for name, sql in ATTACKS.items():
        sql = sql.format(web=url.username, db=url.database)
        with web_engine.connect() as conn:
            tx = conn.begin()
            try:
                conn.exec_driver_sql(sql)
            except sa.exc.DBAPIError as e:
                assert "permission denied" in str(e) or "must be owner" in str(e) or \
                    "append-only" in str(e), (name, str(e))
            else:
                succeeded.append(name)
            finally:
                tx.rollback()
    assert not succeeded, f"the web role could: {succeeded}"
    with web_engine.connect() as conn:
        after = conn.execute(sa.text("SELECT * FROM ppid_event ORDER BY id")).mappings().all()
        trigger = conn.execute(sa.text(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'ppid_event_append_only'")).scalar()
    assert [dict(r) for r in after] == [dict(r) for r in events]
    assert trigger == "O"  # enabled


def test_web_role_may_append_and_read(events, web_engine):
    with web_engine.begin() as conn:
        new_id = conn.execute(sa.text(
            "INSERT INTO ppid_event (action, actor, data) VALUES ('probe', 'test', '{}') "
            "RETURNING id")).scalar()
        assert new_id > max(e["id"] for e in events)
        assert conn.execute(sa.text("SELECT count(*) FROM ppid_event")).scalar() == \
            len(events) + 1


def test_the_web_role_owns_neither_table_nor_schema_nor_database(clean_db, web_engine):
    with web_engine.connect() as conn:
        owners = conn.execute(sa.text("""
            SELECT (SELECT pg_get_userbyid(relowner) FROM pg_class
                     WHERE oid = 'public.ppid_event'::regclass),
                   (SELECT pg_get_userbyid(proowner) FROM pg_proc
                     WHERE oid = 'public.ppid_event_append_only()'::regprocedure),
                   (SELECT pg_get_userbyid(nspowner) FROM pg_namespace
                     WHERE nspname = 'public'),
                   (SELECT pg_get_userbyid(datdba) FROM pg_database
                     WHERE datname = current_database()),
                   (SELECT rolsuper OR rolcreaterole FROM pg_roles
                     WHERE rolname = current_user),
                   pg_has_role(current_user, 'pekalongan_audit', 'MEMBER')
        """)).one()
    assert tuple(owners) == ("pekalongan_audit",) * 4 + (False, False)


def test_a_fresh_ckan_db_upgrade_seals_the_audit_trail(clean_db):
    """The migration itself hands ppid_event over (not the test fixtures): from an
    empty ppid schema, ``ckan db upgrade``'s migrations leave it sealed."""
    from ckan.cli.db import _run_migrations
    from pkl_audit import empty_ppid_tables

    empty_ppid_tables()  # unseal (superuser) so that the downgrade may drop the tables
    model.Session.remove()
    _run_migrations("ppid", "base", False)
    with model.meta.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT to_regclass('public.ppid_event')")).scalar() is None
    _run_migrations("ppid", "head", True)  # what `ckan db upgrade` runs
    with model.meta.engine.connect() as conn:
        owner = conn.execute(sa.text("SELECT pg_get_userbyid(relowner) FROM pg_class "
                                     "WHERE oid = 'public.ppid_event'::regclass")).scalar()
    assert owner == "pekalongan_audit"
