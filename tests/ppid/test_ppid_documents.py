"""Response documents: attach (officers), download information (officers,
requester for released responses)."""
from __future__ import annotations

import os

import pytest
from ckan.plugins import toolkit as tk


@pytest.fixture
def routed(people, kit):
    r = kit.new_request()
    kit.act("ppid_request_route", people.utama, ticket=r["ticket"], org="dinas-kesehatan")
    return r


@pytest.mark.usefixtures("with_plugins")
class TestDocuments:
    def test_pelaksana_attaches_and_the_requester_sees_released_ones(self, people, routed, kit):
        draft = kit.act("ppid_document_create", people.pelaksana, ticket=routed["ticket"],
                        upload=kit.upload(kit.PNG, "tabel.png"))
        final = kit.act("ppid_document_create", people.pelaksana, ticket=routed["ticket"],
                        upload=kit.upload(filename="jawaban.pdf"), released="true")
        assert (draft["released"], final["released"]) == (False, True)
        assert (draft["content_type"], draft["size"]) == ("image/png", len(kit.PNG))
        mine = kit.act("ppid_request_show", None, ticket=routed["ticket"],
                       tracking_code=routed["tracking_code"])
        assert [d["id"] for d in mine["documents"]] == [final["id"]]
        info = kit.act("ppid_document_show", None, ticket=routed["ticket"],
                       tracking_code=routed["tracking_code"], document_id=final["id"])
        assert info["filename"] == "jawaban.pdf" and "file_path" not in info
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_document_show", None, ticket=routed["ticket"],
                    tracking_code=routed["tracking_code"], document_id=draft["id"])
        assert kit.act("ppid_document_show", people.pelaksana, ticket=routed["ticket"],
                       document_id=draft["id"])["released"] is False

    def test_the_event_records_the_attachment(self, people, routed, kit):
        doc = kit.act("ppid_document_create", people.utama, ticket=routed["ticket"],
                      upload=kit.upload())
        shown = kit.act("ppid_request_show", people.utama, ticket=routed["ticket"])
        event = shown["timeline"][-1]
        assert event["action"] == "document_attach"
        assert event["data"]["document_id"] == doc["id"]
        assert "filename" not in event["data"]

    def test_upload_is_required_and_checked(self, people, routed, kit):
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_document_create", people.pelaksana, ticket=routed["ticket"])
        assert "upload" in kit.errors(e)
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_document_create", people.pelaksana, ticket=routed["ticket"],
                    upload=kit.upload(b"PK\x03\x04", "data.xlsx"), kind="nota")
        assert set(kit.errors(e)) == {"upload", "kind"}

    def test_failed_transaction_leaves_no_file_behind(self, people, kit):
        from ckanext.pekalongan.ppid import files

        r = kit.new_request()
        kit.act("ppid_request_withdraw", people.utama, ticket=r["ticket"], reason="x")
        before = _stored_files(files.storage_root())
        with pytest.raises(tk.ValidationError) as e:
            kit.act("ppid_document_create", people.utama, ticket=r["ticket"],
                    upload=kit.upload())
        assert "status" in kit.errors(e)
        assert _stored_files(files.storage_root()) == before

    def test_other_opd_atasan_and_citizens_cannot_attach(self, people, routed, kit):
        for user in (people.other_pelaksana, people.atasan, people.citizen, None):
            with pytest.raises(tk.NotAuthorized):
                kit.act("ppid_document_create", user, ticket=routed["ticket"],
                        upload=kit.upload())

    def test_document_of_another_request_is_not_found(self, people, routed, kit):
        other = kit.new_request()
        doc = kit.act("ppid_document_create", people.utama, ticket=other["ticket"],
                      upload=kit.upload(), released=True)
        with pytest.raises(tk.ObjectNotFound):
            kit.act("ppid_document_show", None, ticket=routed["ticket"],
                    tracking_code=routed["tracking_code"], document_id=doc["id"])


def _stored_files(root: str) -> set[str]:
    found = set()
    for base, _dirs, names in os.walk(root):
        found.update(os.path.join(base, n) for n in names)
    return found
