"""What the Suara Masyarakat tests share (tests/suara, tests/suara_ui, tests/suara_stats, the
SMS tests): the cast (pengelola, two OPDs with an officer each, a citizen), a valid report, and
calling an action as a user with its auth function."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers
from pkl_factories import PASSWORD, Opd

NAME = "Siti Aminah"
PHONE = "+6281234567891"  # as stored (E.164); 0812... is normalised to it
EMAIL = "siti.aminah@mail.example"
TEXT = "Jalan rusak berlubang di Desa Wangandowo, Kecamatan Bojong, membahayakan pengendara."
KECAMATAN = "33.26.11"  # Bojong
TOPIC = "pekerjaan_umum"


def act(action: str, user: dict | None = None, **data):
    """Call an action as ``user`` (None = anonymous) with its auth function."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def report_data(**overrides) -> dict:
    """A valid web report with the reporter's identity, with ``overrides``."""
    data = {
        "kind": "pengaduan",
        "text": TEXT,
        "topic": TOPIC,
        "kecamatan": KECAMATAN,
        "desa": "Wangandowo",
        "privacy": "public",
        "name": NAME,
        "phone": "081234567891",
        "email": EMAIL,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def suara_people() -> dict:
    """The cast (needs a clean database): users ``sysadmin``, ``pengelola`` (editor of the
    PPID Utama organization, Dinkominfo), ``opd_a_officer`` (editor of ``opd_a``),
    ``opd_b_officer`` (admin of ``opd_b``), ``opd_a_member`` (member only: no role),
    ``citizen`` (an account without any role); organizations ``dinkominfo``, ``opd_a``,
    ``opd_b``. Every user logs in with ``PASSWORD``."""
    people = {
        "sysadmin": factories.Sysadmin(password=PASSWORD),
        "pengelola": factories.User(name="pengelola-suara", fullname="Rina Pengelola",
                                    email="pengelola@pekalongankab.example",
                                    password=PASSWORD),
        "opd_a_officer": factories.User(name="petugas-dpupr", email="dpupr@pekalongankab.example",
                                        password=PASSWORD),
        "opd_b_officer": factories.User(name="petugas-dinkes",
                                        email="dinkes@pekalongankab.example", password=PASSWORD),
        "opd_a_member": factories.User(name="anggota-dpupr", password=PASSWORD),
        "citizen": factories.User(name="warga-suara", password=PASSWORD),
    }
    utama = tk.config.get("ckanext.pekalongan.ppid.utama_organization")
    people["dinkominfo"] = Opd(name=utama, title="Dinas Komunikasi dan Informatika",
                               users=[{"name": "pengelola-suara", "capacity": "editor"}])
    people["opd_a"] = Opd(name="dinas-pekerjaan-umum", title="Dinas Pekerjaan Umum dan Penataan "
                          "Ruang", users=[{"name": "petugas-dpupr", "capacity": "editor"},
                                          {"name": "anggota-dpupr", "capacity": "member"}])
    people["opd_b"] = Opd(name="dinas-kesehatan-suara", title="Dinas Kesehatan",
                          users=[{"name": "petugas-dinkes", "capacity": "admin"}])
    return people


def new_report(user: dict | None = None, **overrides) -> dict:
    """File a report (as ``user``; None = anonymous); the receipt (with the tracking code)."""
    return act("suara_report_create", user, **report_data(**overrides))


def routed_report(people: dict, **overrides) -> dict:
    """A report filed, verified and routed to ``opd_a`` (complexity sederhana)."""
    receipt = new_report(**overrides)
    act("suara_report_verify", people["pengelola"], number=receipt["number"],
        decision="accept", public_text="Jalan rusak di Desa Wangandowo, Bojong.")
    act("suara_report_route", people["pengelola"], number=receipt["number"],
        organizations=[people["opd_a"]["name"]], complexity="sederhana")
    return receipt


def run_jobs() -> None:
    """Run the queued jobs (notifications) in this process (with ``with_test_worker``)."""
    from ckan.lib import jobs

    jobs.Worker(["default"]).work(burst=True)
