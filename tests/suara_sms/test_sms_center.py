"""The SMS center end to end: the REAL gammu-smsd with Gammu's dummy phone, its PostgreSQL
inbox/outbox, our worker, the Suara reports.

A message is "received" by writing a Gammu SMS backup file into the dummy phone's inbox
folder; the daemon stores it in ``inbox``; ``worker.run_once()`` files the report and
queues the reply; the daemon "sends" it (``sentitems``).
"""
from __future__ import annotations

import ckan.model as model
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa

from ckanext.pekalongan.suara.sms import gateway, outbox, parser, worker
from ckanext.pekalongan.suara.sms.model import SmsBlock, SmsOutgoing, SmsProcessed
from suara_sms.conftest import deliver, gammu_rows, sent_to, wait_for, wait_sent

PHONE = "+6281234567890"
OTHER = "+6285712345678"


def reports():
    from ckanext.pekalongan.suara.model import SuaraReport

    model.Session.expire_all()
    return model.Session.query(SuaraReport).order_by(SuaraReport.number).all()


def reply_of(phone: str) -> str:
    rows = wait_sent(phone)
    return "".join(r[2] for r in rows if r[0] == rows[0][0])


pytestmark = pytest.mark.usefixtures("sms_site")


class TestReportBySms:
    def test_an_sms_becomes_a_report_and_its_reply_is_sent_by_the_daemon(self):
        ids = deliver("081234567890", "LAPOR jalan rusak di Desa Wangandowo Bojong")
        inbox = gammu_rows('SELECT "SenderNumber", "Processed" FROM inbox WHERE "ID" = :i',
                           i=ids[0])
        assert inbox == [("081234567890", False)]

        summary = worker.run_once()
        assert summary.get("report") == 1

        [report] = reports()
        assert report.channel == "sms" and report.kind == "pengaduan"
        assert report.text == "jalan rusak di Desa Wangandowo Bojong"
        assert report.phone == PHONE  # 0812... normalised to E.164
        assert report.status == "received"
        # the inbox row is marked, the reply leaves through the daemon
        assert gammu_rows('SELECT "Processed" FROM inbox WHERE "ID" = :i', i=ids[0]) == [(True,)]
        [(gid, seq, text, creator, status)] = wait_sent(PHONE)
        assert report.number in text and f"CEK {report.number}" in text
        assert creator.startswith(f"reply:{ids[0]}:") and status.startswith("SendingOK")
        assert parser.length(text)[1] <= 160
        # the tracking code in the reply opens the report
        code = text.split("kode lacak ")[1].split(".")[0]
        shown = helpers.call_action("suara_report_show", context={"user": ""},
                                    number=report.number, tracking_code=code)
        assert shown["number"] == report.number
        # our queue keeps no clear text once Gammu has it
        out = model.Session.query(SmsOutgoing).one()
        assert out.status == "queued" and out.text is None

    def test_the_report_is_in_the_officer_queue(self):
        deliver(PHONE, "ASPIRASI perbanyak taman bermain di Kajen")
        worker.run_once()
        sysadmin = factories.Sysadmin()
        listed = helpers.call_action("suara_report_list", context={"user": sysadmin["name"]},
                                     scope="queue")
        assert listed["count"] == 1
        assert listed["results"][0]["kind"] == "aspirasi"
        assert "Aspirasi diterima" in reply_of(PHONE)

    def test_a_message_without_keyword_is_a_report_and_the_reply_explains_the_keywords(self):
        deliver(PHONE, "lampu jalan mati di depan pasar Kedungwuni")
        worker.run_once()
        [report] = reports()
        assert report.text == "lampu jalan mati di depan pasar Kedungwuni"
        text = reply_of(PHONE)
        assert "LAPOR/ASPIRASI" in text and "BANTUAN" in text

    def test_multipart_unicode_message_is_reassembled_before_parsing(self):
        body = "LAPOR " + "Jalan berlubang ✋ di Desa Wangandowo — mohon diperbaiki 🚧. " * 4
        n = len(parser.split_sms(body)[1])
        assert n > 2
        ids = deliver(PHONE, body, order=list(range(n, 0, -1)))  # arriving last part first
        assert len(ids) == n
        summary = worker.run_once()
        assert summary.get("report") == 1, summary
        [report] = reports()
        assert report.text == parser.clean_text(body)[len("LAPOR "):]
        assert "🚧" in report.text and "—" in report.text and "✋" in report.text
        rows = model.Session.query(SmsProcessed).order_by(SmsProcessed.inbox_id).all()
        assert [r.inbox_id for r in rows] == sorted(ids)
        assert sorted(r.outcome for r in rows) == ["part"] * (n - 1) + ["report"]
        assert len(wait_sent(PHONE)) == 1  # exactly one reply

    def test_an_incomplete_multipart_message_waits_then_is_handled_as_it_is(
            self, ckan_config, monkeypatch):
        # what gammu-smsd stores once its MultipartTimeout passed without part 2 of 3
        parts = {1: "LAPOR sampah menumpuk ", 3: "di kali Sengkarang"}
        with gateway.engine().begin() as conn:
            for seq, text in parts.items():
                conn.execute(sa.text(
                    'INSERT INTO inbox ("SenderNumber", "UDH", "Text", "TextDecoded", '
                    '"Coding", "RecipientID") VALUES (:s, :u, :t, :d, '
                    "'Default_No_Compression', 'test')"),
                    {"s": PHONE, "u": f"0500034203{seq:02X}",
                     "t": text.encode("utf-16-be").hex().upper(), "d": text})
        assert worker.run_once() == {}  # the worker waits for part 2 as well
        assert reports() == []
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.suara.sms.multipart_timeout", "0")
        summary = worker.run_once()
        assert summary.get("report") == 1, summary
        assert reports()[0].text == "sampah menumpuk di kali Sengkarang"


