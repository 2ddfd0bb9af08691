"""The OPD workbook harvester end to end: a daftar data served by a local HTTP server,
harvested into the OPD's organization, then changed, shrunk, restored and broken."""
from __future__ import annotations

import pytest
from ckan.tests import helpers
from pkl_harvest import (
    PLUGINS,
    dataset_state,
    make_source,
    patch_source,
    run,
    search_names,
    site_user,
)
from pkl_harvest_builders import csv_bytes, daftar_rows, daftar_xlsx, valid_row

from ckanext.pekalongan_harvesters import withdrawal
from ckanext.pekalongan_harvesters.package import source_id_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEKOLAH_TABLE = [["kecamatan", "sd", "smp"], ["Kajen", 41, 9], ["Kedungwuni", 38, 7]]


def _rows(server, *, penduduk_title=None, with_sekolah=True, sekolah_table=None):
    """Two datasets: one from a sheet, one from a CSV at url_data."""
    server.serve("/data/sekolah.csv", csv_bytes(sekolah_table or SEKOLAH_TABLE), "text/csv")
    rows = [valid_row(**({"judul": penduduk_title} if penduduk_title else {}))]
    if with_sekolah:
        rows.append(valid_row(
            id_dataset="sekolah-2024", judul="Jumlah Sekolah Menurut Kecamatan 2024",
            topik="pendidikan", satuan="unit", sheet_data=...,
            url_data=server.url("/data/sekolah.csv"), tag="sekolah",
        ))
    return rows


def _publish(server, rows, path="/daftar.xlsx"):
    return server.serve(path, daftar_xlsx(rows), XLSX_TYPE)


@pytest.fixture
def harvested(source_server, opd):
    """An OPD source harvested once: (server, source, summary)."""
    url = _publish(source_server, _rows(source_server))
    source = make_source(opd["id"], url)
    summary = run(source)
    return source_server, source, summary


