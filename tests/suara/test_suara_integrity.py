"""Integrity of the case record: two clicks at once apply once (row lock), personal data
never reaches the audit trail nor Solr, and the role the web runs as cannot rewrite
``suara_event`` (owned by ``pekalongan_audit``, append-only trigger)."""
from __future__ import annotations

import threading

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.common import config
from pkl_suara import EMAIL, NAME, PHONE, TEXT, act, new_report, routed_report

from ckanext.pekalongan.suara.model import SuaraEvent, SuaraResponse

pytestmark = pytest.mark.usefixtures("with_plugins")


def twice_at_once(app, action: str, user: dict, **data) -> list:
    """Run ``action`` in two threads released together; each result or exception."""
    model.Session.remove()
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def call(i: int) -> None:
        with app.flask_app.test_request_context():
            try:
                barrier.wait(timeout=10)
                results[i] = act(action, user, **data)
            except Exception as e:  # collected and checked by the test
                results[i] = e
            finally:
                model.Session.remove()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def events(report_id: str, event: str) -> int:
    return model.Session.query(SuaraEvent).filter_by(report_id=report_id, event=event).count()


def test_two_verifications_at_once_apply_once(app, people):
    r = new_report()
    results = twice_at_once(app, "suara_report_verify", people["pengelola"],
                            number=r["number"], decision="accept", public_text="Teks.")
    ok = [x for x in results if isinstance(x, dict)]
    refused = [x for x in results if isinstance(x, tk.ValidationError)]
    assert len(ok) == 1 and len(refused) == 1 and "status" in refused[0].error_dict
    assert events(r["id"], "verify") == 1


def test_two_routings_at_once_apply_once(app, people):
    r = new_report()
    act("suara_report_verify", people["pengelola"], number=r["number"], decision="accept",
        public_text="Teks.")
    results = twice_at_once(app, "suara_report_route", people["pengelola"],
                            number=r["number"], organizations=[people["opd_a"]["name"]],
                            complexity="sederhana")
    assert all(isinstance(x, dict) and x["status"] == "routed" for x in results), results
    assert events(r["id"], "route") == 1
    assert len(results[0]["assignments"]) == 1


def test_two_identical_answers_at_once_post_once(app, people):
    r = routed_report(people)
    results = twice_at_once(app, "suara_report_respond", people["opd_a_officer"],
                            number=r["number"], text="Sudah diperbaiki.")
    assert all(isinstance(x, dict) for x in results), results
    assert model.Session.query(SuaraResponse).filter_by(report_id=r["id"]).count() == 1
    assert events(r["id"], "answer") == 1


def test_two_ratings_at_once_count_once(app, people):
    r = routed_report(people)
    act("suara_report_respond", people["opd_a_officer"], number=r["number"], text="Ok.")
    results = twice_at_once(app, "suara_report_rate", None, number=r["number"],
                            tracking_code=r["tracking_code"], rating=5)
    assert sum(isinstance(x, dict) for x in results) == 1
    assert events(r["id"], "rate") == 1


def test_audit_trail_holds_no_personal_data(people):
    r = routed_report(people)
    act("suara_report_respond", people["opd_a_officer"], number=r["number"],
        kind="request_info", text="Alamat lengkap?")
    act("suara_report_add_info", None, number=r["number"], tracking_code=r["tracking_code"],
        text="Jl. Melati 7, rumah Siti Aminah")
    act("suara_report_respond", people["opd_a_officer"], number=r["number"], text="Beres.")
    act("suara_report_reopen", None, number=r["number"], tracking_code=r["tracking_code"],
        reason="Belum beres, hubungi 081234567891")
    model.Session.remove()
    with model.meta.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM suara_event")).mappings().all()
    assert len(rows) >= 7
    dump = repr([dict(row) for row in rows])
    for value in (NAME, PHONE, EMAIL, TEXT, "081234567891", "Melati", r["tracking_code"],
                  "Siti"):
        assert value not in dump


def test_personal_data_is_encrypted_at_rest(people):
    new_report()
    with model.meta.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT text, name, phone, email, phone_hash "
                                   "FROM suara_report")).one()
    assert NAME not in repr(raw) and PHONE not in repr(raw) and "Wangandowo" not in raw.text
    assert raw.phone_hash and len(raw.phone_hash) == 64


def test_reports_never_reach_solr(people):
    from ckan.lib.search.common import make_connection

    r = routed_report(people)
    solr = make_connection()
    for q in (f'"{r["number"]}"', '"Siti Aminah"', '"Wangandowo"', f'id:"{r["id"]}"'):
        assert solr.search(q=q, rows=0).hits == 0
    assert tk.get_action("package_search")({}, {"q": r["number"]})["count"] == 0


ATTACKS = {
    "update": "UPDATE suara_event SET actor = 'someone else'",
    "delete": "DELETE FROM suara_event",
    "truncate": "TRUNCATE suara_event",
    "truncate through the reports": "TRUNCATE suara_report CASCADE",
    "disable the trigger": "ALTER TABLE suara_event DISABLE TRIGGER suara_event_append_only",
    "drop the trigger": "DROP TRIGGER suara_event_append_only ON suara_event",
    "replace the trigger function": (
        "CREATE OR REPLACE FUNCTION suara_event_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"),
    "drop the table": "DROP TABLE suara_event CASCADE",
    "take ownership": "ALTER TABLE suara_event OWNER TO {web}",
    "grant itself DELETE": "GRANT DELETE ON suara_event TO {web}; DELETE FROM suara_event",
    "reset the id sequence": "SELECT setval('suara_event_id_seq', 1)",
}


def test_web_role_cannot_rewrite_suara_event(people):
    new_report()
    model.Session.remove()
    url = sa.engine.make_url(config["sqlalchemy.url"])
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    succeeded = []
    try:
        for name, sql in ATTACKS.items():
            with engine.connect() as conn:
                tx = conn.begin()
                try:
                    conn.exec_driver_sql(sql.format(web=url.username))
                except sa.exc.DBAPIError as e:
                    assert "permission denied" in str(e) or "must be owner" in str(e) or \
                        "append-only" in str(e), (name, str(e))
                else:
                    succeeded.append(name)
                finally:
                    tx.rollback()
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM suara_event")).scalar() == 1
            owner = conn.execute(sa.text(
                "SELECT tableowner FROM pg_tables WHERE tablename = 'suara_event'")).scalar()
    finally:
        engine.dispose()
    assert succeeded == []
    assert owner == "pekalongan_audit"
