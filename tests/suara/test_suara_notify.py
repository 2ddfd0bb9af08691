"""Notifications leave the request as jobs: the reporter hears of status changes by e-mail
(and SMS through the SMS center's outbox), OPD officers are e-mailed when a report is routed
to them; each message once. The jobs and the logs carry no personal data. And the daily
sweep: reminders before a due date, escalation to the pengelola when late, idempotent."""
from __future__ import annotations

import email
import logging
from email.header import decode_header, make_header

import ckan.model as model
import pytest
from ckan.lib import jobs
from pkl_suara import EMAIL, NAME, PHONE, TEXT, act, new_report, routed_report, run_jobs

from ckanext.pekalongan.suara import sweep
from ckanext.pekalongan.suara.model import SuaraEvent, SuaraNotification

pytestmark = pytest.mark.usefixtures("with_plugins", "with_test_worker")


def mails_to(mail_server, address: str) -> list[str]:
    """Subject and body of every e-mail caught for ``address``, decoded."""
    out = []
    for _none, _from, to, raw in mail_server.get_smtp_messages():
        if address not in to:
            continue
        msg = email.message_from_string(raw)
        part = msg.get_payload(0) if msg.is_multipart() else msg
        subject = str(make_header(decode_header(msg["Subject"])))
        out.append(subject + "\n" + part.get_payload(decode=True).decode("utf-8"))
    return out


def queued() -> list:
    return [j for j in jobs.get_queue().jobs if j.func_name.endswith("suara.notify.send_job")]


def test_status_changes_reach_the_reporter_once(people, mail_server):
    r = new_report()
    for job in queued():
        assert NAME not in repr(job.args) and EMAIL not in repr(job.args)
        assert PHONE not in repr(job.args)
    run_jobs()
    receipt = mails_to(mail_server, EMAIL)
    assert len(receipt) == 1 and r["number"] in receipt[0]
    assert r["tracking_code"] not in receipt[0]
    act("suara_report_verify", people["pengelola"], number=r["number"], decision="accept",
        public_text="Jalan rusak.")
    act("suara_report_route", people["pengelola"], number=r["number"],
        organizations=[people["opd_a"]["name"]], complexity="sederhana")
    act("suara_report_respond", people["opd_a_officer"], number=r["number"],
        kind="request_info", text="Mohon kirim titik lokasinya.")
    run_jobs()
    run_jobs()  # a second run sends nothing again
    to_reporter = mails_to(mail_server, EMAIL)
    assert len(to_reporter) == 4
    assert any("Mohon kirim titik lokasinya." in m for m in to_reporter)
    to_officer = mails_to(mail_server, "dpupr@pekalongankab.example")
    assert len(to_officer) == 1 and r["number"] in to_officer[0]
    assert TEXT not in to_officer[0] and NAME not in to_officer[0]
    kinds = {k for (k,) in model.Session.query(SuaraNotification.kind)}
    assert {"status", "routed"} <= kinds


def test_reporter_with_a_phone_gets_an_sms_through_the_outbox(people):
    from ckanext.pekalongan.suara.sms.model import SmsOutgoing

    r = new_report(email=None)
    run_jobs()
    act("suara_report_verify", people["pengelola"], number=r["number"], decision="accept",
        public_text="Jalan rusak.")
    run_jobs()
    rows = model.Session.query(SmsOutgoing).all()
    assert len(rows) == 2 and all(row.key.endswith(":sms") for row in rows)
    assert all(r["tracking_code"] not in (row.text or "") for row in rows)


def test_an_sms_report_is_acknowledged_by_the_sms_worker_not_twice(people):
    import ckan.plugins.toolkit as tk

    from ckanext.pekalongan.suara.sms.model import SmsOutgoing

    tk.get_action("suara_report_create")({"user": "", "ignore_auth": True}, {
        "kind": "pengaduan", "text": TEXT, "topic": "pekerjaan_umum",
        "kecamatan": "33.26.11", "channel": "sms", "phone": PHONE})
    run_jobs()
    assert model.Session.query(SmsOutgoing).count() == 0


