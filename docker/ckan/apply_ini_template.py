"""Copy the project's CKAN settings from config/ckan.ini.in into the image's ckan.ini.

Run at image build time (see docker/Dockerfile):

    python3 apply_ini_template.py config/ckan.ini.in "$CKAN_INI"

config/ckan.ini.in is the one place where the portal's CKAN settings live (`make` renders it
for development and tests). Production starts from the ckan.ini that the official
ckan/ckan-base image generated and takes from the template every `[app:main]` setting that
does not depend on the environment, so production and development cannot drift apart:

* settings whose value holds an ``@NAME@`` placeholder (URLs, secrets, site id, plugins...)
  and lines that are only a placeholder are skipped: in containers these settings come
  from environment variables (docker/compose.yaml);
* ``ckan.plugins`` is skipped: the image sets it from ``CKAN__PLUGINS``;
* ``ckan.harvest.mq.*`` is skipped: the template points the harvest queues at a local
  Redis; in containers they use ``ckan.redis.url`` (``CKAN_REDIS_URL``).

The file is edited with ``ckan config-tool`` (CKAN's own ini editor), and the empty
``SESSION_COOKIE_DOMAIN =`` line that ``ckan generate config`` writes is removed (it breaks
scripted logins). The file is rewritten in place, so its owner and mode are kept.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import tempfile

PLACEHOLDER = re.compile(r"@[A-Z][A-Z0-9_]*@")
PLACEHOLDER_LINE = re.compile(r"^\s*@[A-Z][A-Z0-9_]*@\s*$")
SKIPPED_KEYS = {"ckan.plugins"}
SKIPPED_PREFIXES = ("ckan.harvest.mq.",)
EMPTY_COOKIE_DOMAIN = re.compile(r"^\s*SESSION_COOKIE_DOMAIN\s*=\s*$")


def template_settings(template_text: str) -> dict[str, str]:
    """The ``[app:main]`` settings of the template that production takes as they are."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keep upper-case keys such as WTF_CSRF_SECRET_KEY
    # a line that is only a placeholder stands for whole settings (or none): skip it
    lines = template_text.splitlines(keepends=True)
    parser.read_string("".join(line for line in lines if not PLACEHOLDER_LINE.match(line)))
    settings = {}
    for key, value in parser.items("app:main", raw=True):
        if key in parser.defaults():
            continue  # [DEFAULT] values leak into every section; the base ini has its own
        if PLACEHOLDER.search(value) or key in SKIPPED_KEYS:
            continue
        if key.startswith(SKIPPED_PREFIXES):
            continue
        settings[key] = value
    return settings


def drop_empty_cookie_domain(ini_text: str) -> str:
    lines = ini_text.splitlines(keepends=True)
    return "".join(line for line in lines if not EMPTY_COOKIE_DOMAIN.match(line))


def main(template_path: str, ini_path: str) -> None:
    with open(template_path, encoding="utf-8") as f:
        settings = template_settings(f.read())

    with tempfile.NamedTemporaryFile("w", suffix=".ini", encoding="utf-8") as merge:
        merge.write("[app:main]\n")
        for key, value in settings.items():
            merge.write(f"{key} = {value}\n")
        merge.flush()
        subprocess.run(["ckan", "config-tool", ini_path, "-f", merge.name], check=True)

    with open(ini_path, encoding="utf-8") as f:
        text = f.read()
    with open(ini_path, "w", encoding="utf-8") as f:  # in place: owner and mode stay
        f.write(drop_empty_cookie_domain(text))

    print(f"Applied {len(settings)} settings from {template_path} to {ini_path}:")
    for key in settings:
        print(f"  {key}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} TEMPLATE INI")
    main(sys.argv[1], sys.argv[2])