class TestReplies:
    @pytest.mark.parametrize("body", ["", "   ", "BANTUAN", "help"])
    def test_empty_body_and_help_get_the_keywords(self, body):
        deliver(PHONE, body)
        assert worker.run_once() == {"help": 1, "sent": 1}
        assert reply_of(PHONE) == parser.HELP
        assert reports() == []

    def test_lapor_without_text_explains_the_format(self):
        deliver(PHONE, "LAPOR")
        worker.run_once()
        assert reply_of(PHONE) == parser.EMPTY_REPORT and reports() == []

    def test_a_sender_in_an_unknown_format_still_gets_a_helpful_reply(self):
        deliver("+99912345678", "BANTUAN")  # no such country code
        worker.run_once()
        assert reply_of("+99912345678") == parser.HELP

    @pytest.mark.parametrize("sender", ["TELKOMSEL", "1708", "3636"])
    def test_operators_and_short_codes_get_no_reply(self, sender):
        deliver(sender, "Sisa pulsa Anda Rp 1.000. Info hub 188")
        assert worker.run_once() == {"ignored": 1}
        assert reports() == [] and gammu_rows("SELECT 1 FROM outbox") == []

    def test_our_own_number_gets_no_reply(self, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.suara.sms.own_numbers",
                            "0811000111 081234567890")
        deliver(PHONE, "LAPOR loop")
        assert worker.run_once() == {"ignored": 1}

    def test_cek_answers_only_the_phone_that_filed_the_report(self):
        deliver(PHONE, "LAPOR jembatan retak di Wiradesa")
        worker.run_once()
        [report] = reports()
        number = report.number.lower().replace("-", " ")
        deliver(OTHER, f"CEK {number}")
        deliver("0812-3456-7890", f"cek {number}")  # the reporter, typed another way
        worker.run_once()
        assert reply_of(OTHER) == f"Laporan {report.number} tidak ditemukan untuk nomor HP ini."
        texts = [r[2] for r in wait_sent(PHONE, 2)]
        assert texts[1].startswith(f"Laporan {report.number}: Diterima. Batas jawab ")

    def test_cek_with_an_unknown_number_format_gets_an_example(self):
        deliver(PHONE, "CEK nomor saya lupa")
        worker.run_once()
        assert reply_of(PHONE) == parser.BAD_REPORT_NUMBER

    def test_ppid_answers_only_the_phone_given_on_the_request(self):
        from pkl_ppid import request_data

        req = helpers.call_action("ppid_request_create", context={"user": ""},
                                  **request_data(phone="081234567890"))
        deliver(PHONE, f"PPID {req['ticket']}")
        deliver(OTHER, f"ppid {req['ticket']}")
        worker.run_once()
        assert reply_of(PHONE).startswith(
            f"Permohonan {req['ticket']}: Terdaftar, sedang diproses. Batas jawab ")
        assert "tidak ditemukan" in reply_of(OTHER)


