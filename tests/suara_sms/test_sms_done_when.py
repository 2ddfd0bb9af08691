"""Issue #18, "done when": a citizen's SMS "LAPOR jalan rusak di Desa Wangandowo Bojong"
becomes a numbered report with an SMS reply, is verified and routed, answered by the OPD
inside its clock, shown on the public board without personal data, and counted in the OPD's
figures; the reporter is told of each step by SMS. Real gammu-smsd, dummy phone, real
PostgreSQL and Redis, the mail and SMS jobs run by a worker."""
from __future__ import annotations

import json

import ckan.model as model
import pytest
from ckan.tests import helpers
from pkl_suara import run_jobs, suara_people

from ckanext.pekalongan.suara.sms import worker
from suara_sms.conftest import deliver, sent_to, wait_for, wait_sent

PHONE = "+6281234567890"


def act(action, user, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


@pytest.mark.usefixtures("sms_site", "with_request_context", "with_test_worker")
def test_an_sms_report_goes_round_the_whole_circle():
    people = suara_people()
    deliver("081234567890", "LAPOR jalan rusak di Desa Wangandowo Bojong")
    assert worker.run_once().get("report") == 1
    [(_id, _seq, reply, _creator, _status)] = wait_sent(PHONE)
    from ckanext.pekalongan.suara.model import SuaraReport

    model.Session.expire_all()
    report = model.Session.query(SuaraReport).one()
    assert f"nomor {report.number}" in reply and "kode lacak" in reply
    assert report.channel == "sms" and report.phone == PHONE

    # the pengelola verifies (public text without personal data) and routes to the OPD
    act("suara_report_verify", people["pengelola"], number=report.number, decision="accept",
        public_text="Jalan rusak di Desa Wangandowo, Kecamatan Bojong", topic="pekerjaan_umum",
        kecamatan="33.26.11")
    act("suara_report_route", people["pengelola"], number=report.number,
        organizations=[people["opd_a"]["name"]], complexity="sederhana")
    # the OPD answers inside its clock
    act("suara_report_respond", people["opd_a_officer"], number=report.number, kind="answer",
        text="Perbaikan dijadwalkan pekan depan oleh DPUPR.")
    shown = act("suara_report_show", people["pengelola"], number=report.number)
    assert shown["status"] == "answered" and not shown["overdue"]

    # the reporter hears of the steps by SMS (status jobs through the SMS outbox)
    run_jobs()
    worker.run_once()
    wait_for(lambda: len(sent_to(PHONE)) >= 2 or None, 30, "status SMS to the reporter")

    # the public board shows it, never the phone
    board = act("suara_report_list", None, scope="public")
    assert [r["number"] for r in board["results"]] == [report.number]
    text = json.dumps(board) + json.dumps(act("suara_report_show", None, number=report.number))
    for secret in ("081234567890", "6281234567890", "+6281234567890"):
        assert secret not in text
    assert "Perbaikan dijadwalkan" in text

    # counted in the OPD's figures
    stats = act("suara_stats", None)
    [line] = [o for o in stats["organizations"] if o["organization"] == people["opd_a"]["name"]]
    assert (line["answered"], line["answered_in_time"], line["overdue"]) == (1, 1, 0)
