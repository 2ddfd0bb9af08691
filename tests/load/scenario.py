"""What the simulated citizens of the load test do (tests/load/locustfile.py), without locust:
the pages they read, the forms they fill in, the address each citizen comes from. The quick
check tests/load/test_scenario.py walks every path here against a live site. Standard
library only."""
from __future__ import annotations

import json
import random
import re
import urllib.parse
import urllib.request
import uuid

# what citizens search for (the demo catalogue's themes)
SEARCH_TERMS = ["penduduk", "kesehatan", "sekolah", "jalan", "kemiskinan", "pertanian",
                "angka kelahiran", "puskesmas", "batik", "air bersih"]

CSRF = re.compile(r'name="_csrf_token"\s+value="([^"]+)"|'
                  r'<meta name="_csrf_token" content="([^"]+)"')
FORM_ID = re.compile(r'name="form_id" value="([^"]+)"')
TRACKING_CODE = 'data-testid="tracking-code"'

PPID_FORM = "/ppid/permohonan/baru"
SUARA_FORM = "/suara/lapor"
HOME = "/"


def csrf_token(html: str) -> str | None:
    match = CSRF.search(html)
    return (match.group(1) or match.group(2)) if match else None


def form_id(html: str) -> str | None:
    match = FORM_ID.search(html)
    return match.group(1) if match else None


def citizen_address(rng: random.Random | None = None) -> str:
    """A citizen's address (10.0.0.0/8) for X-Forwarded-For. The load generator plays a
    trusted balancer in front of nginx: every simulated citizen has its own address, as
    real citizens do, so the per-address filing limits apply to each one."""
    rng = rng or random
    n = rng.randrange(1, 2**24 - 1)
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def search_path(rng: random.Random | None = None) -> str:
    term = (rng or random).choice(SEARCH_TERMS)
    return "/dataset/?" + urllib.parse.urlencode({"q": term})


def discover(base: str, rows: int = 100, timeout: float = 30) -> dict[str, list[str]]:
    """The catalogue to read, from the site's API: dataset pages and the download paths of
    uploaded resources. ``{"datasets": [...], "downloads": [...]}``."""
    url = f"{base}/api/3/action/package_search?" + urllib.parse.urlencode(
        {"rows": rows, "fq": "dataset_type:dataset"})
    with urllib.request.urlopen(url, timeout=timeout) as response:
        results = json.load(response)["result"]["results"]
    datasets, downloads = [], []
    for pkg in results:
        datasets.append(f"/dataset/{pkg['name']}")
        for res in pkg.get("resources", []):
            if res.get("url_type") == "upload" and res.get("url"):
                filename = res["url"].rsplit("/", 1)[-1]
                downloads.append(
                    f"/dataset/{pkg['id']}/resource/{res['id']}/download/{filename}")
    return {"datasets": datasets, "downloads": downloads}


def ppid_request(token: str) -> dict:
    """A citizen's information request as the web form posts it (no honeypot)."""
    return {
        "_csrf_token": token,
        "requester_type": "person",
        "name": "Warga Uji Beban",
        "nik": "3326011203900001",
        "address": "Jl. Merdeka No. 7, Kajen",
        "phone": "081234567890",
        "email": "uji.beban@mail.example",
        "information": ("Uji beban: daftar penerima bantuan sosial tahun 2025 "
                        f"({uuid.uuid4().hex[:8]})"),
        "purpose": "Uji beban portal",
        "how_to_obtain": ["salinan_softcopy"],
        "how_to_receive": "email",
        "website": "",
    }


def suara_report(token: str, the_form_id: str) -> dict:
    """A citizen's complaint as the Suara form posts it (its one-time form id)."""
    return {
        "_csrf_token": token,
        "form_id": the_form_id,
        "kind": "pengaduan",
        "text": ("Uji beban: jalan rusak berlubang di Desa Wangandowo, Kecamatan Bojong "
                 f"({uuid.uuid4().hex[:8]})."),
        "topic": "pekerjaan_umum",
        "kecamatan": "33.26.11",
        "desa": "Wangandowo",
        "privacy": "public",
        "name": "Warga Uji Beban",
        "phone": "081234567891",
        "email": "uji.beban@mail.example",
        "website": "",
    }
