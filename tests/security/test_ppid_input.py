"""Hostile input against every PPID action, through the real Action API of the
test app: a NUL byte, a list, an object or a huge number in EVERY string
parameter; huge, negative and non-numeric offsets and limits; dates outside
what the service can count; control and invisible (bidi) characters in names
and texts; e-mail addresses and phone numbers. Each must be a clear 409 with
a field message: never a 500, never a traceback in the log, nothing stored."""
from __future__ import annotations

import inspect
import logging

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import factories
from freezegun import freeze_time
from pkl_factories import PpidCast
from pkl_ppid import act, request_data

from ckanext.pekalongan.ppid.logic import action as ppid_action
from ckanext.pekalongan.ppid.logic import register_schema
from ckanext.pekalongan.ppid.logic import schema as ppid_schema
from ckanext.pekalongan.ppid.logic.action import service as service_action

API = "/api/3/action/"
TABLES = ("ppid_request", "ppid_event", "ppid_objection", "ppid_document", "ppid_holiday",
          "ppid_notification")

# Every PPID action and the schema it validates with (checked against the module below).
SCHEMAS = {
    "ppid_request_create": ppid_schema.request_create_schema,
    "ppid_request_show": ppid_schema.request_show_schema,
    "ppid_request_list": ppid_schema.request_list_schema,
    "ppid_request_route": ppid_schema.request_route_schema,
    "ppid_request_extend": ppid_schema.request_extend_schema,
    "ppid_request_decide": ppid_schema.request_decide_schema,
    "ppid_request_correct_receipt": ppid_schema.request_correct_receipt_schema,
    "ppid_request_withdraw": ppid_schema.request_withdraw_schema,
    "ppid_document_create": ppid_schema.document_create_schema,
    "ppid_document_show": ppid_schema.document_show_schema,
    "ppid_objection_create": ppid_schema.objection_create_schema,
    "ppid_objection_show": ppid_schema.objection_ref_schema,
    "ppid_objection_decide": ppid_schema.objection_decide_schema,
    "ppid_holiday_list": ppid_schema.holiday_list_schema,
    "ppid_holiday_create": ppid_schema.holiday_create_schema,
    "ppid_holiday_delete": ppid_schema.holiday_delete_schema,
    "ppid_deadline_explain": ppid_schema.deadline_explain_schema,
    "ppid_register_list": ppid_schema.register_list_schema,
    "ppid_request_publish": ppid_schema.request_publish_schema,  # 15D
    "ppid_request_export": ppid_schema.request_export_schema,  # 15D
    "ppid_annual_report": ppid_schema.annual_report_schema,
    # the DIP and DIK registers (#15, logic/register_schema.py)
    "ppid_dip_entry_create": register_schema.dip_entry_create_schema,
    "ppid_dip_entry_update": register_schema.dip_entry_update_schema,
    "ppid_dip_entry_delete": register_schema.entry_ref_schema,
    "ppid_dip_entry_show": register_schema.entry_ref_schema,
    "ppid_dip_entry_list": register_schema.entry_list_schema,
    "ppid_dik_entry_create": register_schema.dik_entry_create_schema,
    "ppid_dik_entry_update": register_schema.dik_entry_update_schema,
    "ppid_dik_entry_delete": register_schema.entry_ref_schema,
    "ppid_dik_entry_show": register_schema.entry_ref_schema,
    "ppid_dik_entry_list": register_schema.entry_list_schema,
    "ppid_dip_suggest": register_schema.suggest_schema,
    # the dispute bundle and record, the Standar Layanan, the report's narrative
    "ppid_dispute_bundle_show": service_action._ref_schema,
    "ppid_dispute_show": service_action._ref_schema,
    "ppid_dispute_record": service_action.dispute_record_schema,
    "ppid_service_standard_show": dict,  # no parameters
    "ppid_service_standard_update": service_action.service_standard_update_schema,
    "ppid_annual_report_update": service_action.annual_report_update_schema,
    # a token only: a malformed one is the same "not found" as an expired one
    "ppid_notice_link_show": dict,
}
# Parameters that are text although their validators are codes or dates.
CODE_AND_DATE_PARAMS = {
    "ppid_request_create": ("received_on",),
    "ppid_request_list": ("received_from", "received_to"),
    "ppid_request_correct_receipt": ("received_on",),
    "ppid_objection_create": ("filed_on",),
    "ppid_holiday_create": ("date",),
    "ppid_deadline_explain": ("start",),
    "ppid_request_decide": ("dik_exempt_until", "dik_decided_on"),
    "ppid_dip_entry_create": ("made_on",),
    "ppid_dip_entry_update": ("made_on",),
    "ppid_dik_entry_create": ("exempt_until", "decided_on"),
    "ppid_dik_entry_update": ("exempt_until", "decided_on"),
}
BAD_VALUES = {
    "nul": "PPID\x00-2026",
    "list": ["a", "b"],
    "object": {"a": "b"},
    "huge number": 10**30,
}


