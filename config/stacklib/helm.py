"""helm, for the checks of the Kubernetes chart (docker/helm/pekalongan, tests/deploy/
test_helm_chart.py): built from its Go module into .cache/bin/helm when it is missing or of
another version, so a bare machine with Go gets it from `make`. Standard library only."""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from stacklib.base import CACHE, LOG, StackError, say, sh

HELM_MODULE = "helm.sh/helm/v4/cmd/helm"
HELM_VERSION = "v4.3.2"
HELM = CACHE / "bin" / "helm"
STAMP = CACHE / "bin" / "helm.module-version"


def helm_version(binary: Path | None = None) -> str | None:
    """The version a helm binary (default HELM) reports (``v4.3``), or None when it does
    not run."""
    binary = binary or HELM
    if not binary.exists():
        return None
    res = sh([str(binary), "version", "--template", "{{.Version}}"], check=False,
             capture_output=True, text=True)
    return res.stdout.strip() if res.returncode == 0 else None


def go_binary() -> str:
    found = shutil.which("go") or next(
        (p for p in ("/usr/local/go/bin/go", "/usr/lib/go/bin/go") if Path(p).exists()), None)
    if not found:
        raise StackError("building helm needs Go (`go` on PATH or /usr/local/go/bin/go)")
    return found


def installed() -> bool:
    """.cache/bin/helm runs and was built from HELM_VERSION's module. A `go install` build
    reports only major.minor (`v4.3`; the patch is stamped by helm's release builds), so
    the module version is recorded next to the binary."""
    reported = helm_version()
    return (reported is not None and HELM_VERSION.startswith(reported)
            and STAMP.exists() and STAMP.read_text().strip() == HELM_VERSION)


def install_helm() -> Path:
    """.cache/bin/helm at HELM_VERSION; built with `go install` (a few minutes, once). A
    lock keeps two `make` runs from building it at the same time."""
    if installed():
        return HELM
    HELM.parent.mkdir(parents=True, exist_ok=True)
    with (HELM.parent / "helm.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():  # the other run built it meanwhile
            return HELM
        return _build()


def _build() -> Path:
    LOG.mkdir(parents=True, exist_ok=True)
    say(f"building helm {HELM_VERSION} into {HELM} (once)")
    log = LOG / "helm-build.log"
    env = dict(os.environ, GOBIN=str(HELM.parent))
    STAMP.unlink(missing_ok=True)
    with log.open("a") as out:
        rc = sh([go_binary(), "install", f"{HELM_MODULE}@{HELM_VERSION}"], check=False,
                stdout=out, stderr=out, env=env).returncode
    reported = helm_version()
    if rc or reported is None or not HELM_VERSION.startswith(reported):
        raise StackError(f"building helm {HELM_VERSION} failed; see {log}")
    STAMP.write_text(HELM_VERSION + "\n")
    return HELM