NAME_PENDUDUK = "dinas-kesehatan-penduduk-2024"
NAME_SEKOLAH = "dinas-kesehatan-sekolah-2024"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestFirstHarvest:
    def test_every_row_becomes_a_dataset_of_the_sources_opd(self, harvested, opd):
        _, source, summary = harvested
        assert (summary.outcome, summary.added, summary.error_count) == ("ok", 2, 0)
        penduduk = helpers.call_action("package_show", id=NAME_PENDUDUK)
        assert penduduk["owner_org"] == opd["id"]
        assert penduduk["title"] == "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin 2024"
        assert penduduk["topik"] == "kependudukan"
        assert penduduk["tahun"] == 2024
        assert penduduk["kode_wilayah"] == ["33.26.08", "33.26.13"]
        assert source_id_of(penduduk) == "penduduk-2024"
        assert not withdrawal.is_withdrawn(penduduk)
        assert search_names() == [NAME_PENDUDUK, NAME_SEKOLAH]

    def test_the_search_index_links_each_dataset_to_its_source(self, harvested):
        _, source, _ = harvested
        [found] = helpers.call_action("package_search", q=f"name:{NAME_SEKOLAH}")["results"]
        extras = {e["key"]: e["value"] for e in found["extras"]}
        assert extras["harvest_source_id"] == source["id"]
        assert extras["sumber_id"] == "sekolah-2024"

    def test_the_table_is_an_uploaded_csv_resource(self, harvested, app):
        [resource] = helpers.call_action("package_show", id=NAME_SEKOLAH)["resources"]
        assert resource["url_type"] == "upload"
        assert resource["format"] == "CSV"
        body = app.get(resource["url"].replace("http://test.ckan.net", "")).body
        assert body.splitlines() == ["kecamatan,sd,smp", "Kajen,41,9", "Kedungwuni,38,7"]

    def test_ids_and_names_are_stable(self, harvested):
        server, source, _ = harvested
        before = helpers.call_action("package_show", id=NAME_PENDUDUK)
        _publish(server, _rows(server, penduduk_title="Penduduk 2024 (revisi)"))
        run(source)
        after = helpers.call_action("package_show", id=NAME_PENDUDUK)
        assert (after["id"], after["name"]) == (before["id"], before["name"])
        assert after["title"] == "Penduduk 2024 (revisi)"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestIncremental:
    def test_a_second_run_over_an_unchanged_source_writes_nothing(self, harvested):
        _, source, _ = harvested
        before = {n: dataset_state(n) for n in (NAME_PENDUDUK, NAME_SEKOLAH)}
        summary = run(source)
        assert (summary.outcome, summary.unchanged, summary.added, summary.updated) == (
            "ok", 2, 0, 0)
        assert {n: dataset_state(n) for n in before} == before

    def test_a_changed_row_is_updated_and_the_others_are_left_alone(self, harvested):
        server, source, _ = harvested
        sekolah_before = dataset_state(NAME_SEKOLAH)
        _publish(server, _rows(server, penduduk_title="Penduduk 2024 (revisi)"))
        summary = run(source)
        assert (summary.updated, summary.unchanged) == (1, 1)
        assert dataset_state(NAME_SEKOLAH) == sekolah_before
        assert helpers.call_action("package_show", id=NAME_PENDUDUK)["title"] == (
            "Penduduk 2024 (revisi)")

    def test_a_changed_data_file_is_uploaded_again(self, harvested, app):
        server, source, _ = harvested
        changed = [row[:] for row in SEKOLAH_TABLE]
        changed[1][1] = 42
        _rows(server, sekolah_table=changed)  # serves the new CSV at url_data
        summary = run(source)
        assert (summary.updated, summary.unchanged) == (1, 1)
        [resource] = helpers.call_action("package_show", id=NAME_SEKOLAH)["resources"]
        body = app.get(resource["url"].replace("http://test.ckan.net", "")).body
        assert "Kajen,42,9" in body


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestWithdrawal:
    def test_a_removed_row_is_withdrawn_not_deleted(self, harvested, app):
        server, source, _ = harvested
        _publish(server, _rows(server, with_sekolah=False))
        summary = run(source)
        assert (summary.withdrawn, summary.unchanged, summary.outcome) == (1, 1, "ok")
        package = helpers.call_action("package_show", id=NAME_SEKOLAH)
        assert package["state"] == "active" and not package["private"]
        assert withdrawal.is_withdrawn(package)
        assert search_names() == [NAME_PENDUDUK]
        page = app.get(f"/dataset/{NAME_SEKOLAH}")  # the URL still answers
        assert "dataset-withdrawn" in page.body
        assert "Dataset ini telah ditarik oleh Dinas Kesehatan." in page.body
        assert 'content="noindex"' in page.body
        assert "dataset-withdrawn" not in app.get(f"/dataset/{NAME_PENDUDUK}").body

    def test_withdrawn_datasets_are_left_out_of_search_for_everyone(self, harvested, sysadmin):
        server, source, _ = harvested
        _publish(server, _rows(server, with_sekolah=False))
        run(source)
        as_admin = helpers.call_action("package_search", context={"user": sysadmin["name"]},
                                       include_private=True)
        assert [r["name"] for r in as_admin["results"]] == [NAME_PENDUDUK]
        listed = helpers.call_action("package_search", fq="extras_sumber_status:ditarik")
        assert [r["name"] for r in listed["results"]] == [NAME_SEKOLAH]

    def test_a_withdrawn_dataset_comes_back_when_its_row_does(self, harvested, app):
        server, source, _ = harvested
        _publish(server, _rows(server, with_sekolah=False))
        run(source)
        _publish(server, _rows(server))
        summary = run(source)
        assert (summary.restored, summary.unchanged, summary.withdrawn) == (1, 1, 0)
        package = helpers.call_action("package_show", id=NAME_SEKOLAH)
        assert not withdrawal.is_withdrawn(package)
        assert search_names() == [NAME_PENDUDUK, NAME_SEKOLAH]
        assert "dataset-withdrawn" not in app.get(f"/dataset/{NAME_SEKOLAH}").body
        assert run(source).unchanged == 2  # and the run after that writes nothing

    def test_a_withdrawn_dataset_whose_flag_an_edit_dropped_is_withdrawn_again(self, harvested):
        server, source, _ = harvested
        _publish(server, _rows(server, with_sekolah=False))
        run(source)
        package = helpers.call_action("package_show", id=NAME_SEKOLAH)
        package["extras"] = []  # what CKAN's web form does with extras it does not show
        helpers.call_action("package_update", context={"user": site_user()}, **package)
        assert NAME_SEKOLAH in search_names()
        assert run(source).withdrawn == 1
        assert NAME_SEKOLAH not in search_names()

    def test_a_row_without_id_postpones_withdrawal(self, harvested):
        server, source, _ = harvested
        rows = _rows(server, with_sekolah=False)
        rows.append(valid_row(id_dataset=None, judul="Tanpa id"))
        _publish(server, rows)
        summary = run(source)
        assert summary.withdrawn == 0
        messages = [msg for obj in summary.object_errors for msg in obj["messages"]]
        assert "baris 3: kolom 'id_dataset' kosong" in messages
        assert any("penarikan dataset yang tidak lagi tercantum ditunda" in msg
                   for msg in messages)
        assert not withdrawal.is_withdrawn(helpers.call_action("package_show", id=NAME_SEKOLAH))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestRowErrors:
    def test_every_error_of_every_row_is_reported_in_indonesian(self, source_server, opd):
        rows = [valid_row()]
        rows += [valid_row(id_dataset=f"kosong-{n}", tahun=None, satuan=None)
                 for n in range(30)]
        source = make_source(opd["id"], _publish(source_server, rows))
        summary = run(source)
        assert (summary.added, summary.errored) == (1, 30)
        messages = [msg for obj in summary.object_errors for msg in obj["messages"]]
        assert len(messages) == 60  # all of them, not the first 20
        assert "baris 3: kolom 'tahun' kosong" in messages
        assert "baris 32: kolom 'satuan' kosong" in messages
        assert summary.outcome == "errors"

    def test_a_duplicate_id_is_an_error_and_the_first_row_wins(self, source_server, opd):
        rows = [valid_row(), valid_row(judul="Salinan")]
        source = make_source(opd["id"], _publish(source_server, rows))
        summary = run(source)
        assert (summary.added, summary.errored) == (1, 1)
        [obj] = summary.object_errors
        assert obj["messages"] == [
            "baris 3: id_dataset 'penduduk-2024' sudah dipakai di baris 2"]
        assert helpers.call_action("package_show", id=NAME_PENDUDUK)["title"].startswith(
            "Jumlah Penduduk")

    def test_a_bad_row_keeps_its_published_dataset_as_it_was(self, harvested):
        server, source, _ = harvested
        before = dataset_state(NAME_PENDUDUK)
        rows = _rows(server)
        rows[0]["tahun"] = "dua ribu"
        _publish(server, rows)
        summary = run(source)
        assert summary.withdrawn == 0 and summary.errored == 1
        assert dataset_state(NAME_PENDUDUK) == before
        assert NAME_PENDUDUK in search_names()

    def test_a_url_data_file_that_cannot_be_read_is_an_error_of_its_row(
            self, source_server, opd):
        rows = [valid_row(sheet_data=..., url_data=source_server.url("/hilang.csv"))]
        source = make_source(opd["id"], _publish(source_server, rows))
        summary = run(source)
        [obj] = summary.object_errors
        assert obj["messages"][0].startswith("baris 2: berkas url_data: server ")
        assert "HTTP 404" in obj["messages"][0]


