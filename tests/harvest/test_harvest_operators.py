"""What operators and OPD admins see: the failure e-mail, the harvest dashboard and the
``ckan pekalongan-harvest`` commands."""
from __future__ import annotations

import email
import io

import openpyxl
import pytest
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers
from pkl_harvest import PLUGINS, make_source, run
from pkl_harvest_builders import daftar_xlsx, valid_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _mails(mail_server):
    out = []
    for _, _sender, recipients, message in mail_server.get_smtp_messages():
        parsed = email.message_from_string(message)
        body = parsed.get_payload(decode=True).decode("utf-8")
        subject = str(email.header.make_header(email.header.decode_header(parsed["Subject"])))
        out.append({"to": recipients, "subject": subject, "body": body})
    return out


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestFailureMail:
    def test_the_opds_admins_get_every_error_when_a_harvest_fails(
            self, source_server, opd, opd_admin, mail_server):
        source = make_source(opd["id"], source_server.url("/hilang.xlsx"),
                             title="Daftar data Dinkes")
        run(source)
        [mail] = _mails(mail_server)
        assert mail["to"] == [opd_admin["email"]]
        assert mail["subject"].endswith("Panen data gagal: Daftar data Dinkes")
        assert "HTTP 404" in mail["body"]
        assert "panen dibatalkan" in mail["body"]
        assert "/harvest-dashboard" in mail["body"]

    def test_row_errors_are_mailed_too_all_of_them(self, source_server, opd, mail_server):
        rows = [valid_row(id_dataset=f"baris-{n}", tahun=None) for n in range(25)]
        source = make_source(opd["id"], source_server.serve(
            "/daftar.xlsx", daftar_xlsx(rows), XLSX_TYPE))
        run(source)
        [mail] = _mails(mail_server)
        for number in range(2, 27):
            assert f"baris {number}: kolom 'tahun' kosong" in mail["body"]

    def test_a_successful_harvest_mails_nobody(self, source_server, opd, mail_server):
        source = make_source(opd["id"], source_server.serve(
            "/daftar.xlsx", daftar_xlsx([valid_row()]), XLSX_TYPE))
        assert run(source).outcome == "ok"
        assert _mails(mail_server) == []


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestDashboard:
    @pytest.fixture
    def sources(self, source_server, opd):
        good = make_source(opd["id"], source_server.serve(
            "/daftar.xlsx", daftar_xlsx([valid_row()]), XLSX_TYPE), title="Sumber baik")
        bad = make_source(opd["id"], source_server.url("/hilang.xlsx"), title="Sumber rusak")
        run(good)
        run(bad)
        return good, bad

    def test_the_action_reports_each_source_of_the_opd(self, sources, opd, opd_admin):
        good, bad = sources
        data = helpers.call_action("pekalongan_harvest_dashboard",
                                   context={"user": opd_admin["name"], "ignore_auth": False})
        [org] = data["organizations"]
        assert org["name"] == opd["name"]
        by_title = {s["title"]: s for s in org["sources"]}
        assert by_title["Sumber baik"]["outcome"] == "ok"
        assert by_title["Sumber baik"]["last_job"]["added"] == 1
        assert by_title["Sumber baik"]["datasets"] == {"published": 1, "withdrawn": 0}
        assert by_title["Sumber rusak"]["outcome"] == "failed"
        assert any("HTTP 404" in e for e in by_title["Sumber rusak"]["last_job"]["gather_errors"])

    def test_an_admin_of_another_opd_does_not_see_these_sources(self, sources):
        from pkl_factories import Opd

        other = factories.User()
        Opd(users=[{"name": other["name"], "capacity": "admin"}])
        data = helpers.call_action("pekalongan_harvest_dashboard",
                                   context={"user": other["name"], "ignore_auth": False})
        [org] = data["organizations"]
        assert org["sources"] == []

    def test_the_page_shows_sources_status_and_errors(self, sources, app, opd_admin):
        token = factories.APIToken(user=opd_admin["name"])["token"]
        page = app.get("/harvest-dashboard", headers={"Authorization": token})
        assert "Dasbor panen data" in page.body  # the site speaks Indonesian first
        assert "Sumber baik" in page.body and "Sumber rusak" in page.body
        assert "HTTP 404" in page.body
        assert "Dinas Kesehatan" in page.body

    def test_a_user_who_administers_no_opd_is_refused(self, sources, app):
        user = factories.User()
        token = factories.APIToken(user=user["name"])["token"]
        app.get("/harvest-dashboard", headers={"Authorization": token}, status=403)
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("pekalongan_harvest_dashboard",
                                context={"user": user["name"], "ignore_auth": False})

    def test_the_template_can_be_downloaded_by_anyone(self, app):
        response = app.get("/harvest-dashboard/templat_daftar_data.xlsx")
        assert openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames[0] == "daftar_data"
        csv_template = app.get("/harvest-dashboard/templat_daftar_data.csv")
        assert csv_template.body.startswith("id_dataset,judul,")

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, app):
        response = app.get("/harvest-dashboard", follow_redirects=False)
        assert response.status_code == 302
        assert "/user/login" in response.headers["Location"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_the_template_harvests_as_it_is(source_server, opd):
    from ckanext.pekalongan_harvesters.template_workbook import build_template

    source = make_source(opd["id"], source_server.serve(
        "/templat.xlsx", build_template(), XLSX_TYPE))
    summary = run(source)
    assert (summary.outcome, summary.added) == ("ok", 1), summary.object_errors
    [dataset] = helpers.call_action("package_search", fq=f"owner_org:{opd['id']}")["results"]
    assert dataset["resources"][0]["format"] == "CSV"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
class TestCli:
    def test_run_harvests_one_source_and_prints_the_summary(self, cli, source_server, opd):
        source = make_source(opd["id"], source_server.serve(
            "/daftar.xlsx", daftar_xlsx([valid_row()]), XLSX_TYPE), name="dinkes-daftar")
        result = cli.invoke(ckan, ["pekalongan-harvest", "run", "dinkes-daftar", "--quiet"])
        assert result.exit_code == 0, result.output
        assert "added      1" in result.output
        result = cli.invoke(ckan, ["pekalongan-harvest", "run", source["id"], "--quiet"])
        assert "unchanged  1" in result.output and "added      0" in result.output

    def test_run_exits_non_zero_and_lists_the_errors_of_a_failed_source(
            self, cli, source_server, opd):
        make_source(opd["id"], source_server.url("/hilang.xlsx"), name="dinkes-rusak")
        result = cli.invoke(ckan, ["pekalongan-harvest", "run", "dinkes-rusak", "--quiet"])
        assert result.exit_code == 1
        assert "failed" in result.output and "HTTP 404" in result.output

    def test_run_refuses_an_unknown_source(self, cli):
        result = cli.invoke(ckan, ["pekalongan-harvest", "run", "tidak-ada"])
        assert result.exit_code != 0
        assert "tidak-ada" in result.output

    def test_template_writes_the_workbook(self, cli, tmp_path):
        target = tmp_path / "templat.xlsx"
        result = cli.invoke(ckan, ["pekalongan-harvest", "template", str(target)])
        assert result.exit_code == 0, result.output
        workbook = openpyxl.load_workbook(target)
        assert workbook.sheetnames[0] == "daftar_data"