@pytest.fixture
def logged(caplog):
    """Everything logged by CKAN, our extension, RQ and CKAN's mailer (some CKAN loggers
    do not propagate: listen to each)."""
    names = ("ckan", "ckanext", "rq", "rq.worker", "ckan.lib.mailer", "ckan.lib.jobs")
    loggers = [logging.getLogger(n) for n in names]
    saved = [(lg, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.disabled = False
        lg.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for lg, disabled in saved:
        lg.removeHandler(caplog.handler)
        lg.disabled = disabled


def test_no_personal_data_in_the_logs(people, mail_server, logged):
    caplog = logged
    r = routed_report(people)
    act("suara_report_respond", people["opd_a_officer"], number=r["number"], text="Beres.")
    run_jobs()
    assert "suara" in caplog.text  # the jobs did log (their kind and number only)
    for value in (NAME, EMAIL, PHONE, TEXT, r["tracking_code"]):
        assert value not in caplog.text


class TestSweep:
    def test_reminder_then_escalation_once(self, people, mail_server, freezer):
        freezer.move_to("2026-03-02T09:00:00+07:00")  # Monday
        r = new_report(email=None, phone=None)
        # verify due Thu 5 Mar; on Wed 4 Mar one working day is left: a reminder
        freezer.move_to("2026-03-04T02:00:00+07:00")
        assert sweep.run() == {"reminders": 1}
        assert sweep.run() == {}
        run_jobs()
        reminder = mails_to(mail_server, "pengelola@pekalongankab.example")
        assert len(reminder) == 1 and "Pengingat" in reminder[0] and r["number"] in reminder[0]
        freezer.move_to("2026-03-06T02:00:00+07:00")  # late
        assert sweep.run() == {"escalations": 1, "escalation_events": 1}
        assert sweep.run() == {}
        run_jobs()
        assert len(mails_to(mail_server, "pengelola@pekalongankab.example")) == 2
        events = [e for (e,) in model.Session.query(SuaraEvent.event)]
        assert events.count("escalate") == 1

    def test_late_opd_is_reminded_and_escalated(self, people, mail_server, freezer):
        freezer.move_to("2026-03-02T09:00:00+07:00")
        r = routed_report(people, email=None, phone=None)
        run_jobs()
        before = len(mails_to(mail_server, "dpupr@pekalongankab.example"))
        freezer.move_to("2026-03-05T02:00:00+07:00")  # answer due Mon 9 Mar: 2 HK left
        assert sweep.run() == {}
        freezer.move_to("2026-03-06T02:00:00+07:00")  # Friday: 1 HK left, the OPD is reminded
        assert sweep.run() == {"reminders": 1}
        run_jobs()
        reminded = mails_to(mail_server, "dpupr@pekalongankab.example")
        assert len(reminded) == before + 1 and "Pengingat" in reminded[-1]
        freezer.move_to("2026-03-10T02:00:00+07:00")  # late
        assert sweep.run() == {"escalations": 1, "escalation_events": 1}
        run_jobs()
        late = mails_to(mail_server, "pengelola@pekalongankab.example")
        assert any("Terlambat" in m and r["number"] in m for m in late)
        assert len(mails_to(mail_server, "dpupr@pekalongankab.example")) == before + 1
        shown = act("suara_report_show", people["pengelola"], number=r["number"])
        assert shown["overdue"] is True

    def test_answered_reports_are_left_alone(self, people, freezer):
        freezer.move_to("2026-03-02T09:00:00+07:00")
        r = routed_report(people, email=None, phone=None)
        act("suara_report_respond", people["opd_a_officer"], number=r["number"], text="Ok.")
        freezer.move_to("2026-04-30T02:00:00+07:00")
        assert sweep.run() == {}

    def test_cli(self, people, cli):
        from ckan.cli.cli import ckan

        result = cli.invoke(ckan, ["suara", "sweep", "--today", "2026-03-04"])
        assert result.exit_code == 0, result.output
        assert "suara sweep:" in result.output
        bad = cli.invoke(ckan, ["suara", "sweep", "--today", "kemarin"])
        assert bad.exit_code != 0
