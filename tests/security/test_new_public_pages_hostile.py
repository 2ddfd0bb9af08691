"""Hostile addresses and query strings against the public pages added for the PPID circle
(DIP/DIK, the decision link, the dispute bundle, Standar Layanan, the report exports) and
Resonansi (indicator pages, share pictures, widget, oEmbed, feeds, Kabar Pembangunan): a NUL
byte, control and bidi characters, markup, huge numbers, a loopback URL, path tricks. Each
answers with a page or a 4xx, never a 500, and never echoes markup unescaped."""
from __future__ import annotations

import pytest

HOSTILE = ["%00", "a%00b", "%0d%0aSet-Cookie:x=1", "%E2%80%AE", "<script>alert(1)</script>",
           "9" * 400, "-1", "..%2F..%2Fetc%2Fpasswd", "http://127.0.0.1:5432/"]

PATHS = [
    "/ppid/dip?q={x}", "/ppid/dip?org={x}&kategori={x}&tahun={x}", "/ppid/dik?q={x}&pasal={x}",
    "/ppid/dip.xlsx?q={x}", "/ppid/dip.pdf?tahun={x}", "/ppid/dip/{x}", "/ppid/dip/{x}/dokumen",
    "/ppid/tersedia/{x}/{x}", "/ppid/surat/{x}", "/ppid/surat/{x}/pemberitahuan.pdf",
    "/ppid/surat/{x}/dokumen/{x}", "/ppid/lacak/{x}/sengketa.pdf", "/ppid/lacak/{x}/sengketa.zip",
    "/ppid/lacak/{x}/cabut", "/ppid/standar-layanan?x={x}", "/ppid/laporan?tahun={x}",
    "/ppid/register?tahun={x}&jenis={x}",
    "/capaian-pembangunan/{x}", "/capaian-pembangunan/{x}/widget",
    "/gambar/capaian/{x}/jumlah-penduduk.png", "/gambar/{x}/1200x630/{x}.png",
    "/oembed?url={x}", "/oembed?url=http://127.0.0.1/capaian-pembangunan/x&maxwidth={x}",
    "/feeds/kabar.atom?organization={x}", "/feeds/capaian.atom?x={x}", "/kabar?organization={x}",
    "/kabar?page={x}", "/kabar/{x}", "/en/ppid/dip?q={x}",
]


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.rate_limit", "0")
@pytest.mark.ckan_config("ckanext.pekalongan.ppid.track_rate_limit", "0")
def test_hostile_addresses_never_answer_500(app):
    failures = []
    for path in PATHS:
        for value in HOSTILE:
            url = path.format(x=value)
            res = app.get(url, status=None)
            status = res.status_code
            textual = any(t in (res.content_type or "") for t in ("html", "xml", "json"))
            body = res.get_data().decode("utf-8", "replace") if textual else ""
            if status >= 500:
                failures.append((url, status))
            elif "<script>alert(1)</script>" in body:
                failures.append((url, "markup echoed"))
    assert not failures, failures
