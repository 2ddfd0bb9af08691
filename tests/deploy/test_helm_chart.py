"""The Kubernetes chart docker/helm/pekalongan, without a cluster: `helm lint` and
`helm template` (helm built into .cache/bin by config/stacklib/helm.py, as `make` does) with
the default values and the example value sets, every rendered manifest validated —
Kubernetes kinds with kubernetes-validate's strict schemas, the operators' custom resources
(SolrCloud, CloudNativePG Cluster/Database/ScheduledBackup) with the schemas of
tests/pkl_crds.py — and the properties the deployment relies on: the HPA scales the web
Deployment, probes hit /healthz, no Secret carries a literal value, the images are the ones
docker/ builds, nothing runs as root, every process of docker/compose.yaml and every task of
config/scheduler.py has its workload, the database roles keep the audit trail sealed."""
from __future__ import annotations

import ast
import base64
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml
from kubernetes_validate import utils as kv_utils
from pkl_crds import CRD_SCHEMAS
from pkl_docker import DOCKER, REPO, read_env_file
from referencing import Registry, Resource

sys.path.insert(0, str(REPO / "config"))
from stacklib.helm import HELM_VERSION, install_helm  # noqa: E402
from stacklib.postgres import SERVER_SETTINGS  # noqa: E402

CHART = DOCKER / "helm" / "pekalongan"
EXAMPLES = CHART / "examples"
KUBE_VERSION = "1.37.0"
RELEASE = "portal"
NAMESPACE = "portal"
FULLNAME = "portal-pekalongan"

VALUE_SETS = {
    "default": [],
    "scaled-s3": [EXAMPLES / "scaled-s3.yaml"],
    "restore": [EXAMPLES / "restore.yaml"],
}

POD_KINDS = {"Deployment", "StatefulSet", "Job", "CronJob", "DaemonSet"}


