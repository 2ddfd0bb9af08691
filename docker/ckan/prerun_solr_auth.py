"""Make the base image's prerun.py log in to Solr.

ckan/ckan-base's /srv/app/prerun.py checks Solr with a plain ``urlopen(search_url)``; our
Solr answers 401 to anything without credentials (docker/solr/solr-auth.sh), so the check
would fail five times and prerun would exit before creating the sysadmin. Run at image
build time (docker/Dockerfile):

    python3 prerun_solr_auth.py /srv/app/prerun.py

The Solr check then sends HTTP Basic credentials from CKAN_SOLR_USER/CKAN_SOLR_PASSWORD
(the variables CKAN itself reads as solr_user/solr_password). A prerun.py that already
reads CKAN_SOLR_USER is left alone; one whose Solr check is not recognised fails the build.
"""
from __future__ import annotations

import sys
from pathlib import Path

HELPER = '''

def _pekalongan_solr_request(url):
    """The Solr check's request, with the login Solr requires (CKAN_SOLR_USER/PASSWORD)."""
    import base64
    from urllib.request import Request

    request = Request(url)
    user = os.environ.get("CKAN_SOLR_USER", "")
    if user:
        token = "%s:%s" % (user, os.environ.get("CKAN_SOLR_PASSWORD", ""))
        request.add_header(
            "Authorization", "Basic " + base64.b64encode(token.encode()).decode("ascii"))
    return request

'''


def patch(text: str) -> str:
    if "CKAN_SOLR_USER" in text:
        return text
    start = text.find("def check_solr_connection(")
    end = text.find("\ndef ", start + 1)
    if start < 0 or end < 0 or "urlopen(search_url)" not in text[start:end]:
        raise SystemExit("prerun_solr_auth: the Solr check of prerun.py is not recognised")
    body = text[start:end].replace("urlopen(search_url)",
                                   "urlopen(_pekalongan_solr_request(search_url))")
    return text[:start] + HELPER.lstrip("\n") + "\n" + body + text[end:]


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(patch(path.read_text()))
    print(f"prerun_solr_auth: {path} logs in to Solr")
