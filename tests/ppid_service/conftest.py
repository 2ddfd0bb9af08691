"""Fixtures of the dispute bundle, Standar Layanan and annual report tests (issue #15 items
6-8): the PPID cast and kit (tests/pkl_ppid.py), a cookie-keeping browser (tests/pkl_web.py),
and a request whose objection the Atasan rejected or left unanswered."""
from __future__ import annotations

import pytest
from freezegun import freeze_time
from pkl_cases import clean_db  # noqa: F401 - fixture
from pkl_ppid import kit, people  # noqa: F401 - fixtures
from pkl_web import Browser


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


@pytest.fixture
def browser_factory(app):
    def make(user: dict | None = None) -> Browser:
        browser = Browser(app)
        return browser.login(user) if user else browser

    return make


def file_objection(kit, receipt: dict) -> dict:
    """Mon 16 Mar 2026 receipt, never answered (due Tue 31 Mar); objection on 35(1)c filed
    Wed 1 Apr 2026 (answer due Mon 18 May)."""
    with at("2026-04-01"):
        return kit.act("ppid_objection_create", None, ticket=receipt["ticket"],
                       tracking_code=receipt["tracking_code"], grounds=["35_1_c"],
                       reasons="Tidak ada jawaban sampai batas waktu")


def file_rejected(people, kit) -> dict:
    with at("2026-03-16"):
        receipt = kit.new_request()
    obj = file_objection(kit, receipt)
    with at("2026-04-20"):
        kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                outcome="rejected", reasons="Informasi sudah diumumkan",
                atasan_name="Ir. Atasan", atasan_position="Sekretaris Daerah")
    return {**receipt, "objection": obj["number"]}


def file_pending(people, kit) -> dict:
    with at("2026-03-16"):
        receipt = kit.new_request()
    obj = file_objection(kit, receipt)
    return {**receipt, "objection": obj["number"]}


@pytest.fixture
def rejected(people, kit):
    """A request whose objection the Atasan PPID rejected on Mon 20 Apr 2026 (copied back
    after its first build: tests/pkl_reset.py ``snapshot``)."""
    import pkl_reset

    return pkl_reset.snapshot("ppid rejected objection", lambda: file_rejected(people, kit))


@pytest.fixture
def pending(people, kit):
    """A request whose objection is still within the Atasan's 30 HK (copied back after its
    first build)."""
    import pkl_reset

    return pkl_reset.snapshot("ppid pending objection", lambda: file_pending(people, kit))