# --------------------------------------------------------------------------------------
# helm
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def helm() -> Path:
    binary = install_helm()
    out = subprocess.run([str(binary), "version", "--template", "{{.Version}}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out.startswith("v4.") and HELM_VERSION.startswith(out), out
    return binary


def test_helm_is_rebuilt_when_its_stamp_names_another_version(helm, tmp_path, monkeypatch):
    from stacklib import helm as helm_module

    stamp = tmp_path / "helm.module-version"
    monkeypatch.setattr(helm_module, "STAMP", stamp)
    assert not helm_module.installed()  # no stamp: built by something else
    stamp.write_text("v4.2.0\n")
    assert not helm_module.installed()
    stamp.write_text(HELM_VERSION + "\n")
    assert helm_module.installed()
    monkeypatch.setattr(helm_module, "HELM", tmp_path / "missing-helm")
    assert not helm_module.installed()


def run_helm(helm: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    res = subprocess.run([str(helm), *args], capture_output=True, text=True, timeout=120)
    if check:
        assert res.returncode == 0, f"helm {' '.join(args)}:\n{res.stdout}\n{res.stderr}"
    return res


def template(helm: Path, files: list[Path], *sets: str, check: bool = True):
    args = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE,
            "--kube-version", KUBE_VERSION]
    for f in files:
        args += ["-f", str(f)]
    for s in sets:
        args += ["--set", s]
    return run_helm(helm, *args, check=check)


def documents(text: str) -> list[dict]:
    docs = [d for d in yaml.safe_load_all(text) if d]
    for d in docs:
        assert isinstance(d, dict) and d.get("kind") and d.get("apiVersion"), d
    return docs


_rendered: dict[str, list[dict]] = {}


@pytest.fixture(params=sorted(VALUE_SETS))
def rendered(request, helm) -> tuple[str, list[dict]]:
    name = request.param
    if name not in _rendered:
        _rendered[name] = documents(template(helm, VALUE_SETS[name]).stdout)
    return name, _rendered[name]


def values_of(name: str) -> dict:
    """The values of a set as helm merges them (maps deep-merged, the rest replaced)."""
    def merge(base, over):
        if isinstance(base, dict) and isinstance(over, dict):
            out = dict(base)
            for key, value in over.items():
                out[key] = merge(base.get(key), value)
            return out
        return over
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    for f in VALUE_SETS[name]:
        values = merge(values, yaml.safe_load(f.read_text()))
    return values


def find(docs: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [d for d in docs if d["kind"] == kind
            and (name is None or d["metadata"]["name"] == name)]


def one(docs: list[dict], kind: str, name: str) -> dict:
    found = find(docs, kind, name)
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def pod_spec(doc: dict) -> dict:
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return doc["spec"]["template"]["spec"]


def containers(spec: dict) -> Iterator[dict]:
    yield from spec.get("initContainers", [])
    yield from spec.get("containers", [])


def all_pods(docs: list[dict]) -> Iterator[tuple[str, dict]]:
    for d in docs:
        if d["kind"] in POD_KINDS:
            yield f"{d['kind']}/{d['metadata']['name']}", pod_spec(d)


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


# --------------------------------------------------------------------------------------
# helm lint, and the schemas
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_helm_lint_is_clean(helm, name):
    args = ["lint", str(CHART), "--strict", "--kube-version", KUBE_VERSION]
    for f in VALUE_SETS[name]:
        args += ["-f", str(f)]
    out = run_helm(helm, *args).stdout
    assert "0 chart(s) failed" in out, out


def _crd_validator(schema: dict) -> jsonschema.Draft202012Validator:
    defs_path = (f"kubernetes-json-schema/v{KUBE_VERSION}-local-strict/_definitions.json")
    defs = kv_utils.schema_contents(defs_path, KUBE_VERSION)
    registry = Resource.from_contents(defs) @ Registry()
    return jsonschema.Draft202012Validator(schema, registry=registry)


def validate(doc: dict) -> str:
    """'k8s' or 'crd' by what validated it; raises on any violation or an unknown kind."""
    key = (doc["apiVersion"], doc["kind"])
    if key in CRD_SCHEMAS:
        _crd_validator(CRD_SCHEMAS[key]).validate(doc)
        return "crd"
    kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
    return "k8s"


def test_every_manifest_validates_against_its_schema(rendered):
    name, docs = rendered
    by = {"k8s": 0, "crd": 0}
    for doc in docs:
        label = f"{name}: {doc['kind']}/{doc['metadata']['name']}"
        try:
            by[validate(doc)] += 1
        except kv_utils.SchemaNotFoundError as exc:
            pytest.fail(f"{label}: no schema ({exc.message})")
        except jsonschema.ValidationError as exc:
            path = ".".join(str(p) for p in exc.absolute_path)
            pytest.fail(f"{label}: {path}: {exc.message}")
    assert by["k8s"] >= 10 and by["crd"] >= 2, by
    # names are unique per kind
    keys = [(d["kind"], d["metadata"]["name"]) for d in docs]
    assert len(keys) == len(set(keys))


def test_the_validation_does_fail_on_broken_manifests(helm):
    docs = documents(template(helm, []).stdout)
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    broken = yaml.safe_load(yaml.safe_dump(web))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProb"] = {}
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    cluster = yaml.safe_load(yaml.safe_dump(one(docs, "Cluster", f"{FULLNAME}-pg")))
    cluster["spec"]["managed"]["roles"][0]["passwordSecrets"] = {"name": "x"}
    with pytest.raises(jsonschema.ValidationError):
        validate(cluster)
    solr = yaml.safe_load(yaml.safe_dump(one(docs, "SolrCloud", FULLNAME)))
    solr["spec"]["customSolrKubeOptions"]["podOptions"]["initContainers"][0]["imagee"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        validate(solr)
    unknown = {"apiVersion": "example.org/v1", "kind": "Widget", "metadata": {"name": "w"}}
    with pytest.raises(kv_utils.SchemaNotFoundError):
        validate(unknown)


def test_bad_values_are_refused(helm):
    res = template(helm, [], "storage.type=ftp", check=False)
    assert res.returncode != 0 and "storage.type must be pvc or s3" in res.stderr
    res = template(helm, [], "redis.enabled=false", check=False)
    assert res.returncode != 0 and "redis.external.url" in res.stderr
    res = template(helm, [], "postgresql.backup.enabled=true", check=False)
    assert res.returncode != 0 and "destinationPath" in res.stderr


# --------------------------------------------------------------------------------------
# web: HPA, probes, gunicorn
# --------------------------------------------------------------------------------------


def test_the_hpa_scales_the_web_deployment(rendered):
    name, docs = rendered
    values = values_of(name)
    hpa = one(docs, "HorizontalPodAutoscaler", f"{FULLNAME}-web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    web = one(docs, target["kind"], target["name"])
    assert target["apiVersion"] == web["apiVersion"] == "apps/v1"
    assert "gunicorn" in web["spec"]["template"]["spec"]["containers"][0]["command"]
    # the HPA owns the replica count
    assert "replicas" not in web["spec"]
    scaling = values["web"]["autoscaling"]
    assert hpa["spec"]["minReplicas"] == scaling["minReplicas"] >= 2
    assert hpa["spec"]["maxReplicas"] == scaling["maxReplicas"] > scaling["minReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["averageUtilization"] == \
        scaling["targetCPUUtilizationPercentage"]
    # the web container has a CPU request, without which the HPA cannot compute utilisation
    assert web["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]
    pdb = one(docs, "PodDisruptionBudget", f"{FULLNAME}-web")
    assert pdb["spec"]["selector"]["matchLabels"] == web["spec"]["selector"]["matchLabels"]


def test_without_autoscaling_the_deployment_has_its_replicas(helm):
    docs = documents(template(helm, [], "web.autoscaling.enabled=false",
                              "web.replicas=3").stdout)
    assert not find(docs, "HorizontalPodAutoscaler")
    assert one(docs, "Deployment", f"{FULLNAME}-web")["spec"]["replicas"] == 3


def test_web_probes_hit_healthz_on_the_gunicorn_port(rendered):
    _, docs = rendered
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    container = web["spec"]["template"]["spec"]["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    command = container["command"]
    bind = command[command.index("--bind") + 1]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/healthz", probe
        port = ports[get["port"]] if isinstance(get["port"], str) else get["port"]
        assert bind == f"0.0.0.0:{port}", (probe, bind)
    # liveness is slower to give up than readiness (a lost dependency is not cured by a
    # restart); readiness reacts within seconds
    ready, live = container["readinessProbe"], container["livenessProbe"]
    assert live["periodSeconds"] * live["failureThreshold"] > \
        ready["periodSeconds"] * ready["failureThreshold"]
    service = one(docs, "Service", f"{FULLNAME}-web")
    assert service["spec"]["selector"] == web["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["targetPort"] in ports
    ingress = one(docs, "Ingress", FULLNAME)
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]


def test_gunicorn_serves_the_images_wsgi_and_counts_all_workers(rendered):
    _, docs = rendered
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    container = web["spec"]["template"]["spec"]["containers"][0]
    cmd = container["command"]
    assert cmd[0] == "gunicorn" and "wsgi:application" in cmd
    assert cmd[cmd.index("--chdir") + 1] == "/srv/app"  # CKAN's wsgi.py in the base image
    # the access log carries the path, never the query string (config/stack.py's format)
    fmt = cmd[cmd.index("--access-logformat") + 1]
    assert "%(U)s" in fmt and "%(r)s" not in fmt and "%(q)s" not in fmt
    stack_fmt = re.search(r"ACCESS_LOG_FORMAT = '([^']*)'",
                          (REPO / "config" / "stack.py").read_text()).group(1)
    assert fmt == stack_fmt
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert env_of(container)["PROMETHEUS_MULTIPROC_DIR"]["value"] in mounts


# --------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------


def test_no_secret_carries_a_literal_value(helm):
    """Every value of every rendered Secret is generated: two renders give different values
    (a literal from the chart or the values would be the same both times)."""
    first = documents(template(helm, []).stdout)
    second = documents(template(helm, []).stdout)
    secrets = {d["metadata"]["name"]: d for d in find(first, "Secret")}
    again = {d["metadata"]["name"]: d for d in find(second, "Secret")}
    assert set(secrets) == set(again) and len(secrets) >= 4
    for name, secret in secrets.items():
        assert "stringData" not in secret, name
        assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep", name
        for key, value in secret["data"].items():
            if key == "username":
                continue
            assert value != again[name]["data"][key], f"{name}/{key} is not generated"
            assert len(base64.b64decode(value)) >= 24, f"{name}/{key} is short"
    # the Fernet key of the personal data: 32 bytes in URL-safe base64
    fernet = base64.b64decode(secrets[f"{FULLNAME}-app"]["data"]["personal-data-keys"])
    assert len(base64.urlsafe_b64decode(fernet)) == 32
    jwt = base64.b64decode(secrets[f"{FULLNAME}-app"]["data"]["jwt-secret"]).decode()
    assert jwt.startswith("string:")


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_values_hold_no_secret(name):
    """The values files name Secrets, never hold a password, key or token."""
    secret_word = re.compile(r"(password|passwd|secret_?key|token|api_?key|access_?key)$", re.I)

    def walk(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if secret_word.search(str(k)):
                    assert v in ("", None), f"{path}.{k} holds a value"
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")
    walk(values_of(name))


def test_credentials_reach_containers_only_through_secret_refs(rendered):
    name, docs = rendered
    rendered_secrets = {d["metadata"]["name"] for d in find(docs, "Secret")}
    values = values_of(name)
    existing = {v for v in _existing_secret_names(values) if v}
    operator_made = {f"{FULLNAME}-pg-superuser"}  # CloudNativePG, enableSuperuserAccess
    for label, spec in all_pods(docs):
        for c in containers(spec):
            defined: list[str] = []
            for e in c.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] in rendered_secrets | existing | operator_made, \
                        f"{label}/{c['name']}: {e['name']} from unknown Secret {ref['name']}"
                value = e.get("value", "")
                # a URL with a password takes it from a $(VAR) of a secretKeyRef
                m = re.search(r"://[^/:@]+:([^@]*)@", value)
                if m:
                    var = re.fullmatch(r"\$\(([A-Z0-9_]+)\)", m.group(1))
                    assert var, f"{label}/{c['name']}: {e['name']} has a literal password"
                # $(VAR) only works for variables defined before it in the same list
                for ref_name in re.findall(r"\$\(([A-Za-z0-9_]+)\)", value):
                    assert ref_name in defined, \
                        f"{label}/{c['name']}: {e['name']} uses $({ref_name}) before it is set"
                defined.append(e["name"])


def _existing_secret_names(values: dict) -> Iterator[str]:
    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str) and (k.lower().endswith("secret")
                                           or k.lower().endswith("secretname")):
                    yield v
                elif k == "existingSecrets" and isinstance(v, dict):
                    yield from (s for s in v.values() if isinstance(s, str))
                else:
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
    yield from walk(values)


# --------------------------------------------------------------------------------------
# Images and security contexts
# --------------------------------------------------------------------------------------


def _repo_and_tag(image: str) -> tuple[str, str]:
    repo, _, tag = image.rpartition(":")
    return (repo, tag) if repo and "/" not in tag else (image, "latest")


def _all_images(docs: list[dict]) -> Iterator[tuple[str, str]]:
    for label, spec in all_pods(docs):
        for c in containers(spec):
            yield f"{label}/{c['name']}", c["image"]
    for solr in find(docs, "SolrCloud"):
        options = solr["spec"]["customSolrKubeOptions"]["podOptions"]
        for c in options.get("initContainers", []):
            yield f"SolrCloud/{c['name']}", c["image"]


def test_images_are_the_ones_docker_builds(rendered):
    name, docs = rendered
    values = values_of(name)
    env = read_env_file(DOCKER / ".env.example")
    built = {}
    for key, var in (("ckan", "CKAN_IMAGE"), ("solr", "SOLR_IMAGE"), ("smsd", "SMSD_IMAGE")):
        compose_repo = _repo_and_tag(env[var])[0]
        chart_repo = values["images"][key]["repository"]
        # the default is docker/compose's image name; a registry may be put in front
        assert chart_repo == compose_repo or chart_repo.endswith("/" + compose_repo), key
        built[key] = f"{chart_repo}:{values['images'][key]['tag']}"
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]
    pg_major = compose["db"]["image"].split(":")[1].split(".")[0]
    allowed = {
        # backing services, as docker/compose.yaml runs them
        f"{values['redis']['image']['repository']}:{values['redis']['image']['tag']}":
            compose["redis"]["image"],
        values["postgresql"]["imageName"]: f"postgresql:{pg_major}",
    }
    assert compose["redis"]["image"] == "redis:" + str(values["redis"]["image"]["tag"])
    assert values["postgresql"]["imageName"].endswith(f"/postgresql:{pg_major}")
    for label, image in _all_images(docs):
        assert image in set(built.values()) | set(allowed), f"{label}: {image}"
    ckan_workloads = [c for _, spec in all_pods(docs) for c in containers(spec)
                      if c["image"] == built["ckan"]]
    assert len(ckan_workloads) >= 6
    # the Solr nodes: the official Solr image at the version the suite runs
    solr_version = re.search(r"<solr.version>([0-9.]+)</solr.version>",
                             (REPO / "config" / "solr" / "pom.xml").read_text())
    cloud = one(docs, "SolrCloud", FULLNAME)["spec"]["solrImage"]
    assert cloud["repository"] == "solr"
    assert solr_version and cloud["tag"] == solr_version.group(1)


def test_every_container_runs_as_non_root(rendered):
    _, docs = rendered
    ckan_user = 503  # the ckan user of ckan/ckan-base
    for label, spec in all_pods(docs):
        pod = spec.get("securityContext", {})
        assert spec.get("automountServiceAccountToken") is False, label
        for c in containers(spec):
            sc = c.get("securityContext", {})
            where = f"{label}/{c['name']}"
            assert sc.get("runAsNonRoot", pod.get("runAsNonRoot")) is True, where
            uid = sc.get("runAsUser", pod.get("runAsUser"))
            # a numeric uid: runAsNonRoot cannot check the images' named USER otherwise
            assert isinstance(uid, int) and uid > 0, where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("privileged", False) is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert sc.get("readOnlyRootFilesystem") is True, where
            if c["image"].split(":")[0].endswith("/ckan") or "pekalongan/ckan" in c["image"]:
                assert uid == ckan_user, where
                mounts = {m["mountPath"] for m in c["volumeMounts"]}
                assert {"/tmp", "/var/lib/ckan"} <= mounts, where
    for solr in find(docs, "SolrCloud"):
        options = solr["spec"]["customSolrKubeOptions"]["podOptions"]
        assert options["podSecurityContext"]["runAsNonRoot"] is True
        assert options["podSecurityContext"]["runAsUser"] > 0
        assert options["containerSecurityContext"]["allowPrivilegeEscalation"] is False
        for c in options["initContainers"]:
            assert c["securityContext"]["runAsNonRoot"] is True
            assert c["securityContext"]["runAsUser"] > 0


# --------------------------------------------------------------------------------------
# The processes of docker/compose.yaml and the tasks of config/scheduler.py
# --------------------------------------------------------------------------------------


def test_every_compose_process_has_a_workload(helm):
    docs = documents(template(helm, [EXAMPLES / "scaled-s3.yaml"]).stdout)
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]
    deployments = {d["metadata"]["name"]: d for d in find(docs, "Deployment")}
    for service in ("worker", "harvest-gather", "harvest-fetch", "sms-worker"):
        command = compose[service]["command"]
        matches = [n for n, d in deployments.items()
                   if pod_spec(d)["containers"][0].get("command") == command]
        assert matches, f"{service}: no Deployment runs {command}"
    assert f"{FULLNAME}-smsd" in deployments
    # the replicas of the example reach the Deployments
    assert deployments[f"{FULLNAME}-harvest-fetch"]["spec"]["replicas"] == 4
    assert deployments[f"{FULLNAME}-jobs"]["spec"]["replicas"] == 2
    # the scheduler is not a Deployment (CronJobs instead)
    assert not any("scheduler.py" in " ".join(pod_spec(d)["containers"][0].get("command", []))
                   for d in deployments.values())


def _scheduler_commands() -> list[str]:
    """`ckan ...` commands config/scheduler.py runs: run(ini, "ppid", "sweep") -> ppid sweep."""
    tree = ast.parse((REPO / "config" / "scheduler.py").read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "run":
            args = [a.value for a in node.args[1:] if isinstance(a, ast.Constant)]
            if len(args) == len(node.args) - 1:
                found.append(" ".join(args))
    return found


@pytest.mark.parametrize("name", ["default", "scaled-s3"])
def test_every_scheduler_task_runs_as_a_cronjob(helm, name):
    docs = _rendered.get(name) or documents(template(helm, VALUE_SETS[name]).stdout)
    sms = values_of(name)["sms"]["enabled"]
    cronjobs = find(docs, "CronJob")
    scripts = {c["metadata"]["name"]: pod_spec(c)["containers"][0]["command"][-1]
               for c in cronjobs}
    commands = _scheduler_commands()
    assert "harvester run" in commands and "ppid sweep" in commands and len(commands) >= 6
    everything = "\n".join(scripts.values())
    for command in commands:
        if command.startswith("suara sms") and not sms:
            assert f"ckan {command}" not in everything
            continue
        assert f"ckan {command}" in everything, command
    for c in cronjobs:
        assert c["spec"]["timeZone"] == "Asia/Jakarta"
        assert c["spec"]["concurrencyPolicy"] == "Forbid"
    daily = scripts[f"{FULLNAME}-daily"]
    # the rest of the daily round runs only after a successful sweep (config/scheduler.py)
    assert daily.index("ckan ppid sweep || exit 1") < daily.index("ckan ppid purge-personal")
    harvest = one(docs, "CronJob", f"{FULLNAME}-harvest-run")
    assert harvest["spec"]["schedule"] == "*/5 * * * *"  # HARVEST_INTERVAL 300 s


def test_the_daily_script_is_valid_shell(helm):
    docs = _rendered.get("default") or documents(template(helm, []).stdout)
    for c in find(docs, "CronJob"):
        script = pod_spec(c)["containers"][0]["command"][-1]
        assert subprocess.run(["sh", "-n", "-c", script]).returncode == 0, script


# --------------------------------------------------------------------------------------
# PostgreSQL, Solr, Redis, storage
# --------------------------------------------------------------------------------------


def test_postgres_cluster_has_the_portals_databases_and_roles(rendered):
    name, docs = rendered
    values = values_of(name)["postgresql"]
    cluster = one(docs, "Cluster", f"{FULLNAME}-pg")["spec"]
    boot = cluster["bootstrap"].get("initdb") or cluster["bootstrap"]["recovery"]
    assert (boot["database"], boot["owner"]) == ("ckan", "ckan")
    roles = {r["name"]: r for r in cluster["managed"]["roles"]}
    ro = roles["datastore_ro"]
    assert ro["login"] is True and not ro["superuser"] and ro["passwordSecret"]["name"]
    audit = roles["pekalongan_audit"]
    # nobody logs in as the audit trail's owner; it is a member of the web role (so it can
    # take over the tables the web role creates), never the other way round
    assert audit["login"] is False and audit["inRoles"] == ["ckan"]
    assert "ckan" not in roles  # the web role comes from bootstrap, never superuser
    datastore = [d["spec"] for d in find(docs, "Database")
                 if d["spec"]["name"] == "datastore"]
    assert datastore == [{**datastore[0], "owner": "ckan",
                          "cluster": {"name": f"{FULLNAME}-pg"}}]
    # no Database resource for the catalogue: the operator would give its ownership back
    # to the web role, which must not own it (files/audit_owner.sql)
    assert not [d for d in find(docs, "Database") if d["spec"]["name"] == "ckan"]
    assert cluster["instances"] == values["instances"] >= 2
    # the server settings config/stack.py starts its own cluster with (JIT off)
    assert SERVER_SETTINGS.items() <= cluster["postgresql"]["parameters"].items()


def test_setup_job_applies_the_audit_owner_sql_of_the_extension(rendered):
    _, docs = rendered
    source = REPO / "ckanext-pekalongan/ckanext/pekalongan/migration/ppid/audit_owner.sql"
    assert (CHART / "files" / "audit_owner.sql").read_text() == source.read_text(), \
        "files/audit_owner.sql differs from the extension's: copy it again"
    config = one(docs, "ConfigMap", f"{FULLNAME}-setup")["data"]
    assert config["audit_owner.sql"].strip() == source.read_text().strip()
    assert "-f /setup/audit_owner.sql" in config["db-roles.sh"]
    assert 'web_role="$CKAN_ROLE"' in config["db-roles.sh"]
    (job,) = [d for d in find(docs, "Job") if d["metadata"]["name"].startswith(
        f"{FULLNAME}-setup-r")]
    spec = pod_spec(job)
    steps = [c["name"] for c in containers(spec)]
    assert steps == ["db-roles", "migrate", "datastore-permissions"]
    roles_env = env_of(spec["initContainers"][0])
    assert roles_env["CKAN_ROLE"]["value"] == "ckan"
    assert roles_env["PGPASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == \
        f"{FULLNAME}-pg-superuser"
    # the web pods never get the superuser
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    for c in containers(pod_spec(web)):
        refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", [])
                if "secretKeyRef" in e.get("valueFrom", {})}
        assert f"{FULLNAME}-pg-superuser" not in refs
    migrate = spec["initContainers"][1]["command"][-1]
    assert "ckan db upgrade" in migrate and "datastore set-permissions" in migrate


def test_db_roles_script_is_valid_shell():
    for script in ("db-roles.sh", "solr-setup.sh"):
        res = subprocess.run(["sh", "-n", str(CHART / "files" / script)])
        assert res.returncode == 0, script


def test_backups_archive_wal_and_recovery_bootstraps_from_them(helm):
    docs = documents(template(helm, [EXAMPLES / "scaled-s3.yaml"]).stdout)
    cluster = one(docs, "Cluster", f"{FULLNAME}-pg")["spec"]
    store = cluster["backup"]["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://") and store["wal"]["compression"]
    assert store["s3Credentials"]["accessKeyId"]["name"] == "portal-pg-backup"
    backup = one(docs, "ScheduledBackup", f"{FULLNAME}-pg-daily")["spec"]
    assert backup["cluster"]["name"] == f"{FULLNAME}-pg" and backup["immediate"] is True
    restored = documents(template(helm, [EXAMPLES / "restore.yaml"]).stdout)
    spec = one(restored, "Cluster", f"{FULLNAME}-pg")["spec"]
    recovery = spec["bootstrap"]["recovery"]
    (origin,) = spec["externalClusters"]
    assert recovery["source"] == origin["name"]
    assert recovery["recoveryTarget"]["targetTime"] == "2026-12-06 09:59:00+07"
    # the new cluster archives somewhere else than the one it restores from
    assert origin["barmanObjectStore"]["destinationPath"] != \
        spec["backup"]["barmanObjectStore"]["destinationPath"]
    # and uses the old release's Secrets (the personal data keys above all)
    assert not [d for d in find(restored, "Secret") if d["metadata"]["name"].endswith("-app")]
    default = documents(template(helm, []).stdout)
    assert "backup" not in one(default, "Cluster", f"{FULLNAME}-pg")["spec"]
    assert not find(default, "ScheduledBackup")


def test_solrcloud_runs_replicated_with_our_configset_and_login(rendered):
    name, docs = rendered
    values = values_of(name)["solr"]
    solr = one(docs, "SolrCloud", FULLNAME)["spec"]
    assert solr["replicas"] == values["replicas"] >= 2
    assert solr["solrSecurity"] == {"authenticationType": "Basic",
                                    "basicAuthSecret": f"{FULLNAME}-solr-auth"
                                    if not values["auth"]["existingSecret"]
                                    else values["auth"]["existingSecret"],
                                    "probesRequireAuth": True}
    (init,) = solr["customSolrKubeOptions"]["podOptions"]["initContainers"]
    script = init["command"][-1]
    # docker/solr's own security.json writer, then into ZooKeeper before Solr starts
    assert "/opt/pekalongan/solr-auth.sh" in script and "zk:/security.json" in script
    assert (DOCKER / "solr" / "solr-auth.sh").exists()
    dockerfile = (DOCKER / "solr" / "Dockerfile").read_text()
    assert "/opt/pekalongan/solr-auth.sh" in dockerfile
    # the configset path the set-up uploads is where docker/solr puts config/solr/conf
    setup = one(docs, "ConfigMap", f"{FULLNAME}-setup")["data"]["solr-setup.sh"]
    conf = re.search(r"^conf=(\S+)", setup, re.M).group(1)
    assert f"COPY --chown=solr:solr config/solr/conf/ {conf}/" in dockerfile
    (job,) = [d for d in find(docs, "Job") if "-solr-setup-r" in d["metadata"]["name"]]
    env = env_of(pod_spec(job)["containers"][0])
    assert int(env["REPLICATION_FACTOR"]["value"]) == values["replicationFactor"] >= 2
    assert values["replicationFactor"] <= values["replicas"]
    zk = env["ZK_HOST"]["value"]
    assert zk == env_of(init)["ZK_HOST"]["value"]
    if values["zookeeper"]["external"]:
        assert zk.startswith(values["zookeeper"]["external"]) and "provided" not in \
            solr["zookeeperRef"]
    else:
        assert zk.startswith(f"{FULLNAME}-solrcloud-zookeeper-client:2181")
    # CKAN searches the collection through the operator's common Service
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    url = env_of(pod_spec(web)["containers"][0])["CKAN_SOLR_URL"]["value"]
    assert url == f"http://{FULLNAME}-solrcloud-common/solr/ckan"


def test_redis_and_file_store_follow_the_values(rendered):
    name, docs = rendered
    values = values_of(name)
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    env = env_of(pod_spec(web)["containers"][0])
    volumes = {v["name"]: v for v in pod_spec(web)["volumes"]}
    if values["redis"]["enabled"]:
        one(docs, "StatefulSet", f"{FULLNAME}-redis")
        assert env["CKAN_REDIS_URL"]["value"] == f"redis://{FULLNAME}-redis:6379/0"
    else:
        assert not find(docs, "StatefulSet")
        ref = env["CKAN_REDIS_URL"]["valueFrom"]["secretKeyRef"]
        assert ref == {"name": values["redis"]["external"]["existingSecret"], "key": "url"}
    if values["storage"]["type"] == "pvc":
        (pvc,) = find(docs, "PersistentVolumeClaim")
        assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
        assert volumes["storage"]["persistentVolumeClaim"]["claimName"] == \
            pvc["metadata"]["name"]
        assert not [k for k in env if k.startswith("CKANEXT__S3FILESTORE")]
    else:
        assert not find(docs, "PersistentVolumeClaim")
        assert "emptyDir" in volumes["storage"]
        s3 = values["storage"]["s3"]
        assert env["CKANEXT__S3FILESTORE__AWS_BUCKET_NAME"]["value"] == s3["bucket"]
        assert env["CKANEXT__S3FILESTORE__HOST_NAME"]["value"] == s3["endpoint"]
        key = env["CKANEXT__S3FILESTORE__AWS_SECRET_ACCESS_KEY"]["valueFrom"]["secretKeyRef"]
        assert key["name"] == s3["existingSecret"]
    # every CKAN workload shares the same store, Redis and database settings
    for label, spec in all_pods(docs):
        for c in spec["containers"]:
            if "pekalongan/ckan" in c["image"]:
                e = env_of(c)
                assert e["CKAN_REDIS_URL"] == env["CKAN_REDIS_URL"], label
                assert e["CKAN_SQLALCHEMY_URL"] == env["CKAN_SQLALCHEMY_URL"], label


def test_ckan_settings_match_docker_compose(helm):
    """The environment of the CKAN containers covers what docker/compose.yaml gives its
    CKAN containers (x-ckan-env), apart from the settings of compose's own set-up."""
    docs = documents(template(helm, [EXAMPLES / "scaled-s3.yaml"]).stdout)
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    compose_env = set(compose["x-ckan-env"])
    # prerun's sysadmin (the set-up Job has it) and compose-only networking
    not_needed = {"CKAN_SYSADMIN_NAME", "CKAN_SYSADMIN_EMAIL", "CKAN_SYSADMIN_PASSWORD"}
    web = one(docs, "Deployment", f"{FULLNAME}-web")
    env = set(env_of(pod_spec(web)["containers"][0]))
    missing = compose_env - not_needed - env
    assert not missing, missing
    (job,) = [d for d in find(docs, "Job") if "-setup-r" in d["metadata"]["name"]
              and "solr" not in d["metadata"]["name"]]
    assert not_needed <= set(env_of(pod_spec(job)["initContainers"][1]))
