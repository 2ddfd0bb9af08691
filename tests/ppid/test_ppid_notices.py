"""Every notice the law requires (issue #15 item 3) and objections carried through (item 4):
extension (Pasal 22(8)), decision with the notice PDF and the released documents or a
signed link, objection receipt and answer with the Komisi Informasi deadline (Pasal 37(2)),
routing to the OPD's officers at once; an accepted objection reopens the request with its own
clock, the register and the requester's page show the final state."""
from __future__ import annotations

import email
import io
import time

import ckan.model as model
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from freezegun import freeze_time
from pkl_ppid import run_jobs

from ckanext.pekalongan.ppid import notice_link
from ckanext.pekalongan.ppid.model import PpidEvent

API = "/api/3/action/"


def at(day: str) -> freeze_time:
    return freeze_time(f"{day} 03:00:00")


def mails(mail_server) -> list[tuple[list[str], email.message.Message]]:
    return [(to, email.message_from_string(raw))
            for _n, _f, to, raw in mail_server.get_smtp_messages()]


def text_of(msg) -> str:
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode("utf-8")
    return ""


def attachments(msg) -> dict[str, bytes]:
    return {p.get_filename(): p.get_payload(decode=True) for p in msg.walk() if p.get_filename()}


def notices(ticket_id: str) -> list[dict]:
    return [dict(e.data) for e in model.Session.query(PpidEvent)
            .filter_by(request_id=ticket_id, action="notice").order_by(PpidEvent.id)]


@pytest.mark.usefixtures("with_plugins", "with_test_worker", "with_request_context")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestNotices:
    def test_extension_notice_gives_the_reason_and_the_new_date(self, people, kit,
                                                                 mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
            run_jobs()
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"],
                    reason="Dokumen tersebar di tiga bidang")
            run_jobs()
        [(to, msg)] = [(t, m) for t, m in mails(mail_server) if "Perpanjangan" in m["Subject"]]
        assert to == [kit.EMAIL]
        body = text_of(msg)
        assert "Dokumen tersebar di tiga bidang" in body
        assert "Batas waktu baru: Jumat, 10 April 2026" in body  # 31 Mar + 7 HK
        assert "Pasal 22" in body
        sent = [n for n in notices(r["id"]) if n["kind"] == "extended"]
        assert sent == [{"kind": "extended", "channel": "email", "status": "sent",
                         "to": "requester", "attachments": 0}]

    def test_decision_mail_carries_the_notice_pdf_and_the_documents(self, people, kit,
                                                                    mail_server):
        from pypdf import PdfReader

        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_document_create", people.utama, ticket=r["ticket"],
                    upload=kit.upload(filename="jawaban.pdf"), kind="response", released=True)
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="Daftar penerima", format="PDF",
                    medium="surel")
            run_jobs()
        [(to, msg)] = [(t, m) for t, m in mails(mail_server)
                       if "Pemberitahuan tertulis" in m["Subject"]]
        assert to == [kit.EMAIL]
        files = attachments(msg)
        notice = files[f"pemberitahuan-{r['ticket']}.pdf"]
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(notice)).pages)
        assert r["ticket"] in text
        assert files["jawaban.pdf"] == kit.PDF
        assert r["tracking_code"] not in text_of(msg)
        assert any(n["kind"] == "decided" and n["attachments"] == 2 for n in notices(r["id"]))

    @pytest.mark.ckan_config("ckanext.pekalongan.ppid.mail_attachment_max_bytes", "10")
    def test_documents_above_the_cap_go_by_a_link_that_needs_no_code(self, app, people, kit,
                                                                     mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_document_create", people.utama, ticket=r["ticket"],
                    upload=kit.upload(filename="besar.pdf"), kind="response", released=True)
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="Daftar penerima")
            run_jobs()
        [msg] = [m for _t, m in mails(mail_server) if "Pemberitahuan tertulis" in m["Subject"]]
        assert set(attachments(msg)) == {f"pemberitahuan-{r['ticket']}.pdf"}
        body = text_of(msg)
        url = next(w for w in body.split() if "/ppid/surat/" in w)
        path = url[url.index("/ppid/surat/"):]
        assert kit.EMAIL not in path and r["ticket"] not in path and "Budi" not in path
        with at("2026-03-20"):
            page = app.get(path, status=200)
            assert r["ticket"] in page.body and "besar.pdf" in page.body
            assert "no-store" in page.headers["Cache-Control"]
            pdf = app.get(path + "/pemberitahuan.pdf", status=200)
            assert pdf.data.startswith(b"%PDF")
            doc_id = kit.act("ppid_request_show", people.utama,
                             ticket=r["ticket"])["documents"][0]["id"]
            assert app.get(f"{path}/dokumen/{doc_id}", status=200).data == kit.PDF
            app.get(path[:-3] + "xyz", status=404)  # a mangled token
        with at("2026-05-01"):  # 30 days later: expired
            app.get(path, status=404)

    def test_objection_answer_states_the_komisi_informasi_deadline(self, people, kit,
                                                                   mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="Sebagian daftar")
            obj = kit.act("ppid_objection_create", None, ticket=r["ticket"],
                          tracking_code=r["tracking_code"], grounds=["35_1_d", "35_1_f"],
                          reasons="Tidak sesuai dan biaya mahal")
            run_jobs()
        with at("2026-03-20"):
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                    outcome="rejected", reasons="Sudah sesuai", atasan_name="Sekda",
                    atasan_position="Sekretaris Daerah")
            run_jobs()
        subjects = [m["Subject"] for _t, m in mails(mail_server)]
        assert any("Tanda terima keberatan" in s for s in subjects)
        [msg] = [m for _t, m in mails(mail_server) if "Tanggapan Atasan" in m["Subject"]]
        body = text_of(msg)
        # 14 HK after Fri 20 Mar 2026 (Nyepi 19 Mar, Idul Fitri 20-24 Mar, cuti bersama...)
        shown = kit.act("ppid_objection_show", people.atasan, number=obj["number"])
        due = tk.h.pekalongan_ppid_date(shown["dispute_until"], "long")
        assert shown["dispute_until"] and due.split()[-1] == "2026"
        assert "Komisi Informasi" in body and "DITOLAK" in body
        from ckanext.pekalongan.casework.mail import fmt_date
        assert fmt_date(shown["dispute_until"]) in body

    def test_routing_tells_the_opd_officer_at_once(self, people, kit, mail_server):
        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_request_route", people.utama, ticket=r["ticket"],
                    org=people.opd["id"])
            run_jobs()
        routed = [(t, m) for t, m in mails(mail_server) if "diteruskan" in m["Subject"]]
        assert routed and routed[0][0] == [people.pelaksana["email"]]
        assert kit.EMAIL not in routed[0][1].as_string()
        assert any(n["kind"] == "routed" for n in notices(r["id"]))

    def test_post_channel_is_recorded_for_the_officer_to_print(self, people, kit, mail_server):
        with at("2026-03-16"):
            r = kit.new_request(email="", how_to_receive="pos")
            kit.act("ppid_request_extend", people.utama, ticket=r["ticket"],
                    reason="Butuh waktu")
            run_jobs()
        assert not [m for _t, m in mails(mail_server) if "Perpanjangan" in m["Subject"]]
        assert {"kind": "extended", "channel": "post", "status": "to_send"} in notices(r["id"])


