"""What the PPID API tests (tests/ppid) and page tests (tests/ppid_ui) share: a requester's
personal data, a valid request, and calling an action as a user with its auth function."""
from __future__ import annotations

from ckan.tests import helpers

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
