"""The officers' queue at scale: the free-text filter ``q`` looks in ``search_text`` (ticket
and information, lower case, computed by PostgreSQL) through a trigram index, and the
migration leaves the index out with a warning where ``pg_trgm`` cannot be created
(``casework/textsearch.py``). Timings: tests/bench/test_ppid_bench.py."""
from __future__ import annotations

import logging

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from freezegun import freeze_time
from pkl_audit import owner_engine, web_role

from ckanext.pekalongan.casework import textsearch


def _plan(sql: str, **params) -> str:
    """The plan of ``sql`` when PostgreSQL may not read the whole table (a test table is
    small, so it would; the question is whether an index *can* serve the query)."""
    with model.meta.engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        rows = conn.execute(sa.text("EXPLAIN " + sql), params).scalars().all()
    return "\n".join(rows)


@pytest.mark.usefixtures("with_plugins")
class TestFreeTextFilter:
    def _two(self, people, kit):
        with freeze_time("2026-03-09 03:00:00"):
            a = kit.new_request(information="Data JALAN rusak 100% di Kajen")
            b = kit.new_request(information="Anggaran puskesmas_kajen")
        return a["ticket"], b["ticket"]

    def _tickets(self, kit, people, q):
        return [r["ticket"] for r in kit.act("ppid_request_list", people.utama, q=q)["results"]]

    def test_any_case_in_ticket_or_information(self, people, kit):
        a, b = self._two(people, kit)
        assert self._tickets(kit, people, "jalan RUSAK") == [a]
        assert self._tickets(kit, people, a.lower()) == [a]
        assert self._tickets(kit, people, "ppid-2026") == [a, b]
        assert self._tickets(kit, people, "KAJEN") == [a, b]

    def test_wildcards_are_taken_literally_and_nothing_matches_across_the_two(self, people,
                                                                               kit):
        a, b = self._two(people, kit)
        assert self._tickets(kit, people, "100%") == [a]
        assert self._tickets(kit, people, "%") == [a]
        assert self._tickets(kit, people, "s_k") == [b]  # puskesmas_kajen, not "sek..."
        assert self._tickets(kit, people, "skesmas_k") == [b]
        assert self._tickets(kit, people, "a_a") == []
        # the ticket and the information are two texts: the end of one and the start of
        # the other do not make a match
        assert self._tickets(kit, people, f"{a[-3:]} data") == []

    def test_a_line_break_in_q_is_refused(self, people, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_request_list", people.utama, q="jalan\nData")
        assert "q" in kit.errors(e)

    def test_search_text_follows_the_information_and_is_never_written_by_the_orm(
            self, people, kit):
        a, _b = self._two(people, kit)
        stored = model.Session.execute(
            sa.text("SELECT search_text FROM ppid_request WHERE ticket = :t"), {"t": a}
        ).scalar()
        assert stored == f"{a.lower()}\ndata jalan rusak 100% di kajen"

    def test_the_filter_is_served_by_the_trigram_index(self, people, kit):
        self._two(people, kit)
        plan = _plan("SELECT count(*) FROM ppid_request WHERE search_text LIKE lower(:p)",
                     p=textsearch.contains_pattern("Jalan"))
        assert "ppid_request_search_trgm_idx" in plan
        definition = model.Session.execute(sa.text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ppid_request_search_trgm_idx'"
        )).scalar()
        assert "gin (search_text gin_trgm_ops)" in definition

    def test_the_opd_filter_reads_its_index_in_due_date_order(self, people, kit):
        plan = _plan("SELECT id FROM ppid_request WHERE COALESCE(routed_org_id, target_org_id)"
                     " = :o ORDER BY due_date LIMIT 20", o="x")
        assert "ppid_request_handling_org_idx" in plan
        assert "Sort" not in plan


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestTrigramIndexWithoutTheExtension:
    """Run as the superuser inside one transaction that is rolled back: the extension is
    dropped (with the indexes that use it) only for the duration of the test."""

    def test_the_web_role_cannot_create_it_so_the_index_is_left_out_with_a_warning(
            self, caplog):
        owner = owner_engine()
        assert owner is not None, "the tests need the superuser (var/secrets.env)"
        model.Session.remove()
        with owner.connect() as conn:
            tx = conn.begin()
            try:
                conn.execute(sa.text("SET LOCAL lock_timeout = '20s'"))
                conn.execute(sa.text("DROP EXTENSION pg_trgm CASCADE"))
                conn.execute(sa.text(f'SET LOCAL ROLE "{web_role()}"'))
                # as a migration does, with a logger of the caller's
                warn = logging.getLogger("test_ppid_queue_search.migration")
                warn.addHandler(caplog.handler)
                try:
                    made = textsearch.create_trigram_index(
                        conn, "ppid_request_probe_trgm_idx", "ppid_request", ("search_text",),
                        retry="RETRY-COMMANDS", warn=warn)
                finally:
                    warn.removeHandler(caplog.handler)
                assert made is False
                assert "pg_trgm" in caplog.text and "RETRY-COMMANDS" in caplog.text
                assert "audit_owner.sql" in caplog.text
                exists = sa.text("SELECT to_regclass('ppid_request_probe_trgm_idx')")
                assert conn.execute(exists).scalar() is None
                # the refusal stayed inside its savepoint: the transaction goes on, and a
                # role that may create the extension gets the index
                conn.execute(sa.text("RESET ROLE"))
                made = textsearch.create_trigram_index(
                    conn, "ppid_request_probe_trgm_idx", "ppid_request", ("search_text",),
                    retry="RETRY-COMMANDS")
                assert made is True
                assert conn.execute(exists).scalar() == "ppid_request_probe_trgm_idx"
            finally:
                tx.rollback()
        with model.meta.engine.connect() as conn:
            assert conn.execute(sa.text(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1


def test_index_names_must_be_plain_identifiers():
    with pytest.raises(ValueError):
        textsearch.create_trigram_index(None, "x; DROP TABLE y", "ppid_request", ("a",),
                                        retry="")
