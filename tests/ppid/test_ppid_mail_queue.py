"""Mail leaves the request: a mail server that hangs (accepts the connection,
never answers) or refuses it can neither block the citizen's request nor
lose the receipt. The actions commit and queue a job; the real worker (burst
mode, in this process) runs it with a timeout on the SMTP connection and
retries it with a back-off; once the server is back, the e-mail arrives once.
The job and the logs carry no address."""
from __future__ import annotations

import logging
import socket
import threading
import time

import ckan.model as model
import pytest
from ckan.lib import jobs
from ckan.tests import factories
from pkl_ppid import run_jobs

from ckanext.pekalongan.ppid import notify
from ckanext.pekalongan.ppid.model import PpidNotification

API = "/api/3/action/"


@pytest.fixture
def hanging_smtp():
    """A real TCP server that accepts every connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def refusing_smtp():
    """An address where nothing listens: the connection is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"127.0.0.1:{port}"


@pytest.fixture
def logged(caplog):
    """Everything logged by CKAN, our extension, RQ and CKAN's mailer (CKAN's
    logging set-up may keep some loggers from propagating: listen to each)."""
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


def queued_mail_jobs() -> list:
    return [j for j in jobs.get_queue().jobs if j.func_name.endswith("notify.send_job")]


def claimed(kind: str) -> int:
    return model.Session.query(PpidNotification).filter_by(kind=kind).count()


@pytest.mark.usefixtures("with_plugins", "with_test_worker")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.smtp_timeout", "1")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.mail_retry_intervals", "1 1 1")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestMailQueue:
    def _file(self, app, kit) -> dict:
        started = time.monotonic()
        res = app.post(API + "ppid_request_create", json=kit.data(), status=200)
        assert time.monotonic() - started < 5  # no SMTP in the request
        receipt = res.json["result"]
        assert receipt["ticket"] and receipt["tracking_code"]
        assert receipt["email_queued"] is True
        return receipt

    def test_a_hanging_server_times_out_and_is_retried(
            self, app, people, kit, hanging_smtp, ckan_config, monkeypatch, logged):
        monkeypatch.setitem(ckan_config, "smtp.server", hanging_smtp)
        receipt = self._file(app, kit)
        [job] = queued_mail_jobs()
        assert kit.EMAIL not in repr(job.args) + job.description + str(job.meta)
        assert kit.NIK not in repr(job.args) and "Budi" not in repr(job.args)
        assert job.retries_left == 3

        started = time.monotonic()
        run_jobs()  # the connection is accepted, the greeting never comes
        assert time.monotonic() - started < 15
        job.refresh()
        assert job.get_status() == "scheduled" and job.retries_left == 2
        assert claimed("receipt") == 0  # nothing recorded as sent

        time.sleep(1.1)
        assert notify.release_due_retries() == 1
        run_jobs()
        job.refresh()
        assert job.retries_left == 1
        text = logged.text
        assert kit.EMAIL not in text and "budi.santoso" not in text
        assert receipt["tracking_code"] not in text
        assert f"receipt e-mail for {receipt['ticket']}" in text

    def test_a_refusing_server_then_the_mail_arrives_once(
            self, app, people, kit, refusing_smtp, ckan_config, monkeypatch):
        import smtplib

        from ckan.tests.helpers import FakeSMTP

        monkeypatch.setitem(ckan_config, "smtp.server", refusing_smtp)
        receipt = self._file(app, kit)
        [job] = queued_mail_jobs()
        run_jobs()
        job.refresh()
        assert job.get_status() == "scheduled" and job.retries_left == 2
        assert claimed("receipt") == 0

        bag = FakeSMTP()
        monkeypatch.setattr(smtplib, "SMTP", bag)  # the server is back
        time.sleep(1.1)
        notify.release_due_retries()
        run_jobs()
        job.refresh()
        assert job.get_status() == "finished"
        [(_none, _from, to, raw)] = bag.get_smtp_messages()
        assert to == [kit.EMAIL] and receipt["ticket"] in raw
        assert receipt["tracking_code"] not in raw
        assert claimed("receipt") == 1
        time.sleep(1.1)
        notify.release_due_retries()
        run_jobs()
        assert len(bag.get_smtp_messages()) == 1  # never twice

    def test_decision_and_objection_commit_and_answer_with_a_hanging_server(
            self, app, people, kit, hanging_smtp, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "smtp.server", hanging_smtp)
        token = {"Authorization": factories.APIToken(user=people.utama["id"])["token"]}
        receipt = self._file(app, kit)
        started = time.monotonic()
        app.post(API + "ppid_request_decide", headers=token, status=200,
                 json={"ticket": receipt["ticket"], "decision": "refused",
                       "exemption_grounds": ["17h"], "consequence_test_ref": "UK-1",
                       "dik_entry": kit.dik_entry(people)})
        objection = app.post(API + "ppid_objection_create", status=200,
                             json={"ticket": receipt["ticket"],
                                   "tracking_code": receipt["tracking_code"],
                                   "grounds": ["35_1_a"], "reasons": "Tidak setuju"})
        assert time.monotonic() - started < 5
        assert objection.json["result"]["number"]
        titles = sorted(j.meta.get("title") for j in queued_mail_jobs())
        assert titles == sorted(f"ppid {k} {receipt['ticket']}"
                                for k in ("receipt", "decided", "objection_receipt"))

    def test_a_name_with_a_line_break_stored_earlier_cannot_break_the_mail(
            self, people, kit, mail_server, with_request_context):
        """Rows stored before names were checked: the job sends, the header stays one line."""
        from ckanext.pekalongan.ppid.model import PpidRequest

        receipt = kit.new_request()
        req = model.Session.query(PpidRequest).filter_by(ticket=receipt["ticket"]).one()
        req.name = "Budi\r\nBcc: attacker@evil.example"
        model.repo.commit()
        run_jobs()
        [(_none, _from, to, raw)] = mail_server.get_smtp_messages()
        assert to == [kit.EMAIL]
        assert "\nBcc:" not in raw