def string_params(action: str) -> list[str]:
    schema = SCHEMAS[action]()
    text = [k for k, checks in schema.items()
            if any(getattr(f, "ppid_text", False) for f in checks)]
    return text + [k for k in CODE_AND_DATE_PARAMS.get(action, ()) if k not in text]


def counts() -> dict[str, int]:
    with model.meta.engine.connect() as conn:
        return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}


def build_world(reset_redis) -> dict:
    """The seed holidays, the PPID cast, one request filed on Mon 16 Mar 2026 with an
    objection of Wed 1 Apr 2026, and an API token of the sysadmin."""
    from ckanext.pekalongan.casework import calendar as calendar_store

    calendar_store.seed_holidays()
    model.repo.commit()
    reset_redis()
    people = PpidCast()
    with freeze_time("2026-03-16 03:00:00"):
        receipt = act("ppid_request_create", None, **request_data())
    with freeze_time("2026-04-01 03:00:00"):
        objection = act("ppid_objection_create", None, ticket=receipt["ticket"],
                        tracking_code=receipt["tracking_code"], grounds=["35_1_c"], reasons="x")
    token = factories.APIToken(user=people.sysadmin["id"])["token"]
    return {"people": people, "receipt": receipt, "objection": objection, "token": token}


@pytest.fixture
def world(clean_db, reset_redis):
    """The PPID cast and one open request (with an objection) to aim at: built once per
    configuration, then its rows (byte for byte), Redis keys and value copied back
    (tests/pkl_reset.py ``snapshot``; Redis emptied first, as the build does after seeding)."""
    import pkl_reset

    reset_redis()
    return pkl_reset.snapshot("ppid input world", lambda: build_world(reset_redis))


