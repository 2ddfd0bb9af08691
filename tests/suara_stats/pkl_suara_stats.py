"""A month of Suara Masyarakat reports with known answers (October 2026: no holiday in it,
so the working days are Monday to Friday).

=====  =========  ==========  ===================  =====================  ======  ======
no.    privacy    received    routed (WIB) to      first answer           status  rating
=====  =========  ==========  ===================  =====================  ======  ======
R1     public     Thu 1 Oct   Mon 5 Oct DPU        Wed 7 Oct (2 HK)       closed  5
R2     anonim     Thu 1 Oct   Mon 5 Oct DPU        Wed 14 Oct (7 HK) late answer  2
R3     rahasia    Thu 1 Oct   Mon 5 Oct DPU+Dinkes none: overdue          routed  -
R4     public     Fri 2 Oct   Tue 6 Oct Dinkes     Tue 6 Oct (0 HK)       answer  -
R5     public     Fri 30 Oct  -                    -                      receiv  -
R6     public     Wed 30 Sep  Thu 1 Oct 06:00 WIB  Fri 2 Oct (1 HK)       closed  4
                              (= 30 Sep UTC) Dinkes
R7     public     Mon 19 Oct  -  (verified late, rejected)                reject  -
=====  =========  ==========  ===================  =====================  ======  ======

Answer due: 5 HK after routing. Verification due: 3 HK after receipt.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ckan.tests import factories

WIB = ZoneInfo("Asia/Jakarta")
SECRET = "RAHASIA-ISI-LAPORAN-Sawah-Pak-Karto"
ANON_NAME = "Siti Anonimawati"
PUBLIC_NAME = "Budi Terbuka"
PASSWORD = "Rahasia-123"


def wib(day: int, hour: int = 9, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=WIB)


def build_october() -> dict:
    import ckan.model as model

    from ckanext.pekalongan.suara.model import SuaraAssignment, SuaraReport, SuaraResponse

    people = {
        "pengelola": factories.UserWithToken(name="pengelola-suara"),
        "dpu_officer": factories.UserWithToken(name="petugas-dpu"),
        "dinkes_officer": factories.UserWithToken(name="petugas-dinkes"),
        "citizen": factories.UserWithToken(name="warga-biasa"),
    }
    orgs = {
        "pengelola": factories.Organization(jenis_opd="dinas",
            name="dinas-komunikasi-dan-informatika", title="Dinas Komunikasi dan Informatika",
            users=[{"name": "pengelola-suara", "capacity": "editor"}]),
        "dpu": factories.Organization(jenis_opd="dinas",
            name="dinas-pekerjaan-umum", title="Dinas Pekerjaan Umum",
            users=[{"name": "petugas-dpu", "capacity": "editor"}]),
        "dinkes": factories.Organization(jenis_opd="dinas",
            name="dinas-kesehatan", title="Dinas Kesehatan",
            users=[{"name": "petugas-dinkes", "capacity": "admin"}]),
        "idle": factories.Organization(jenis_opd="dinas", name="dinas-tanpa-laporan",
                                       title="Dinas Tanpa Laporan"),
    }
    dpu, dinkes = orgs["dpu"]["id"], orgs["dinkes"]["id"]

    def report(n, privacy, received, status, verify_due, verified=None, routed=None,
               answer_due=None, rating=None, name=None, text=None):
        r = SuaraReport(
            number=f"SM-2026-{n:06d}", year=2026, tracking_code_hash=f"hash-{n}",
            kind="pengaduan", channel="sms" if n % 2 else "web", privacy=privacy,
            status=status, topic="pekerjaan_umum", kecamatan="33.26.11", desa="Wangandowo",
            received_on=received, text=text or f"Isi asli laporan nomor {n}",
            name=name, phone="+6281234567890" if name else None,
            public_text=f"Teks publik laporan {n}" if verified else None,
            verified_at=verified, verify_due=verify_due, verify_days=3,
            calendar_version="uji", complexity="sederhana" if routed else None,
            answer_days=5 if routed else None, answer_due=answer_due, routed_at=routed,
            rating=rating)
        model.Session.add(r)
        model.Session.flush()
        return r

    d = dt.date
    r1 = report(1, "public", d(2026, 10, 1), "closed", d(2026, 10, 6), wib(5, 8),
                wib(5), d(2026, 10, 12), rating=5, name=PUBLIC_NAME)
    r2 = report(2, "anonim", d(2026, 10, 1), "answered", d(2026, 10, 6), wib(5, 8),
                wib(5), d(2026, 10, 12), rating=2, name=ANON_NAME)
    r3 = report(3, "rahasia", d(2026, 10, 1), "routed", d(2026, 10, 6), wib(5, 8),
                wib(5), d(2026, 10, 12), text=SECRET, name="Pelapor Rahasia")
    r4 = report(4, "public", d(2026, 10, 2), "answered", d(2026, 10, 7), wib(6, 8),
                wib(6), d(2026, 10, 13))
    report(5, "public", d(2026, 10, 30), "received", d(2026, 11, 4))
    r6 = report(6, "public", d(2026, 9, 30), "closed", d(2026, 10, 5), wib(1, 5),
                wib(1, 6), d(2026, 10, 8), rating=4)
    report(7, "public", d(2026, 10, 19), "rejected", d(2026, 10, 22), wib(26))

    def assign(r, org, at, due, first=None):
        model.Session.add(SuaraAssignment(report_id=r.id, org_id=org, assigned_at=at,
                                          due=due, first_answer_at=first))

    def respond(r, org, at, kind="answer", text="Sudah ditindaklanjuti"):
        model.Session.add(SuaraResponse(report_id=r.id, org_id=org, kind=kind, text=text,
                                        created=at, created_by=people["pengelola"]["id"]))

    assign(r1, dpu, wib(5), d(2026, 10, 12), first=wib(7))          # stored first answer
    respond(r1, dpu, wib(7))
    assign(r2, dpu, wib(5), d(2026, 10, 12))                         # only as a response
    respond(r2, dpu, wib(14))
    assign(r3, dpu, wib(5), d(2026, 10, 12))
    assign(r3, dinkes, wib(5), d(2026, 10, 12))
    respond(r3, dinkes, wib(6), kind="request_info", text="Mohon foto lokasi")
    assign(r4, dinkes, wib(6), d(2026, 10, 13), first=wib(6, 15))
    assign(r6, dinkes, wib(1, 6), d(2026, 10, 8), first=wib(2))
    model.Session.commit()
    return {"people": people, "orgs": orgs}
