"""The Standar Layanan texts and the annual report's narrative: PPID Utama edits, nobody
else; hostile text refused in words; the report's parts and the March reminder (issue #15
items 7-8)."""
from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from freezegun import freeze_time

HOSTILE = [
    ("<script>alert(1)</script>", "HTML is not allowed: write plain text or Markdown."),
    ('<img src=x onerror="alert(1)">', "HTML is not allowed: write plain text or Markdown."),
    ("<svg onload=alert(1)>", "HTML is not allowed: write plain text or Markdown."),
    ("[klik](javascript:alert(1))", "Links may only use http, https or mailto."),
    ("teks\x00nul", None),
    ("teks\u202eterbalik", None),
]


@pytest.mark.usefixtures("with_plugins")
class TestServiceStandard:
    def test_defaults_cite_the_law(self, people, kit):
        shown = kit.act("ppid_service_standard_show", None)
        sections = shown["sections"]
        assert set(sections) == {"maklumat", "sop", "fees", "hours", "addresses"}
        assert all(s["default"] for s in sections.values())
        assert "Undang-Undang Nomor 14 Tahun 2008" in sections["maklumat"]["body"]
        assert "Peraturan Komisi Informasi Nomor 1 Tahun 2021" in sections["maklumat"]["body"]
        assert "tidak dipungut biaya" in sections["fees"]["body"]

    def test_utama_edits_and_an_emptied_section_returns_to_its_default(self, people, kit):
        out = kit.act("ppid_service_standard_update", people.utama,
                      hours="Senin-Jumat 08.00-15.00 WIB\r\n\r\n**Sabtu tutup**")
        assert out["sections"]["hours"]["body"] == "Senin-Jumat 08.00-15.00 WIB\n\n**Sabtu tutup**"
        assert out["sections"]["hours"]["default"] is False
        assert out["sections"]["sop"]["default"] is True
        out = kit.act("ppid_service_standard_update", people.utama, hours="")
        assert out["sections"]["hours"]["default"] is True

    def test_only_utama_and_sysadmins_edit(self, people, kit):
        assert kit.act("ppid_service_standard_update", people.sysadmin, fees="Gratis.")
        for user in (None, people.citizen, people.pelaksana, people.atasan):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_service_standard_update", user, fees="Bayar Rp 1 juta")
        assert kit.act("ppid_service_standard_show", None)["sections"]["fees"]["body"] == (
            "Gratis.")

    @pytest.mark.parametrize("text,message", HOSTILE)
    def test_hostile_text_is_refused_in_words(self, people, kit, text, message):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_service_standard_update", people.utama, maklumat=text)
        errors = kit.errors(e)
        assert list(errors) == ["maklumat"]
        if message:
            assert errors["maklumat"] == [message]
        assert kit.act("ppid_service_standard_show", None)["sections"]["maklumat"]["default"]

    def test_wrong_types_and_huge_text_are_refused(self, people, kit):
        for value in (["a"], {"a": 1}, 5, "x" * 20_001):
            with pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_service_standard_update", people.utama, sop=value)
            assert "sop" in kit.errors(e)

    def test_edits_are_audited(self, people, kit):
        import ckan.model as model

        from ckanext.pekalongan.ppid.model import PpidEvent

        kit.act("ppid_service_standard_update", people.utama, fees="Gratis.")
        events = model.Session.query(PpidEvent).filter(
            PpidEvent.action == "service_standard_update").all()
        assert [e.data["sections"] for e in events] == [["fees"]]
        assert events[0].actor == people.utama["name"]


@pytest.mark.usefixtures("with_plugins")
class TestAnnualReport:
    def test_report_has_every_part_of_pasal_56(self, people, kit):
        report = kit.act("ppid_annual_report", None, year=2025)
        assert {"requests", "time_to_fulfil", "refusals_by_ground", "objections",
                "disputes", "narrative", "deflection"} <= set(report)
        assert set(report["narrative"]["sections"]) == {
            "policy", "facilities", "staff", "budget", "obstacles", "recommendations"}
        assert report["narrative"]["submission_due"] == "2026-03-31"
        assert report["disputes"] == {"registered": 0, "pending": 0,
                                      "by_status": {"registered": 0, "mediation": 0,
                                                    "adjudication": 0, "decided": 0},
                                      "by_outcome": {"granted": 0, "refused": 0,
                                                     "partly": 0}}

    def test_utama_writes_the_narrative_and_marks_it_submitted(self, people, kit):
        with freeze_time("2026-03-20 03:00:00"):
            kit.act("ppid_annual_report_update", people.utama, year=2025,
                    policy="Kebijakan layanan: Perbup 12/2020.", obstacles="Jaringan.")
            out = kit.act("ppid_annual_report_update", people.utama, year="2025",
                          budget="Rp 50.000.000", submitted=True)
        assert out["sections"]["policy"] == "Kebijakan layanan: Perbup 12/2020."
        assert out["sections"]["budget"] == "Rp 50.000.000"
        assert out["submitted_on"] == "2026-03-20"
        report = kit.act("ppid_annual_report", None, year=2025)
        assert report["narrative"]["sections"]["obstacles"] == "Jaringan."

    def test_only_utama_and_sysadmins_edit(self, people, kit):
        for user in (None, people.citizen, people.pelaksana, people.other_pelaksana,
                     people.atasan):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_annual_report_update", user, year=2025, policy="x")

    @pytest.mark.parametrize("text,message", HOSTILE)
    def test_hostile_text_is_refused(self, people, kit, text, message):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_annual_report_update", people.utama, year=2025, obstacles=text)
        assert list(kit.errors(e)) == ["obstacles"]

    def test_bad_years_and_dates_are_field_errors(self, people, kit):
        cases = [
            ({"year": 2999}, "year"),
            ({"year": "dua ribu"}, "year"),
            ({"year": 10**30}, "year"),
            ({"year": 2025, "submitted_on": "2025-12-31"}, "submitted_on"),
            ({"year": 2025, "submitted_on": "2030-01-01"}, "submitted_on"),
            ({"year": 2026, "submitted": True}, "submitted"),
            ({"year": 2025, "submitted_on": "kemarin"}, "submitted_on"),
        ]
        for data, field in cases:
            with freeze_time("2026-03-20 03:00:00"), pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_annual_report_update", people.utama, **data)
            assert field in kit.errors(e), (data, kit.errors(e))


