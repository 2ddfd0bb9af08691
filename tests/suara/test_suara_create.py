"""suara_report_create: filing a report (happy path, validation, channel rights, privacy)."""
from __future__ import annotations

import io
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from pkl_suara import EMAIL, NAME, PHONE, act, new_report, report_data
from werkzeug.datastructures import FileStorage

from ckanext.pekalongan.suara.model import SuaraEvent, SuaraReport

pytestmark = pytest.mark.usefixtures("with_plugins")


def test_citizen_files_a_report_and_gets_number_and_code(people):
    receipt = new_report()
    assert re.fullmatch(r"SM-\d{4}-000001", receipt["number"])
    assert re.fullmatch(r"[A-HJ-KM-NP-Z2-9]{10}", receipt["tracking_code"])
    assert receipt["status"] == "received"
    assert receipt["answer_due"] is None and receipt["verify_due"] >= receipt["received_on"]
    second = new_report()
    assert second["number"].endswith("000002")
    shown = act("suara_report_show", None, number=receipt["number"],
                tracking_code=receipt["tracking_code"])
    assert shown["view"] == "reporter"
    assert shown["phone"] == PHONE and shown["email"] == EMAIL and shown["name"] == NAME
    assert shown["allowed_actions"] == ["suara_report_withdraw"]


def test_receipt_is_dated_today_in_jakarta_with_a_three_working_day_clock(people, freezer):
    freezer.move_to("2026-03-15T18:00:00+00:00")  # Mon 16 Mar 01:00 WIB
    receipt = new_report()
    assert receipt["received_on"] == "2026-03-16"
    assert receipt["number"].startswith("SM-2026-")
    # Tue 17, Wed 18 (cuti bersama counted as working day), Thu 19 Nyepi, Fri 20
    assert receipt["verify_due"] == "2026-03-20"


def test_the_counter_starts_again_each_year(people, freezer):
    freezer.move_to("2026-12-31T10:00:00+07:00")
    assert new_report()["number"] == "SM-2026-000001"
    freezer.move_to("2027-01-04T10:00:00+07:00")
    assert new_report()["number"] == "SM-2027-000001"


def test_identity_is_optional(people):
    receipt = new_report(name=None, phone=None, email=None, privacy="anonim")
    shown = act("suara_report_show", None, number=receipt["number"],
                tracking_code=receipt["tracking_code"])
    assert shown["name"] is None and shown["phone"] is None and shown["privacy"] == "anonim"


def test_phone_forms_are_one_number(people):
    for form in ("0812-3456-7891", "62 812 3456 7891", "+6281234567891"):
        receipt = new_report(phone=form)
        shown = act("suara_report_show", None, number=receipt["number"],
                    tracking_code=receipt["tracking_code"])
        assert shown["phone"] == PHONE


BAD = {
    "control character": ("text", "Jalan rusak\x1b[31m"),
    "NUL byte": ("text", "Jalan\x00rusak"),
    "zero-width space in a name": ("name", "Siti\u200bAminah"),
    "oversized text": ("text", "x" * 4001),
    "oversized desa": ("desa", "d" * 101),
    "text as a list": ("text", ["a", "b"]),
    "text as an object": ("text", {"a": 1}),
    "text as a number": ("text", 12345),
    "huge number as kecamatan": ("kecamatan", 10**40),
    "unknown kecamatan": ("kecamatan", "33.27.01"),
    "unknown topic": ("topic", "perang_bintang"),
    "unknown kind": ("kind", "keluhan"),
    "unknown privacy": ("privacy", "rahasia_negara"),
    "bad phone": ("phone", "12345"),
    "phone letters": ("phone", "nomor saya"),
    "bad e-mail": ("email", "siti@"),
    "empty text": ("text", "   "),
    "missing topic": ("topic", ""),
    "honeypot filled": ("website", "http://spam.example"),
}


@pytest.mark.parametrize("field,value", BAD.values(), ids=list(BAD))
def test_bad_input_is_a_field_error_and_nothing_is_saved(people, field, value):
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_create", None, **report_data(**{field: value}))
    assert field in e.value.error_dict, e.value.error_dict
    assert all(isinstance(m, str) and m for m in e.value.error_dict[field])
    assert model.Session.query(SuaraReport).count() == 0
    assert model.Session.query(SuaraEvent).count() == 0


def test_all_errors_are_listed_at_once(people):
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_create", None, kind="aspirasi", text="a\x00", topic="x",
            kecamatan="y")
    assert {"text", "topic", "kecamatan"} <= set(e.value.error_dict)


def test_an_information_request_is_sent_to_the_ppid_form(people):
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_create", None, **report_data(kind="permintaan_informasi"))
    assert "/ppid/permohonan/baru" in e.value.error_dict["kind"][0]