def base_payload(action: str, world: dict) -> dict:
    """A payload that is valid apart from the one bad parameter."""
    ticket = world["receipt"]["ticket"]
    code = world["receipt"]["tracking_code"]
    number = world["objection"]["number"]
    return {
        "ppid_request_create": request_data(),
        "ppid_request_show": {"ticket": ticket},
        "ppid_request_list": {},
        "ppid_request_route": {"ticket": ticket, "org": "dinas-kesehatan"},
        "ppid_request_extend": {"ticket": ticket, "reason": "Dokumen di arsip"},
        "ppid_request_decide": {"ticket": ticket, "decision": "granted", "info_given": "x"},
        "ppid_request_correct_receipt": {"ticket": ticket, "received_on": "2026-03-13",
                                         "reason": "Salah ketik"},
        "ppid_request_withdraw": {"ticket": ticket, "tracking_code": code, "reason": "x"},
        "ppid_document_create": {"ticket": ticket, "kind": "response"},
        "ppid_document_show": {"ticket": ticket, "document_id": "x"},
        "ppid_objection_create": {"ticket": ticket, "grounds": ["35_1_b"], "reasons": "x"},
        "ppid_objection_show": {"number": number},
        "ppid_objection_decide": {"number": number, "outcome": "rejected", "reasons": "x",
                                  "atasan_name": "A", "atasan_position": "Sekda"},
        "ppid_holiday_list": {},
        "ppid_holiday_create": {"date": "2026-12-30", "name": "Libur", "kind": "national"},
        "ppid_holiday_delete": {"id": "x"},
        "ppid_deadline_explain": {"start": "2026-03-16", "days": 10},
        "ppid_register_list": {},
        "ppid_annual_report": {"year": 2026},
        "ppid_request_publish": {"ticket": ticket, "information": "Data", "purpose": "Riset"},
        "ppid_request_export": {"year": 2026},
        "ppid_dip_entry_create": {"org": "dinas-kesehatan", "summary": "Profil"},
        "ppid_dip_entry_update": {"id": "DIP-2026-0001", "summary": "Profil"},
        "ppid_dip_entry_delete": {"id": "DIP-2026-0001"},
        "ppid_dip_entry_show": {"id": "DIP-2026-0001"},
        "ppid_dip_entry_list": {},
        "ppid_dik_entry_create": {"org": "dinas-kesehatan", "summary": "Rekam medis"},
        "ppid_dik_entry_update": {"id": "DIK-2026-0001", "summary": "Rekam medis"},
        "ppid_dik_entry_delete": {"id": "DIK-2026-0001"},
        "ppid_dik_entry_show": {"id": "DIK-2026-0001"},
        "ppid_dik_entry_list": {},
        "ppid_dip_suggest": {"q": "anggaran"},
        "ppid_dispute_bundle_show": {"ticket": ticket, "tracking_code": code},
        "ppid_dispute_show": {"ticket": ticket},
        "ppid_dispute_record": {"ticket": ticket, "status": "registered",
                                "registered_on": "2026-05-04", "register_number": "1/KI"},
        "ppid_service_standard_show": {},
        "ppid_service_standard_update": {"hours": "Senin-Jumat 08.00-15.00"},
        "ppid_annual_report_update": {"year": 2026, "policy": "Kebijakan"},
        "ppid_notice_link_show": {"token": "x"},
    }[action]


@pytest.fixture
def no_tracebacks(caplog):
    """Collects every log record; ``check()`` fails on a traceback or an error."""
    caplog.set_level(logging.DEBUG)

    def check():
        bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
        assert not bad, [f"{r.name}: {r.getMessage()[:200]}" for r in bad]

    return check


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.track_rate_limit", "0")
class TestEveryStringParameter:
    def test_the_table_covers_every_ppid_action(self):
        actions = set(ppid_action.__all__)
        assert all(inspect.isfunction(getattr(ppid_action, name)) for name in actions)
        assert actions == set(SCHEMAS)
        assert "ticket" in string_params("ppid_request_show")
        assert "tracking_code" in string_params("ppid_request_show")
        assert {"name", "address", "email", "phone"} <= set(string_params("ppid_request_create"))

    def test_nul_list_object_and_huge_number_are_409_with_a_field_message(
            self, app, world, no_tracebacks):
        before = counts()
        failures = []
        for action, _schema in SCHEMAS.items():
            callers = [{"Authorization": world["token"]}]
            if action in ("ppid_request_show", "ppid_request_create", "ppid_objection_create",
                          "ppid_deadline_explain", "ppid_objection_show"):
                callers.append({})  # anonymous too
            for param in string_params(action):
                for label, bad in BAD_VALUES.items():
                    for headers in callers:
                        payload = dict(base_payload(action, world), **{param: bad})
                        res = app.post(API + action, json=payload, headers=headers,
                                       )
                        error = (res.json or {}).get("error", {}) if res.is_json else {}
                        if res.status_code != 409 or not error.get(param):
                            who = "sysadmin" if headers else "anonymous"
                            failures.append(f"{action}.{param} = {label} ({who}): "
                                            f"{res.status_code} {str(error)[:120]}")
        assert not failures, "\n".join(failures)
        assert counts() == before  # nothing stored
        no_tracebacks()

    def test_the_message_says_what_is_wrong_in_indonesian(self, app, world):
        res = app.post(API + "ppid_request_show", json={"ticket": "A\x00B"}, status=409)
        [message] = res.json["error"]["ticket"]
        assert "U+0000" in message and "karakter" in message.lower()
        res = app.post(API + "ppid_request_show", json={"ticket": ["A"]}, status=409)
        assert "teks" in res.json["error"]["ticket"][0].lower()

    def test_a_nul_byte_in_the_query_string_is_refused_too(self, app, world):
        res = app.get(API + "ppid_request_show", params={"ticket": "PPID\x00"}, status=409)
        assert res.json["error"]["ticket"]
        res = app.get(API + "ppid_register_list", params={"kind": "permohonan\x00"}, status=409)
        assert res.json["error"]["kind"]


