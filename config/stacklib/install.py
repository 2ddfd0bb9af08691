"""What `make` installs before anything runs: the Debian packages of APT_PACKAGES, the
virtualenv pinned by constraints.txt (rebuilt when a requirements file changes), the
compiled translation catalogues."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from stacklib.base import APT_PACKAGES, BIN, LOG, ROOT, VENV, StackError, say, sh, sha256_of


def install_apt() -> None:
    missing = [pkg for pkg, probe in APT_PACKAGES.items() if not Path(probe).exists()]
    if not missing:
        return
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log = LOG / "apt.log"
    with log.open("a") as out:
        if sh(apt + ["update", "-q"], check=False, stdout=out, stderr=out, env=env).returncode:
            raise StackError(f"apt-get update failed; see {log}")
        rc = sh(apt + ["install", "-y", "-q", "--no-install-recommends", *missing],
                check=False, stdout=out, stderr=out, env=env).returncode
    if rc:
        raise StackError(f"apt-get install {' '.join(missing)} failed; see {log}")


def install_venv() -> None:
    reqs = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt", ROOT / "constraints.txt",
            ROOT / "ckanext-pekalongan" / "pyproject.toml", ROOT / "harvesters" / "pyproject.toml"]
    stamp = VENV / ".pekalongan-stamp"
    want = sha256_of(*reqs)
    if stamp.exists() and stamp.read_text() == want and (BIN / "ckan").exists():
        return
    say("building the virtualenv .venv (pinned by constraints.txt)")
    log = LOG / "pip.log"
    with log.open("a") as out:
        if not (BIN / "python").exists():
            sh([sys.executable, "-m", "venv", str(VENV)], stdout=out, stderr=out)
        steps = [
            ["install", "-q", "pip==25.3"],
            ["install", "-q", "-r", "requirements.txt", "-r", "requirements-dev.txt",
             "-c", "constraints.txt"],
            ["install", "-q", "--no-deps", "-e", "ckanext-pekalongan", "-e", "harvesters"],
        ]
        for step in steps:
            if sh([str(BIN / "pip"), *step], cwd=ROOT, check=False,
                  stdout=out, stderr=out).returncode:
                raise StackError(f"pip {' '.join(step)} failed; see {log}")
    stamp.write_text(want)


def compile_translations() -> None:
    if sh([str(BIN / "python"), str(ROOT / "config" / "i18n.py"), "compile"],
          check=False).returncode:
        raise StackError("compiling the translation catalogues failed")
