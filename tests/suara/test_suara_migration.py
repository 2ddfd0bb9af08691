"""The suara migrations go down and up again: every suara_* table dropped and re-created,
the audit trail sealed again by the upgrade."""
from __future__ import annotations

import ckan.model as model
import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.usefixtures("with_plugins")


def suara_tables() -> set[str]:
    model.Session.remove()
    with model.meta.engine.connect() as conn:
        return {t for t in sa.inspect(conn).get_table_names()
                if t.startswith("suara_") and t != "suara_alembic_version"}


def test_downgrade_then_upgrade(clean_db, migrate_db_for):
    from pkl_audit import empty_ppid_tables

    assert {"suara_report", "suara_event", "suara_assignment"} <= suara_tables()
    empty_ppid_tables()  # the superuser gives suara_event back to the web role first
    migrate_db_for("suara", version="base", forward=False)
    assert suara_tables() == set()
    migrate_db_for("suara")
    assert {"suara_report", "suara_event", "suara_response", "suara_attachment",
            "suara_notification", "suara_counter"} <= suara_tables()
    with model.meta.engine.connect() as conn:
        owner = conn.execute(sa.text(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'suara_event'")).scalar()
        trigger = conn.execute(sa.text(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'suara_event_append_only'")).scalar()
    assert owner == "pekalongan_audit" and trigger == 1