@pytest.mark.usefixtures("with_plugins")
class TestNumbersAndDates:
    @pytest.mark.parametrize("value", [10**30, -1, "abc", "1e3", True, [5], {"a": 1}, 2.5])
    def test_offset_and_limit(self, app, world, value, no_tracebacks):
        token = {"Authorization": world["token"]}
        for action in ("ppid_request_list", "ppid_register_list"):
            for param in ("offset", "limit"):
                res = app.post(API + action, json={param: value}, headers=token, status=409)
                assert res.json["error"][param], (action, param)
        no_tracebacks()

    def test_a_large_but_sane_offset_is_an_empty_page(self, app, world):
        res = app.post(API + "ppid_register_list", json={"offset": "1000000", "year": 2026})
        assert res.json["result"]["results"] == []

    @pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01",
                                       "20260316", "2026-02-30", "", " "])
    def test_deadline_explain_refuses_dates_it_cannot_count(self, app, world, start,
                                                            no_tracebacks):
        res = app.post(API + "ppid_deadline_explain", json={"start": start, "days": 10},
                       status=409)
        assert res.json["error"]["start"]
        no_tracebacks()

    @pytest.mark.parametrize("year", [10**30, 0, 1, "abc", True, ["2026"]])
    def test_years(self, app, world, year):
        for action in ("ppid_annual_report", "ppid_register_list", "ppid_holiday_list"):
            res = app.post(API + action, json={"year": year}, status=409)
            assert res.json["error"]["year"]

    @pytest.mark.parametrize("value", [[True], {"x": 1}, "maybe", 2])
    def test_booleans_are_not_guessed(self, app, world, value):
        token = {"Authorization": world["token"]}
        res = app.post(API + "ppid_request_list", json={"overdue": value}, headers=token,
                       status=409)
        assert res.json["error"]["overdue"]