def _utama_with_email(people, kit=None):
    """PPID Utama with an e-mail address; with ``kit``, a request served (and withdrawn)
    in 2026, so the portal has a 2026 report to remind of."""
    import ckan.model as model

    if kit is not None:
        with freeze_time("2026-06-01 03:00:00"):
            receipt = kit.new_request(email="")
            kit.act("ppid_request_withdraw", None, ticket=receipt["ticket"],
                    tracking_code=receipt["tracking_code"], reason="Sudah diperoleh")

    user = model.User.get(people.utama["name"])
    user.email = "utama@pekalongankab.example"
    model.repo.commit()


def _reminder_jobs():
    from ckan.lib import jobs

    return [j for j in jobs.get_queue().jobs if j.id.startswith("ppid-report-")]


@pytest.mark.usefixtures("with_plugins", "with_test_worker")
class TestReportReminder:
    def test_reminder_is_queued_in_march_while_not_submitted(self, people, kit):
        from ckanext.pekalongan.ppid import sweep

        _utama_with_email(people, kit)
        assert "report_reminders" not in sweep.run(
            __import__("datetime").date(2027, 2, 28))
        with freeze_time("2027-03-02 03:00:00"):
            summary = sweep.run()
            assert summary["report_reminders"] == 1
            assert sweep.run().get("report_reminders") is None  # queued once only
        jobs = _reminder_jobs()
        assert len(jobs) == 1 and jobs[0].args == [2026, 1]

    def test_the_job_mails_utama_once(self, people, kit, mail_server):
        from pkl_ppid import run_jobs

        from ckanext.pekalongan.ppid import sweep

        _utama_with_email(people, kit)
        with freeze_time("2027-03-16 03:00:00"):
            sweep.run()
            run_jobs()
            assert sweep.run().get("report_reminders") is None
        messages = mail_server.get_smtp_messages()
        assert len(messages) == 1
        assert messages[0][2] == ["utama@pekalongankab.example"]
        assert "2026" in messages[0][3]

    def test_no_reminder_once_submitted(self, people, kit):
        from ckanext.pekalongan.ppid import sweep

        _utama_with_email(people, kit)
        with freeze_time("2027-03-02 03:00:00"):
            kit.act("ppid_annual_report_update", people.utama, year=2026, submitted=True)
            assert sweep.run().get("report_reminders") is None
        assert _reminder_jobs() == []

    def test_no_reminder_for_a_year_the_portal_did_not_serve(self, people, kit):
        from ckanext.pekalongan.ppid import sweep

        _utama_with_email(people)
        with freeze_time("2027-03-02 03:00:00"):
            assert sweep.run().get("report_reminders") is None
            kit.act("ppid_annual_report_update", people.utama, year=2026, policy="Mulai")
            assert sweep.run()["report_reminders"] == 1  # started here: reminded

    def test_reminder_steps(self):
        import datetime as dt

        from ckanext.pekalongan.ppid.report_reminder import due_step

        days = [1, 15, 25]
        assert due_step(dt.date(2027, 2, 28), days) is None
        assert due_step(dt.date(2027, 3, 1), days) == 1
        assert due_step(dt.date(2027, 3, 14), days) == 1
        assert due_step(dt.date(2027, 3, 31), days) == 25
        assert due_step(dt.date(2027, 4, 1), days) is None
        assert due_step(dt.date(2027, 3, 10), [15]) is None


@pytest.mark.usefixtures("with_plugins")
def test_two_saves_at_once_both_succeed(people, kit):
    """Two PPID Utama saves of a new year's report and of a new section at the same time:
    neither fails (one row each, the last write wins), nothing is lost to a 500."""
    import threading

    import ckan.model as model
    from ckan import authz, logic
    from ckan.tests import helpers

    errors: list[Exception] = []
    # the tables of actions and auth functions that CKAN builds on first use are built
    # when the plugins load (tests/pkl_speedups.py): no thread below finds one half built
    assert "ppid_annual_report_update" in authz._AuthFunctions._functions
    assert "ppid_annual_report_update" in logic._actions

    def save(action: str, **data) -> None:
        try:
            helpers.call_action(action, context={"user": people.utama["name"],
                                                 "ignore_auth": False}, **data)
        except Exception as e:  # noqa: BLE001 - collected for the assertion
            errors.append(e)
        finally:
            model.Session.remove()

    threads = [threading.Thread(target=save, args=("ppid_annual_report_update",),
                                kwargs={"year": 2025, "policy": f"versi {n}"})
               for n in range(2)]
    threads += [threading.Thread(target=save, args=("ppid_service_standard_update",),
                                 kwargs={"hours": f"jam {n}"}) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = kit.act("ppid_annual_report", None, year=2025)
    assert report["narrative"]["sections"]["policy"] in ("versi 0", "versi 1")
    hours = kit.act("ppid_service_standard_show", None)["sections"]["hours"]["body"]
    assert hours in ("jam 0", "jam 1")
