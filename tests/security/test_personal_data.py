"""Personal data at rest (issue 17, "statistik dan persandian"): a database dump alone
reveals no requester's NIK, phone, e-mail, address or name; officers still see them; they
are erased after the retention period. Real PostgreSQL (pg_dump of the test database)."""
from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.common import config
from freezegun import freeze_time
from pkl_factories import PpidCast
from pkl_ppid import act, request_data
from werkzeug.datastructures import FileStorage

from ckanext.pekalongan.casework import personal_data as pd

pytestmark = pytest.mark.usefixtures("with_plugins")

NAME = "Siti Aminah Rahmawati"
NIK = "3326019876540042"
PHONE = "081298765432"
EMAIL = "siti.aminah@mail.example"
ADDRESS = "Jl. Kenanga Gg. 3 No. 45, Wiradesa"
CLEAR = (NAME, NIK, PHONE, "81298765432", EMAIL, ADDRESS, "Kenanga", "Aminah")
PDF = b"%PDF-1.4\n% test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def personal(**overrides):
    return request_data(name=NAME, nik=NIK, phone=PHONE, email=EMAIL, address=ADDRESS,
                        **overrides)


@pytest.fixture
def people(clean_db):
    return PpidCast()


def pg_dump() -> str:
    """A full plain-text dump of the test database, as the superuser would take it."""
    from pkl_audit import owner_engine

    url = owner_engine().url
    pg_dump_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))[-1]
    env = dict(os.environ, PGPASSWORD=url.password)
    out = subprocess.run(
        [str(pg_dump_bin), "-h", url.host, "-p", str(url.port or 5432), "-U", url.username,
         "--no-owner", url.database],
        env=env, capture_output=True, check=True)
    return out.stdout.decode("utf-8", "replace")


def raw_row(ticket: str) -> dict:
    with model.meta.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT * FROM ppid_request WHERE ticket = :t"),
                                 {"t": ticket}).mappings().one())


def test_a_dump_reveals_no_personal_data_and_officers_still_see_it(people, app):
    r = act("ppid_request_create", people.utama, channel="walk_in", **personal())
    model.Session.remove()
    dump = pg_dump()
    assert r["ticket"] in dump  # the dump is real and holds the request
    for value in CLEAR:
        assert value not in dump, value
    row = raw_row(r["ticket"])
    for field in ("name", "nik", "phone", "email", "address"):
        assert row[field].startswith(pd.TOKEN_PREFIX), field

    shown = act("ppid_request_show", people.utama, ticket=r["ticket"])
    assert (shown["name"], shown["nik"], shown["email"], shown["address"]) == (
        NAME, NIK, EMAIL, ADDRESS)
    assert pd.normalize_phone(shown["phone"]) == pd.normalize_phone(PHONE)
    listed = act("ppid_request_list", people.utama)["results"]
    [mine] = [x for x in listed if x["ticket"] == r["ticket"]]
    assert mine["nik"] == "3326********0042" and NIK not in json.dumps(listed)

    from ckan.tests import helpers

    token = helpers.call_action("api_token_create", context={"user": people.utama["name"]},
                                user=people.utama["name"], name="t")
    page = app.get(f"/ppid/admin/{r['ticket']}",
                   headers={"Authorization": token["token"]}).get_data(as_text=True)
    assert NIK in page and ADDRESS in page


def test_lookups_use_the_keyed_hash(people):
    from ckanext.pekalongan.casework.model import lookup_hash
    from ckanext.pekalongan.ppid.model import PpidRequest

    r = act("ppid_request_create", people.utama, channel="walk_in", **personal())
    found = model.Session.query(PpidRequest).filter(
        PpidRequest.phone_hash == lookup_hash("phone", "+62 812-9876-5432")).one()
    assert found.ticket == r["ticket"]
    assert model.Session.query(PpidRequest).filter(
        PpidRequest.nik_hash == lookup_hash("nik", NIK),
        PpidRequest.email_hash == lookup_hash("email", EMAIL.upper())).count() == 1
    row = raw_row(r["ticket"])
    assert NIK not in row["nik_hash"] and len(row["nik_hash"]) == 64


def test_the_data_migration_encrypts_existing_rows(people):
    from ckan.cli.db import _run_migrations

    r = act("ppid_request_create", people.utama, channel="walk_in", **personal())
    model.Session.remove()
    _run_migrations("ppid", "a5ed13f7a3bb", False)  # before encryption: clear text
    assert raw_row(r["ticket"])["nik"] == NIK
    _run_migrations("ppid", "head", True)
    row = raw_row(r["ticket"])
    assert row["nik"].startswith(pd.TOKEN_PREFIX) and NIK not in json.dumps(row, default=str)
    assert row["phone_hash"]
    assert act("ppid_request_show", people.utama, ticket=r["ticket"])["nik"] == NIK


