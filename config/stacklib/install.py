"""What `make` installs before anything runs: the Debian packages of APT_PACKAGES, the
virtualenv pinned by constraints.txt (rebuilt when a requirements file changes), the
compiled translation catalogues."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stacklib.base import APT_PACKAGES, BIN, LOG, ROOT, VENV, StackError, say, sh, sha256_of

# the installer of the virtualenv's packages (a tool of the set-up, not of the portal: were it
# not to be had, pip installs the same pins)
UV = "uv==0.13.9"


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
    """The virtualenv .venv with requirements*.txt pinned by constraints.txt.

    The packages are installed by uv (UV, bootstrapped into the venv by pip): it resolves,
    links and compiles the same versions as pip from its own cache in about 18 s, where pip
    takes about a minute on a warm cache. Were uv not to be had, pip installs the same pins."""
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

        def run(tool: str, *args: str) -> bool:
            return sh([str(BIN / tool), *args], cwd=ROOT, check=False,
                      stdout=out, stderr=out).returncode == 0

        packages = ["-r", "requirements.txt", "-r", "requirements-dev.txt",
                    "-c", "constraints.txt"]
        ours = ["--no-deps", "-e", "ckanext-pekalongan", "-e", "harvesters"]
        if not run("pip", "install", "-q", "pip==25.3"):
            raise StackError(f"pip install pip==25.3 failed; see {log}")
        have_uv = run("pip", "install", "-q", UV)
        uv = ["pip", "install", "-q", "--python", str(BIN / "python"), "--native-tls"]
        links = os.environ.get("PIP_FIND_LINKS", "")
        if links and Path(links).is_dir():  # a local wheel directory pip is told of
            uv += ["--find-links", links]
        # --compile-bytecode: as pip does, for the environment may forbid writing .pyc at
        # run time (PYTHONDONTWRITEBYTECODE), and without them every ckan process starts
        # at twice the CPU
        if not (have_uv and run("uv", *uv, "--compile-bytecode", *packages)
                and run("uv", *uv, *ours)):
            say(f"uv could not install the packages (see {log}); pip installs them")
            for step in (packages, ours):
                if not run("pip", "install", "-q", *step):
                    raise StackError(f"pip install {' '.join(step)} failed; see {log}")
    stamp.write_text(want)


def compile_translations() -> None:
    if sh([str(BIN / "python"), str(ROOT / "config" / "i18n.py"), "compile"],
          check=False).returncode:
        raise StackError("compiling the translation catalogues failed")


def compile_bytecode() -> None:
    """Our own modules' .pyc, written once here: where the environment forbids Python to
    write them at run time (PYTHONDONTWRITEBYTECODE), every process that imports them (each
    test worker, gunicorn worker, job worker, harvest consumer) would otherwise compile them
    from source again. A .pyc older than its source is ignored, so an edit costs nothing."""
    sh([str(BIN / "python"), "-m", "compileall", "-q", "-j", "0",
        *(str(ROOT / d) for d in ("ckanext-pekalongan", "harvesters", "tests", "config"))],
       check=False, stdout=subprocess.DEVNULL)


def write_rewrite_cache() -> None:
    """pytest's own cache of the modules it rewrites (tests/pkl_rewrite_cache.py), for the
    same reason as compile_bytecode: each test worker rewrote ~450 of them. Only the tests
    need it; `prepare` writes it while the test databases are initialised."""
    sh([str(BIN / "python"), str(ROOT / "tests" / "pkl_rewrite_cache.py"), str(ROOT / "tests")],
       check=False, stdout=subprocess.DEVNULL)
