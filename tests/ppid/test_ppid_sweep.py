"""The daily sweep: reminders once, escalation once, automatic objection
grounds recorded, receipts retried; and the e-mails of the actions. The
sweep and the actions only queue e-mails: ``sent`` runs the queued jobs (the
real worker, in burst mode, in this process) before reading the mailbox."""
from __future__ import annotations

import datetime as dt
import email
from email.header import decode_header, make_header

import ckan.model as model
import pytest
from freezegun import freeze_time
from pkl_ppid import run_jobs

from ckanext.pekalongan.ppid import sweep


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def sent(mail_server) -> list[tuple[list[str], str, str]]:
    """(recipients, subject, body) of every e-mail caught, once the queued
    e-mail jobs have run."""
    run_jobs()
    out = []
    for _none, _from, to, raw in mail_server.get_smtp_messages():
        msg = email.message_from_string(raw)
        subject = str(make_header(decode_header(msg["Subject"])))
        body = msg.get_payload(decode=True).decode("utf-8") if not msg.is_multipart() else (
            msg.get_payload(0).get_payload(decode=True).decode("utf-8")
        )
        out.append((list(to), subject, body))
    return out


def user_email(user: dict) -> str:
    return model.User.get(user["id"]).email


@pytest.mark.usefixtures("with_plugins", "with_request_context", "with_test_worker")
class TestSweep:
    def _routed(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request(email="")
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
        return r

    def test_reminders_go_once_to_the_routed_pelaksana(self, people, kit, mail_server):
        r = self._routed(people, kit)
        pelaksana = user_email(people.pelaksana)
        assert sweep.run(day("2026-03-25")) == {}  # 4 HK left: nothing yet
        assert sweep.run(day("2026-03-26")) == {"reminders": 1}  # 3 HK left
        assert sweep.run(day("2026-03-26")) == {}  # twice: queued once
        run_jobs()
        assert sweep.run(day("2026-03-26")) == {}  # and once sent, not again
        assert sweep.run(day("2026-03-27")) == {}  # 2 HK left: the 3-HK one went already
        assert sweep.run(day("2026-03-30")) == {"reminders": 1}  # 1 HK left
        assert sweep.run(day("2026-03-31")) == {"reminders": 1}  # the due day
        assert sweep.run(day("2026-03-31")) == {}
        everything = sent(mail_server)
        # the routing notice went at once (15B); then the three reminders
        assert [m[0] for m in everything if "diteruskan ke OPD" in m[1]] == [[pelaksana]]
        mails = [m for m in everything if "diteruskan ke OPD" not in m[1]]
        assert [m[0] for m in mails] == [[pelaksana]] * 3
        assert all(r["ticket"] in subject for _to, subject, _body in mails)
        assert "HARI INI" in mails[-1][2]

    def test_unrouted_requests_remind_ppid_utama(self, people, kit, mail_server):
        with at("2026-03-16"):
            kit.new_request(email="")
        sweep.run(day("2026-03-31"))
        assert [m[0] for m in sent(mail_server)] == [[user_email(people.utama)]]

    def test_overdue_records_ground_c_and_escalates_once(self, people, kit, mail_server):
        r = self._routed(people, kit)
        first = sweep.run(day("2026-04-01"))
        assert first == {"grounds_recorded": 1, "escalations": 2}
        assert sweep.run(day("2026-04-01")) == {}
        assert sweep.run(day("2026-04-02")) == {}
        recipients = sorted(m[0][0] for m in sent(mail_server) if "diteruskan ke OPD" not in m[1])
        assert recipients == sorted([user_email(people.utama), user_email(people.atasan)])
        shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["objection_grounds_arisen"] == {"35_1_c": "2026-03-31"}
        [event] = [e for e in shown["timeline"] if e["action"] == "ground_arisen"]
        assert (event["actor"], event["data"]) == (
            "system", {"ground": "35_1_c", "arose": "2026-03-31"}
        )

    def test_late_decisions_get_grounds_c_and_g(self, people, kit):
        from ckanext.pekalongan.ppid.model import PpidRequest

        r = self._routed(people, kit)
        with at("2026-04-03"):
            kit.act("ppid_request_decide", people.pelaksana, ticket=r["ticket"],
                    decision="granted", info_given="x")
        req = model.Session.query(PpidRequest).filter_by(ticket=r["ticket"]).one()
        req.objection_grounds_arisen = {}  # as if decided before this rule existed
        model.repo.commit()
        assert sweep.run(day("2026-04-06")) == {"grounds_recorded": 2}
        assert sweep.run(day("2026-04-06")) == {}
        model.Session.refresh(req)
        assert req.objection_grounds_arisen == {"35_1_c": "2026-03-31", "35_1_g": "2026-04-03"}

    def test_objection_reminders_go_to_the_atasan(self, people, kit, mail_server):
        with at("2026-03-16"):
            r = kit.new_request(email="")
        with at("2026-04-01"):
            obj = kit.act("ppid_objection_create", None, ticket=r["ticket"],
                          tracking_code=r["tracking_code"], grounds=["35_1_c"], reasons="x")
        assert obj["due_date"] == "2026-05-18"
        run_jobs()
        mail_server.clear_smtp_messages()
        summary = sweep.run(day("2026-05-13"))  # 3 HK left (14, 15, 18 May)
        assert summary["objection_reminders"] == 1
        assert sweep.run(day("2026-05-13")).get("objection_reminders") is None
        lapsed = sweep.run(day("2026-05-19"))
        assert lapsed["objection_escalations"] == 2
        about_objection = [m for m in sent(mail_server) if obj["number"] in m[1]]
        assert [m[0] for m in about_objection[:1]] == [[user_email(people.atasan)]]
        assert len(about_objection) == 3  # reminder to the Atasan; lapse to Atasan and Utama

    def test_cli_runs_the_sweep(self, people, kit, cli, mail_server):
        from ckan.cli.cli import ckan

        self._routed(people, kit)
        result = cli.invoke(ckan, ["ppid", "sweep", "--today", "2026-04-01"])
        assert result.exit_code == 0, result.output
        assert "escalations=2" in result.output
        again = cli.invoke(ckan, ["ppid", "sweep", "--today", "2026-04-01"])
        assert "nothing to do" in again.output
        bad = cli.invoke(ckan, ["ppid", "sweep", "--today", "1 April"])
        assert bad.exit_code != 0


@pytest.mark.usefixtures("with_plugins", "with_request_context", "with_test_worker")
class TestActionMails:
    def test_receipt_is_mailed_without_the_tracking_code(self, people, kit, mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
        assert r["email_queued"] is True
        [(to, subject, body)] = sent(mail_server)
        assert to == [kit.EMAIL]
        assert r["ticket"] in subject
        assert "2026" in body and r["ticket"] in body
        code = r["tracking_code"]
        assert code not in body and code.replace("-", "") not in body
        assert "keberatan" in body

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.mail_retry_intervals", "0")
    def test_receipt_failing_after_its_retries_is_queued_again_by_the_sweep(
            self, people, kit, monkeypatch):
        import smtplib

        from ckan.lib import jobs

        def refuse(*args, **kwargs):
            raise smtplib.SMTPConnectError(421, "down")

        monkeypatch.setattr(smtplib, "SMTP", refuse)
        with at("2026-03-16"):
            r = kit.new_request()
        assert r["email_queued"] is True
        run_jobs()  # the attempt and its one retry fail
        failed = jobs.get_queue().failed_job_registry
        assert len(failed.get_job_ids()) == 1
        from ckan.tests.helpers import FakeSMTP

        bag = FakeSMTP()
        monkeypatch.setattr(smtplib, "SMTP", bag)
        assert sweep.run(day("2026-03-17")) == {"receipts": 1}
        run_jobs()
        assert sweep.run(day("2026-03-18")) == {}
        assert len(bag.get_smtp_messages()) == 1

    def test_decision_and_objection_are_mailed_to_the_requester(self, people, kit, mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"], decision="refused",
                    exemption_grounds=["17h"], consequence_test_ref="UK-1",
                    dik_entry=kit.dik_entry(people))
            kit.act("ppid_objection_create", None, ticket=r["ticket"],
                    tracking_code=r["tracking_code"], grounds=["35_1_a"], reasons="x")
        subjects = [s for _to, s, _b in sent(mail_server)]
        assert len(subjects) == 3
        assert "KEB-2026-0001" in subjects[2]

    def test_mailer_log_does_not_show_the_address(self, people, kit, mail_server, caplog):
        import logging

        # CKAN's own logging set-up may disable this logger and stop it propagating; other
        # deployments log it: enable it and listen to it directly.
        logger = logging.getLogger("ckan.lib.mailer")
        was_disabled, logger.disabled = logger.disabled, False
        logger.addHandler(caplog.handler)
        caplog.set_level(logging.INFO, logger="ckan.lib.mailer")
        try:
            kit.new_request()
            run_jobs()
        finally:
            logger.removeHandler(caplog.handler)
            logger.disabled = was_disabled
        logged = caplog.text
        assert "Sent email" in logged
        assert kit.EMAIL not in logged