def test_rotation_and_a_missing_key(people, monkeypatch, cli):
    from ckan.cli.cli import ckan

    from ckanext.pekalongan.casework.model import PersonalDataKeyError
    from ckanext.pekalongan.ppid import purge

    r = act("ppid_request_create", people.utama, channel="walk_in", **personal())
    model.Session.remove()
    result = cli.invoke(ckan, ["ppid", "rotate-personal-data-key"])  # the ini's keys
    assert result.exit_code == 0, result.output
    assert "1 request(s) re-encrypted" in result.output
    model.Session.remove()
    old = config["ckanext.pekalongan.personal_data.keys"]
    old = old if isinstance(old, str) else ",".join(old)
    new = pd.generate_key()
    # a key the data was not encrypted with: a clear error, never garbage
    monkeypatch.setitem(config, "ckanext.pekalongan.personal_data.keys", new)
    with pytest.raises(PersonalDataKeyError, match="still in"):
        act("ppid_request_show", people.utama, ticket=r["ticket"])
    model.Session.remove()
    # rotation: new key first, old behind; re-encrypt; then the old key may go
    monkeypatch.setitem(config, "ckanext.pekalongan.personal_data.keys", f"{new},{old}")
    assert purge.rotate_keys() == 1  # what the command runs
    model.Session.remove()
    monkeypatch.setitem(config, "ckanext.pekalongan.personal_data.keys", new)
    assert act("ppid_request_show", people.utama, ticket=r["ticket"])["nik"] == NIK


def test_retention_erases_personal_data_of_closed_requests_only(people, cli):
    from ckan.cli.cli import ckan

    with freeze_time("2026-03-02 03:00:00"):
        closed = act("ppid_request_create", people.utama, channel="walk_in", **personal(
            power_of_attorney=FileStorage(io.BytesIO(PDF), filename="kuasa-siti.pdf")))
        still_open = act("ppid_request_create", people.utama, channel="walk_in", **personal())
    with freeze_time("2026-03-05 03:00:00"):
        act("ppid_request_decide", people.utama, ticket=closed["ticket"], decision="granted",
            info_given="Daftar penerima (PDF)")
        register = act("ppid_register_list", None, kind="permohonan", year=2026)
        report = act("ppid_annual_report", None, year=2026)
    storage = Path(config["ckan.storage_path"]) / "ppid"
    assert any(storage.rglob("*")), "no power-of-attorney file stored"

    # no holiday rows here (Mon-Fri): the objection window, 30 HK from Thu 2026-03-05 (six
    # weeks), closes Thu 2026-04-16; + 1826 days (five years, one 29 February) = 2031-04-16
    early = cli.invoke(ckan, ["ppid", "purge-personal-data", "--dry-run", "--today", "2031-04-15"])
    assert early.exit_code == 0, early.output
    assert "would erase 0 request(s)" in early.output
    dry = cli.invoke(ckan, ["ppid", "purge-personal-data", "--dry-run", "--today", "2031-04-16"])
    assert closed["ticket"] in dry.output and still_open["ticket"] not in dry.output
    assert "erase on 2031-04-16" in dry.output and "would erase 1 request(s)" in dry.output
    for value in CLEAR:
        assert value not in dry.output
    model.Session.remove()
    assert act("ppid_request_show", people.utama, ticket=closed["ticket"])["nik"] == NIK

    events_before = model.Session.execute(sa.text("SELECT count(*) FROM ppid_event")).scalar()
    done = cli.invoke(ckan, ["ppid", "purge-personal-data", "--today", "2031-04-16"])
    assert done.exit_code == 0, done.output
    assert "erased 1 request(s)" in done.output
    model.Session.remove()

    gone = act("ppid_request_show", people.utama, ticket=closed["ticket"])
    assert (gone["name"], gone["address"]) == ("", "")
    assert gone["nik"] is gone["phone"] is gone["email"] is None
    assert gone["decision"] == "granted" and gone["information"]
    kept = act("ppid_request_show", people.utama, ticket=still_open["ticket"])
    assert kept["nik"] == NIK
    assert not [p for p in storage.rglob("*") if p.is_file()
                and closed["id"] in str(p)], "power of attorney still stored"

    with model.meta.engine.connect() as conn:
        events = conn.execute(sa.text("SELECT * FROM ppid_event ORDER BY id")).mappings().all()
    assert len(events) == events_before + 1
    assert events[-1]["action"] == "personal_data_erased"
    dumped = json.dumps([dict(e) for e in events], default=str)
    for value in CLEAR:
        assert value not in dumped
    with freeze_time("2026-03-05 03:00:00"):
        assert act("ppid_register_list", None, kind="permohonan", year=2026) == register
        assert act("ppid_annual_report", None, year=2026) == report
    again = cli.invoke(ckan, ["ppid", "purge-personal-data", "--today", "2040-01-01"])
    assert "erased 0 request(s)" in again.output