class TestAbuse:
    def test_a_flood_gets_no_report_and_no_reply_beyond_the_limit(self, ckan_config,
                                                                  monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.pekalongan.suara.sms.flood_max", "3")
        for i in range(5):
            deliver(PHONE, f"LAPOR masalah nomor {i}")
        summary = worker.run_once()
        assert summary == {"report": 3, "flood": 2, "sent": 3}
        assert len(reports()) == 3
        wait_sent(PHONE, 3)
        assert len(sent_to(PHONE)) == 3

    def test_the_same_text_twice_is_one_report_and_one_reply(self):
        deliver(PHONE, "LAPOR  Jalan rusak di Bojong")
        deliver("6281234567890", "lapor jalan rusak di bojong")
        assert worker.run_once() == {"report": 1, "duplicate": 1, "sent": 1}
        assert len(reports()) == 1
        wait_sent(PHONE)
        assert len(sent_to(PHONE)) == 1

    def test_a_blocked_number_is_ignored_until_unblocked(self):
        model.Session.add(SmsBlock(phone_hash=outbox.phone_hash("0812 3456 7890")))
        model.Session.commit()
        deliver(PHONE, "LAPOR spam")
        assert worker.run_once() == {"blocked": 1}
        model.Session.query(SmsBlock).delete()
        model.Session.commit()
        deliver(PHONE, "LAPOR bukan spam")
        summary = worker.run_once()
        assert summary.get("report") == 1, summary
        assert [r.text for r in reports()] == ["bukan spam"]


class TestIdempotence:
    def test_a_crash_after_the_commit_answers_nothing_twice(self):
        ids = deliver(PHONE, "LAPOR got mampet di Kajen")
        [msg] = gateway.assemble(gateway.fetch_unprocessed())
        assert worker.handle(msg) == "report"
        # crash: the inbox row was never marked processed, the reply never handed over
        assert gammu_rows('SELECT "Processed" FROM inbox WHERE "ID" = :i', i=ids[0]) == \
            [(False,)]
        assert worker.run_once() == {"skipped": 1, "sent": 1}
        assert worker.run_once() == {}
        assert len(reports()) == 1
        wait_sent(PHONE)
        assert len(sent_to(PHONE)) == 1

    def test_a_crash_before_the_commit_loses_nothing(self, monkeypatch):
        deliver(PHONE, "LAPOR pohon tumbang di Doro")

        def boom(*a, **kw):
            raise RuntimeError("worker killed")
        monkeypatch.setattr(outbox, "enqueue", boom)
        assert worker.run_once() == {"error": 1}
        assert reports() == [] and model.Session.query(SmsProcessed).count() == 0
        assert gammu_rows('SELECT "Processed" FROM inbox') == [(False,)]
        monkeypatch.undo()
        summary = worker.run_once()
        assert summary.get("report") == 1, summary
        assert len(reports()) == 1 and len(wait_sent(PHONE)) == 1

    def test_a_reply_handed_to_gammu_twice_is_sent_once(self):
        deliver(PHONE, "LAPOR drainase buruk")
        [msg] = gateway.assemble(gateway.fetch_unprocessed())
        worker.handle(msg)
        out = model.Session.query(SmsOutgoing).one()
        # crash after Gammu got it, before we marked it queued
        gateway.queue(out.phone, out.text, out.key)
        model.Session.rollback()
        worker.run_once()
        wait_sent(PHONE)
        assert len(sent_to(PHONE)) == 1

    def test_a_gammu_database_recreated_does_not_hide_new_messages(self):
        ids = deliver(PHONE, "LAPOR pertama")
        worker.run_once()
        with gateway.engine().begin() as conn:  # the daemon's database starts over
            conn.execute(sa.text('TRUNCATE inbox RESTART IDENTITY'))
        ids2 = deliver(PHONE, "LAPOR kedua")
        assert ids2[0] <= ids[0]
        worker.run_once()
        assert sorted(r.text for r in reports()) == ["kedua", "pertama"]


class TestSendSms:
    def test_send_sms_is_idempotent_by_key_and_sends_long_texts_as_multipart(self):
        text = "Laporan SM-2026-000001 sudah ditanggapi oleh Dinas PUPR. " * 5
        outbox.send_sms(PHONE, text, key="suara:SM-2026-000001:answered")
        outbox.send_sms(PHONE, text, key="suara:SM-2026-000001:answered")
        rows = wait_sent(PHONE, 2)
        assert {r[0] for r in rows} == {rows[0][0]}  # one message, several parts
        assert [r[1] for r in rows] == list(range(1, len(rows) + 1))
        assert "".join(r[2] for r in rows) == text
        assert all(r[3] == "suara:SM-2026-000001:answered" for r in rows)

    def test_berhenti_stops_status_messages_and_mulai_resumes_them(self):
        deliver("081234567890", "berhenti")
        worker.run_once()
        assert reply_of(PHONE) == parser.STOPPED
        outbox.send_sms(PHONE, "status 1", key="k1")
        assert model.Session.get(SmsOutgoing, "k1").status == "dropped"
        assert gammu_rows("SELECT 1 FROM outbox WHERE \"CreatorID\" = 'k1'") == []
        deliver(PHONE, "MULAI")
        worker.run_once()
        outbox.send_sms("6281234567890", "status 2", key="k2")
        wait_for(lambda: [r for r in sent_to(PHONE) if r[3] == "k2"], 30, "k2 sent")
        assert not [r for r in sent_to(PHONE) if r[3] == "k1"]

    def test_send_sms_refuses_what_is_not_a_phone_and_bad_keys(self):
        outbox.send_sms("not a phone", "x", key="k3")
        assert model.Session.get(SmsOutgoing, "k3") is None
        with pytest.raises(ValueError):
            outbox.send_sms(PHONE, "x", key="")
        with pytest.raises(ValueError):
            outbox.send_sms(PHONE, "   ", key="k4")


class TestWorkerProcess:
    """The worker as `make run` starts it: `ckan suara sms worker`."""

    @staticmethod
    def ckan(*args: str, **kw):
        import subprocess
        import sys
        from pathlib import Path

        import ckan.plugins.toolkit as tk

        ini = tk.config["__file__"]
        ckan_bin = str(Path(sys.executable).parent / "ckan")
        return subprocess, [ckan_bin, "-c", ini, *args]

    def test_killing_the_worker_mid_batch_loses_and_duplicates_nothing(self):
        import os
        import signal

        from ckanext.pekalongan.suara.sms import dummy
        from suara_sms.conftest import device

        phones = [f"+62812555{n:05d}" for n in range(20)]
        for n, phone in enumerate(phones):
            dummy.deliver(device(), phone, f"LAPOR jalan rusak nomor {n}")
        wait_for(lambda: len(gammu_rows("SELECT 1 FROM inbox")) == 20, 60, "20 inbox rows")

        subprocess, cmd = self.ckan("suara", "sms", "worker", "--poll", "0.2")
        log = (device().parent / "worker-test.out").open("ab")
        worker_proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        try:
            wait_for(lambda: reports(), 120, "the first report")
            os.killpg(worker_proc.pid, signal.SIGKILL)  # no chance to finish anything
            worker_proc.wait(10)
            done_before = len(reports())
            worker_proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True)
            wait_for(lambda: len(gammu_rows("SELECT 1 FROM sentitems")) >= 20, 120,
                     "20 replies sent")
        finally:
            worker_proc.terminate()
            worker_proc.wait(30)
            log.close()
        assert worker_proc.returncode == 0  # SIGTERM: the current message finished first
        assert 1 <= done_before < 20, done_before  # killed mid-batch
        found = reports()
        assert len(found) == 20
        assert sorted(r.text for r in found) == sorted(
            f"jalan rusak nomor {n}" for n in range(20))
        sent = gammu_rows('SELECT "DestinationNumber", count(*) FROM sentitems '
                          'GROUP BY "DestinationNumber"')
        assert sorted(sent) == sorted((p, 1) for p in phones)
        assert gammu_rows('SELECT count(*) FROM inbox WHERE NOT "Processed"') == [(0,)]

    def test_block_and_unblock_from_the_command_line(self):
        subprocess, cmd = self.ckan("suara", "sms", "block", "0812-3456-7890", "--reason", "spam")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0 and "blocked" in res.stdout, res.stderr[-500:]
        deliver(PHONE, "LAPOR iklan pinjol")
        assert worker.run_once() == {"blocked": 1}
        subprocess, cmd = self.ckan("suara", "sms", "unblock", "+6281234567890")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0 and "unblocked" in res.stdout, res.stderr[-500:]
        deliver(PHONE, "LAPOR jalan rusak")
        summary = worker.run_once()
        assert summary.get("report") == 1, summary

    def test_inject_drops_an_sms_into_the_dummy_phone(self):
        subprocess, cmd = self.ckan("suara", "sms", "inject", "--sender", "081234567890",
                                    "ASPIRASI ruang terbuka hijau")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr[-500:]
        wait_for(lambda: gammu_rows("SELECT 1 FROM inbox"), 30, "the injected SMS")
        summary = worker.run_once()
        assert summary.get("report") == 1, summary
        assert reports()[0].kind == "aspirasi"


class TestPurge:
    def test_purge_deletes_only_old_handled_messages_from_gammus_tables(self):
        with gateway.engine().begin() as conn:
            for processed, age in ((True, 100), (False, 100), (True, 10)):
                conn.execute(sa.text(
                    'INSERT INTO inbox ("SenderNumber", "UDH", "Text", "RecipientID", '
                    '"Processed", "UpdatedInDB") VALUES (:s, \'\', \'\', \'t\', :p, '
                    "LOCALTIMESTAMP - make_interval(days => :a))"),
                    {"s": PHONE, "p": processed, "a": age})
            for age in (100, 10):
                conn.execute(sa.text(
                    'INSERT INTO sentitems ("DestinationNumber", "Text", "UDH", "SenderID", '
                    '"CreatorID", "UpdatedInDB") VALUES (:s, \'\', \'\', \'x\', \'k\', '
                    "LOCALTIMESTAMP - make_interval(days => :a))"), {"s": PHONE, "a": age})
        assert gateway.purge(90) == (1, 1)
        left = gammu_rows('SELECT "Processed" FROM inbox ORDER BY "ID"')
        assert left == [(False,), (True,)]  # the unhandled one stays, however old
        assert len(gammu_rows("SELECT 1 FROM sentitems")) == 1