CONTROLS = {
    "line break": "Budi\nSantoso",
    "carriage return": "Budi\rSantoso",
    "tab": "Budi\tSantoso",
    "escape": "Budi\x1b[31mSantoso",
    "DEL": "Budi\x7f",
    "C1 (NEL)": "Budi\x85Santoso",
    "right-to-left override": "Budi \u202eosotnaS",
    "left-to-right isolate": "Budi \u2066x\u2069",
    "zero width space": "Bu\u200bdi",
    "zero width joiner": "Bu\u200ddi",
    "right-to-left mark": "Budi\u200f",
    "byte order mark": "\ufeffBudi",
    "lone surrogate": "Budi\ud800",
}


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestNamesAndTexts:
    @pytest.mark.parametrize("label", list(CONTROLS))
    def test_names_refuse_control_and_invisible_characters(self, app, world, label):
        before = counts()
        res = app.post(API + "ppid_request_create",
                       json=request_data(name=CONTROLS[label]), status=409)
        assert res.json["error"]["name"]
        assert counts() == before

    @pytest.mark.parametrize("label", ["escape", "DEL", "C1 (NEL)", "right-to-left override",
                                       "zero width space", "byte order mark", "lone surrogate"])
    def test_texts_refuse_them_too(self, app, world, label):
        res = app.post(API + "ppid_request_create",
                       json=request_data(information=CONTROLS[label]), status=409)
        assert res.json["error"]["information"]

    def test_texts_keep_line_breaks_and_tabs(self, app, world):
        text = "Daftar:\r\n1.\tAnggaran 2025\n2.\tRealisasi 2025"
        res = app.post(API + "ppid_request_create",
                       json=request_data(information=text, address="Jl. Merdeka 7\r\nKajen"))
        shown = act("ppid_request_show", world["people"].utama, ticket=res.json["result"]["ticket"])
        assert shown["information"] == "Daftar:\n1.\tAnggaran 2025\n2.\tRealisasi 2025"
        assert shown["address"] == "Jl. Merdeka 7\nKajen"

    def test_names_in_other_scripts_are_welcome(self, app, world):
        for name in ("Siti Nur'aini", "Ñoño Müller", "\u0635\u0627\u0644\u062d", "李雷"):
            res = app.post(API + "ppid_request_create", json=request_data(name=name))
            assert res.json["result"]["ticket"]

    def test_officer_texts_are_screened_too(self, app, world):
        token = {"Authorization": world["token"]}
        ticket = world["receipt"]["ticket"]
        res = app.post(API + "ppid_request_extend", headers=token, status=409,
                       json={"ticket": ticket, "reason": "ok \u202e evil"})
        assert res.json["error"]["reason"]
        res = app.post(API + "ppid_holiday_create", headers=token, status=409,
                       json={"date": "2026-12-30", "name": "Libur\u200b", "kind": "national"})
        assert res.json["error"]["name"]


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestEmailAndPhone:
    def test_an_internationalised_domain_is_stored_in_its_ascii_form(self, app, world):
        res = app.post(API + "ppid_request_create",
                       json=request_data(email="Budi@Pekalongan-Bücher.id"))
        shown = act("ppid_request_show", world["people"].utama, ticket=res.json["result"]["ticket"])
        assert shown["email"] == "Budi@" + "pekalongan-bücher.id".encode("idna").decode()
        assert shown["email"].isascii()

    @pytest.mark.parametrize("address", ["büdi@mail.example", "δοκιμή@παράδειγμα.δοκιμή"])
    def test_non_ascii_before_the_at_is_refused_clearly(self, app, world, address):
        before = counts()
        res = app.post(API + "ppid_request_create", json=request_data(email=address), status=409)
        [message] = res.json["error"]["email"]
        assert "@" in message
        assert counts() == before

    @pytest.mark.parametrize("address", ["budi@", "@mail.example", "budi@mail", "a b@c.id",
                                         "budi@mail.example\nBcc: x@y.id", "budi@@mail.id",
                                         "x" * 250 + "@mail.id"])
    def test_invalid_addresses(self, app, world, address):
        res = app.post(API + "ppid_request_create", json=request_data(email=address), status=409)
        assert res.json["error"]["email"]

    @pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "62 812 3456 7890",
                                       "+62 812-3456-7890", "6281234567890", "(0812) 3456 7890"])
    def test_indonesian_phone_numbers_are_stored_in_e164(self, app, world, typed):
        res = app.post(API + "ppid_request_create", json=request_data(phone=typed))
        shown = act("ppid_request_show", world["people"].utama, ticket=res.json["result"]["ticket"])
        assert shown["phone"] == "+6281234567890"

    @pytest.mark.parametrize("typed", ["12345", "0812", "+1 555", "abc", "0812345678901234567",
                                       "+62 812 3456 7890 ext\x00"])
    def test_invalid_phone_numbers(self, app, world, typed):
        res = app.post(API + "ppid_request_create", json=request_data(phone=typed), status=409)
        assert res.json["error"]["phone"]
