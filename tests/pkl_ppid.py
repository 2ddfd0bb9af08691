"""What the PPID API tests (tests/ppid) and page tests (tests/ppid_ui) share, written once: a
requester's personal data, a valid request, calling an action as a user with its auth
function, and the fixtures ``clean_db`` (plus the seed holidays and an empty Redis), ``people``
(the officers on their organizations) and ``kit`` (these helpers, so test modules import
nothing). The two conftests import the fixtures from here."""
from __future__ import annotations

import io

import pytest
from ckan.tests import helpers
from pkl_cases import clean_db  # noqa: F401 - re-exported fixture
from pkl_factories import PpidCast
from werkzeug.datastructures import FileStorage

NIK = "3326011203900001"
EMAIL = "budi.santoso@mail.example"
PHONE = "+6281234567890"  # as stored (E.164); 0812... is normalised to it
ADDRESS = "Jl. Merdeka No. 7, Kajen"


def act(action: str, user: dict | None = None, **data):
    """Call an action as ``user`` (None = anonymous) with its auth function."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def request_data(**overrides) -> dict:
    """A valid request of a person (Perki 1/2021 fields), with ``overrides``."""
    data = {
        "requester_type": "person",
        "name": "Budi Santoso",
        "nik": NIK,
        "address": ADDRESS,
        "phone": PHONE,
        "email": EMAIL,
        "information": "Daftar penerima bantuan sosial Kecamatan Kajen tahun 2025",
        "purpose": "Penelitian skripsi",
        "how_to_obtain": ["salinan_softcopy"],
        "how_to_receive": "email",
    }
    data.update(overrides)
    return data


def run_jobs() -> None:
    """Run the queued background jobs (the PPID e-mails) as ``ckan jobs worker
    --burst`` does, in this process: use it with CKAN's ``with_test_worker``
    fixture (no fork, so ``mail_server`` catches what they send)."""
    from ckan.lib import jobs

    jobs.Worker(["default"]).work(burst=True)


PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MONDAY = "2026-03-16 03:00:00"  # Mon 16 Mar 2026, 10:00 WIB


def upload(data: bytes = PDF, filename: str = "surat-kuasa.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def new_request(user: dict | None = None, **overrides) -> dict:
    """File a request (as ``user``; None = anonymous) and return the receipt."""
    return act("ppid_request_create", user, **request_data(**overrides))


def dik_entry(people, grounds: list[str] | None = None, **overrides) -> str:
    """A published DIK entry of PPID Utama's organization (the regency's register), for a
    refusal to cite (``dik_entry=...``): its number."""
    data = {
        "org": people.utama_org["id"],
        "summary": "Data pribadi pemohon dan penerima layanan",
        "grounds": grounds or ["17h"],
        "consequence": "Membuka informasi ini mengungkap rahasia pribadi orang yang namanya "
                       "tercantum di dalamnya.",
        "public_interest": "Kepentingan publik terpenuhi oleh data agregat; perlindungan "
                           "rahasia pribadi lebih besar.",
        "exempt_until": "2099-12-31",
        "decided_by_name": "Sri Utami",
        "decided_by_position": "PPID Utama",
        "decided_on": "2024-01-02",
        "status": "published",
    }
    data.update(overrides)
    return act("ppid_dik_entry_create", people.utama, **data)["number"]


def errors_of(excinfo) -> dict:
    """The error dict of a ValidationError raised by an action."""
    return excinfo.value.error_dict


@pytest.fixture
def people(clean_db):
    """The PPID cast, copied back after its first build (tests/pkl_reset.py ``snapshot``)."""
    import pkl_reset

    return pkl_reset.snapshot("ppid cast", PpidCast)


class Kit:
    """``kit.act(...)``, ``kit.data(...)``, ``kit.upload(...)``, the constants."""

    NIK = NIK
    EMAIL = EMAIL
    PHONE = PHONE
    ADDRESS = ADDRESS
    PDF = PDF
    PNG = PNG
    MONDAY = MONDAY
    act = staticmethod(act)
    data = staticmethod(request_data)
    upload = staticmethod(upload)
    new_request = staticmethod(new_request)
    errors = staticmethod(errors_of)
    dik_entry = staticmethod(dik_entry)


@pytest.fixture
def kit():
    return Kit