# --- a broken source fails the job and touches nothing --------------------------------------
def _break_unreachable(server, source, closed_port_url):
    patch_source(source, url=closed_port_url)
    return "tidak dapat dihubungi (koneksi ditolak)"


def _break_timeout(server, source, _):
    server.routes["/daftar.xlsx"].delay = 3
    patch_source(source, config='{"timeout": 1}')
    return "tidak menjawab dalam 1 detik"


def _break_malformed(server, source, _):
    server.serve("/daftar.xlsx", b"PK\x03\x04" + b"\x00rusak" * 50, XLSX_TYPE)
    return "berkas XLSX rusak atau tidak dapat dibaca"


def _break_html(server, source, _):
    server.serve("/daftar.xlsx", b"<!DOCTYPE html><html><head><title>Masuk</title></head>"
                 b"<body>Silakan login</body></html>", "text/html")
    return "tampaknya halaman HTML"


def _break_redirect_loop(server, source, _):
    server.serve("/daftar.xlsx", b"", status=302, location="/lagi")
    server.serve("/lagi", b"", status=302, location="/daftar.xlsx")
    return "kemungkinan pengalihan melingkar"


def _break_encoding(server, source, _):
    rows = [valid_row(judul="Jumlah Penduduk – Kabupaten", sheet_data=...,
                      url_data=server.url("/data/sekolah.csv"))]
    server.serve("/daftar.xlsx", csv_bytes(daftar_rows(rows), encoding="cp1252"), "text/csv")
    return "tidak berenkode UTF-8"


def _break_huge(server, source, _):
    server.routes["/daftar.xlsx"].stream_bytes = 3 * 1024 * 1024
    patch_source(source, config='{"max_mb": 1}')
    return "terlalu besar"


def _break_missing_column(server, source, _):
    rows = _rows(server)
    for row in rows:
        row.pop("tahun")
    server.serve("/daftar.xlsx", daftar_xlsx(rows), XLSX_TYPE)
    return "kolom wajib 'tahun' tidak ada di sheet daftar_data"


def _break_not_found(server, source, _):
    del server.routes["/daftar.xlsx"]
    return "HTTP 404"


BREAKAGES = {
    "unreachable": _break_unreachable,
    "timeout": _break_timeout,
    "malformed-xlsx": _break_malformed,
    "html-page": _break_html,
    "redirect-loop": _break_redirect_loop,
    "not-utf8": _break_encoding,
    "huge-file": _break_huge,
    "wrong-columns": _break_missing_column,
    "http-404": _break_not_found,
}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestBrokenSource:
    @pytest.mark.parametrize("breakage", sorted(BREAKAGES))
    def test_a_broken_source_fails_with_its_reason_and_withdraws_nothing(
            self, harvested, closed_port_url, breakage):
        server, source, _ = harvested
        before = {n: dataset_state(n) for n in (NAME_PENDUDUK, NAME_SEKOLAH)}
        reason = BREAKAGES[breakage](server, source, closed_port_url)
        summary = run(source)
        assert summary.outcome == "failed"
        assert any(reason in message for message in summary.gather_errors), (
            summary.gather_errors)
        assert summary.gather_errors[-1].startswith("panen dibatalkan")
        assert (summary.added, summary.updated, summary.withdrawn) == (0, 0, 0)
        assert {n: dataset_state(n) for n in before} == before
        assert search_names() == [NAME_PENDUDUK, NAME_SEKOLAH]