@pytest.mark.usefixtures("with_plugins", "with_test_worker")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.smtp_timeout", "1")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestHangingServer:
    def test_extend_route_and_objection_answer_do_not_wait_for_mail(
            self, app, people, kit, ckan_config, monkeypatch):
        import socket

        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        monkeypatch.setitem(ckan_config, "smtp.server",
                            f"127.0.0.1:{server.getsockname()[1]}")
        token = {"Authorization": factories.APIToken(user=people.utama["id"])["token"]}
        atasan = {"Authorization": factories.APIToken(user=people.atasan["id"])["token"]}
        try:
            r = app.post(API + "ppid_request_create", json=kit.data(), status=200).json["result"]
            started = time.monotonic()
            app.post(API + "ppid_request_extend", headers=token, status=200,
                     json={"ticket": r["ticket"], "reason": "Perlu waktu"})
            app.post(API + "ppid_request_route", headers=token, status=200,
                     json={"ticket": r["ticket"], "org": people.opd["id"]})
            app.post(API + "ppid_request_decide", headers=token, status=200,
                     json={"ticket": r["ticket"], "decision": "granted", "info_given": "x"})
            obj = app.post(API + "ppid_objection_create", status=200,
                           json={"ticket": r["ticket"], "tracking_code": r["tracking_code"],
                                 "grounds": ["35_1_d"], "reasons": "Kurang"}).json["result"]
            app.post(API + "ppid_objection_decide", headers=atasan, status=200,
                     json={"number": obj["number"], "outcome": "accepted", "reasons": "Benar",
                           "atasan_name": "Sekda", "atasan_position": "Sekretaris Daerah"})
            assert time.monotonic() - started < 8
        finally:
            server.close()


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
class TestObjectionCarriedThrough:
    def _decided_and_objected(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="Sebagian daftar")
            obj = kit.act("ppid_objection_create", None, ticket=r["ticket"],
                          tracking_code=r["tracking_code"], grounds=["35_1_d", "35_1_e"],
                          reasons="Yang diberikan bukan yang diminta")
        assert obj["grounds"] == ["35_1_d", "35_1_e"]
        return r, obj

    def test_accepted_objection_reopens_and_the_request_is_decided_again(self, app, people,
                                                                           kit):
        r, obj = self._decided_and_objected(people, kit)
        with at("2026-04-06"):
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                    outcome="accepted", reasons="PPID harus memberikan seluruhnya",
                    atasan_name="Sekda", atasan_position="Sekretaris Daerah")
            shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
            assert shown["status"] == "reopened" and shown["decision"] is None
            assert shown["decision_round"] == 2 and shown["reopened_on"] == "2026-04-06"
            assert shown["due_date"] == "2026-04-20"  # 10 HK after Mon 6 Apr
            # the overturned decision invites no objection
            assert shown["deadline"]["offered_grounds"] == ["35_1_b"]
            with pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_objection_create", None, ticket=r["ticket"],
                        tracking_code=r["tracking_code"], grounds=["35_1_d"], reasons="Lagi")
            assert "has not arisen" in kit.errors(e)["grounds"][0]
            assert "35_1_d" not in kit.errors(e)["grounds"][0]
            queue = kit.act("ppid_request_list", people.utama)
            [row] = [q for q in queue["results"] if q["ticket"] == r["ticket"]]
            assert row["reopened"] is True
            reg = kit.act("ppid_register_list", None, kind="request")
            [entry] = [e for e in reg["results"] if e["ticket"] == r["ticket"]]
            assert entry["status"] == "reopened" and entry["decision"] is None
        with at("2026-04-08"):
            kit.act("ppid_request_decide", people.utama, ticket=r["ticket"],
                    decision="granted", info_given="Seluruh daftar")
            shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
            assert shown["status"] == "decided" and shown["info_given"] == "Seluruh daftar"
            # the new decision may be objected to again, on the same grounds
            assert {"35_1_d", "35_1_e"} <= set(shown["deadline"]["offered_grounds"])
            again = kit.act("ppid_objection_create", None, ticket=r["ticket"],
                            tracking_code=r["tracking_code"], grounds=["35_1_d"],
                            reasons="Masih kurang")
            assert again["decision_round"] == 2
        actions = [e.action for e in model.Session.query(PpidEvent)
                   .filter_by(request_id=r["id"]).order_by(PpidEvent.id)]
        assert actions.index("reopen") < len(actions) - actions[::-1].index("decide") - 1

    def test_register_and_tracking_page_show_the_final_state(self, app, people, kit):
        r, obj = self._decided_and_objected(people, kit)
        with at("2026-04-06"):
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                    outcome="accepted", reasons="Diterima", atasan_name="Sekda",
                    atasan_position="Sekretaris Daerah")
            page = app.get("/ppid/register", status=200).body
            row = page[page.index(r["ticket"]):]
            row = row[:row.index("</tr>")]
            assert "Reopened" in row or "Dibuka kembali" in row
            assert "Ditolak" not in row and "Refused" not in row

    def test_rejected_objection_keeps_the_decision(self, people, kit):
        r, obj = self._decided_and_objected(people, kit)
        with at("2026-04-06"):
            kit.act("ppid_objection_decide", people.atasan, number=obj["number"],
                    outcome="rejected", reasons="Sudah sesuai", atasan_name="Sekda",
                    atasan_position="Sekretaris Daerah")
            shown = kit.act("ppid_request_show", people.utama, ticket=r["ticket"])
        assert shown["status"] == "decided" and shown["decision_round"] == 1

    def test_a_ground_not_arisen_is_refused_in_words(self, people, kit):
        with at("2026-03-16"):
            r = kit.new_request()
            with pytest.raises(tk.ValidationError) as e:
                kit.act("ppid_objection_create", None, ticket=r["ticket"],
                        tracking_code=r["tracking_code"], grounds=["35_1_a", "35_1_c"],
                        reasons="Ditolak")
        messages = kit.errors(e)["grounds"]
        assert len(messages) == 2
        assert all("35_1" not in m for m in messages)
        assert any("Tidak ditanggapinya permohonan informasi" in m for m in messages)


def test_a_token_names_no_person_and_expires(with_request_context, ckan_config):
    with freeze_time("2026-03-16 03:00:00"):
        token = notice_link.make("9b1c-uuid", 2)
    assert notice_link.read(token + "x") is None
    with freeze_time("2026-03-20 03:00:00"):
        assert notice_link.read(token) == ("9b1c-uuid", 2)
    with freeze_time("2026-05-16 03:00:00"):
        assert notice_link.read(token) is None
    assert notice_link.read("") is None and notice_link.read("a" * 600) is None