def test_only_officers_set_another_channel(people):
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_create", people["citizen"], **report_data(channel="letter"))
    assert "channel" in e.value.error_dict
    receipt = act("suara_report_create", people["pengelola"], **report_data(channel="letter"))
    shown = act("suara_report_show", people["pengelola"], number=receipt["number"])
    assert shown["channel"] == "letter"
    timeline = shown["timeline"]
    assert timeline[0]["event"] == "create" and timeline[0]["actor"] == "pengelola-suara"


def test_sms_worker_files_with_ignore_auth_and_its_own_commit(people):
    context = {"user": "", "ignore_auth": True, "defer_commit": True}
    receipt = tk.get_action("suara_report_create")(context, {
        "kind": "pengaduan", "text": "jalan rusak di desa wangandowo bojong", "channel": "sms",
        "phone": "081234567891", "privacy": "anonim"})
    model.Session.commit()  # the worker commits, with its inbox bookkeeping
    report = model.Session.query(SuaraReport).filter_by(number=receipt["number"]).one()
    assert report.channel == "sms" and report.phone == PHONE
    assert report.topic is None and report.kecamatan is None
    assert receipt["tracking_code"] and receipt["id"] == report.id
    # the pengelola classifies it at verification
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_verify", people["pengelola"], number=receipt["number"],
            decision="accept", public_text="Jalan rusak di Wangandowo.")
    assert "topic" in e.value.error_dict
    shown = act("suara_report_verify", people["pengelola"], number=receipt["number"],
                decision="accept", public_text="Jalan rusak di Wangandowo.",
                topic="pekerjaan_umum", kecamatan="33.26.11")
    assert shown["topic"] == "pekerjaan_umum" and shown["kecamatan"] == "33.26.11"


def test_web_reports_need_topic_and_kecamatan(people):
    with pytest.raises(tk.ValidationError) as e:
        act("suara_report_create", None, **report_data(topic=None, kecamatan=None))
    assert {"topic", "kecamatan"} <= set(e.value.error_dict)


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


def test_photo_and_pdf_attachments_are_stored(people):
    receipt = new_report(attachments=[upload(PNG, "jalan.png"), upload(PDF, "surat.pdf")])
    shown = act("suara_report_show", people["pengelola"], number=receipt["number"])
    assert [a["content_type"] for a in shown["attachments"]] == ["image/png",
                                                                 "application/pdf"]
    public = act("suara_report_show", None, number=receipt["number"],
                 tracking_code=receipt["tracking_code"])
    assert len(public["attachments"]) == 2


@pytest.mark.parametrize("data,name", [
    (b"MZ\x90\x00 not a png", "foto.png"),  # content does not match the type
    (PNG, "skrip.exe"),
    (b"", "kosong.pdf"),
])
def test_bad_attachments_are_refused(people, data, name):
    with pytest.raises(tk.ValidationError) as e:
        new_report(attachments=[upload(data, name)])
    assert "attachments" in e.value.error_dict
    assert model.Session.query(SuaraReport).count() == 0


@pytest.mark.ckan_config("ckanext.pekalongan.suara.upload_max_mb", "1")
def test_oversized_attachment_is_refused(people):
    with pytest.raises(tk.ValidationError) as e:
        new_report(attachments=[upload(PNG + b"\x00" * (1024 * 1024), "besar.png")])
    assert "MB" in e.value.error_dict["attachments"][0]


@pytest.mark.ckan_config("ckanext.pekalongan.suara.rate_limit", "2")
def test_anonymous_filing_is_rate_limited_per_address_with_429(app, people):
    url = "/api/3/action/suara_report_create"
    env = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(2):
        assert app.post(url, json=report_data(), environ_base=env).status_code == 200
    refused = app.post(url, json=report_data(), environ_base=env)
    assert refused.status_code == 429 and refused.headers.get("Retry-After")
    assert "rate_limit" in refused.json["error"]
    # invalid posts never use up the allowance of another address
    other = {"REMOTE_ADDR": "203.0.113.8"}
    assert app.post(url, json=report_data(text="\x00"), environ_base=other).status_code == 409
    assert app.post(url, json=report_data(), environ_base=other).status_code == 200


def test_api_answers_409_with_indonesian_field_messages(app, people):
    url = "/api/3/action/suara_report_create"
    env = {"REMOTE_ADDR": "203.0.113.9"}
    res = app.post(url, json=report_data(topic="nope", kecamatan=["33.26.01"], text=None),
                   environ_base=env)
    assert res.status_code == 409
    error = res.json["error"]
    assert error["__type"] == "Validation Error"
    assert error["topic"] == ["Topik tidak dikenal."]
    assert set(error) >= {"topic", "kecamatan", "text"}
    assert model.Session.query(SuaraReport).count() == 0
