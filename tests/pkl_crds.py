"""Schemas of the custom resources the Helm chart (docker/helm/pekalongan) renders, which
kubernetes-validate does not know: the Apache Solr Operator's SolrCloud
(solr.apache.org/v1beta1) and CloudNativePG's Cluster, Database and ScheduledBackup
(postgresql.cnpg.io/v1). Used by tests/deploy/test_helm_chart.py.

What is checked: written by hand from the operators' published API reference (no code of
theirs), these schemas cover the part of each resource the chart may set, in strict form:
every object has ``additionalProperties: false``, so a misspelled or misplaced field fails;
the fields the operators require are required; enums, types and patterns of the fields we
use are checked; embedded Kubernetes types (containers, security contexts, resource
requirements, volume sources, PVC specs, secret references) are checked against the
Kubernetes schemas kubernetes-validate ships (``k8s("...")`` below, strict). Fields of the
operators that the chart never sets are left out on purpose: the chart setting one makes
the test fail until the schema here learns it. A few rules of our own are marked "ours".
"""
from __future__ import annotations

from typing import Any

K8S_DEFS = "https://kubernetes.io/api/_definitions.json"

Schema = dict[str, Any]


def k8s(name: str) -> Schema:
    """A Kubernetes type of kubernetes-validate's definitions, e.g. ``core.v1.Container``."""
    return {"$ref": f"{K8S_DEFS}#/$defs/io.k8s.api.{name}"}


def obj(props: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    out: Schema = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


STR: Schema = {"type": "string"}
NONEMPTY: Schema = {"type": "string", "minLength": 1}
BOOL: Schema = {"type": "boolean"}
INT: Schema = {"type": "integer"}
POS_INT: Schema = {"type": "integer", "minimum": 1}
STR_MAP: Schema = {"type": "object", "additionalProperties": {"type": "string"}}
# Kubernetes names (RFC 1123 labels / subdomains)
DNS_NAME: Schema = {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
                    "maxLength": 63}
# a resource quantity such as 20Gi, 500m, 2
QUANTITY: Schema = {"type": "string",
                    "pattern": r"^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$"}
# a PostgreSQL identifier as the chart uses them (lower case, no quoting needed)
PG_NAME: Schema = {"type": "string", "pattern": r"^[a-z_][a-z0-9_]{0,62}$"}

METADATA: Schema = {"$ref": f"{K8S_DEFS}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}
LOCAL_REF: Schema = obj({"name": DNS_NAME}, ("name",))          # a Secret in the namespace
SECRET_KEY_REF: Schema = obj({"name": DNS_NAME, "key": NONEMPTY}, ("name", "key"))
PVC_SPEC: Schema = k8s("core.v1.PersistentVolumeClaimSpec")


def resource(api_version: str, kind: str, spec: Schema) -> Schema:
    return obj({
        "apiVersion": {"const": api_version},
        "kind": {"const": kind},
        "metadata": METADATA,
        "spec": spec,
    }, ("apiVersion", "kind", "metadata", "spec"))


# --------------------------------------------------------------------------------------
# solr.apache.org/v1beta1 SolrCloud
# --------------------------------------------------------------------------------------

IMAGE = obj({"repository": NONEMPTY, "tag": NONEMPTY,
             "pullPolicy": {"enum": ["Always", "Never", "IfNotPresent"]},
             "imagePullSecret": STR}, ("repository",))

SOLR_CLOUD = resource("solr.apache.org/v1beta1", "SolrCloud", obj({
    "replicas": {"type": "integer", "minimum": 0},
    "solrImage": IMAGE,
    "solrJavaMem": STR,
    "solrOpts": STR,
    "solrLogLevel": STR,
    "solrSecurity": obj({
        "authenticationType": {"enum": ["Basic"]},
        "basicAuthSecret": DNS_NAME,
        "probesRequireAuth": BOOL,
        "bootstrapSecurityJson": SECRET_KEY_REF,
    }, ("authenticationType",)),
    "dataStorage": obj({
        "persistent": obj({
            "reclaimPolicy": {"enum": ["Retain", "Delete"]},
            "pvcTemplate": obj({"metadata": {"type": "object"}, "spec": PVC_SPEC}),
        }),
        "ephemeral": {"type": "object"},
    }),
    # ours: exactly one of the two ways to ZooKeeper
    "zookeeperRef": {**obj({
        "connectionInfo": obj({
            "internalConnectionString": NONEMPTY,
            "externalConnectionString": STR,
            "chroot": {"type": "string", "pattern": "^/"},
        }, ("internalConnectionString",)),
        "provided": obj({
            "replicas": POS_INT,
            "chroot": {"type": "string", "pattern": "^/"},
            "image": IMAGE,
            "persistence": obj({
                "reclaimPolicy": {"enum": ["Retain", "Delete"]},
                "spec": PVC_SPEC,
                "annotations": STR_MAP,
            }),
        }),
    }), "minProperties": 1, "maxProperties": 1},
    "scaling": obj({"vacatePodsOnScaleDown": BOOL, "populatePodsOnScaleUp": BOOL}),
    "updateStrategy": obj({
        "method": {"enum": ["Managed", "StatefulSet", "Manual"]},
        "restartSchedule": STR,
    }),
    "availability": obj({
        "podDisruptionBudget": obj({"enabled": BOOL, "method": {"enum": ["ClusterWide"]}}),
    }),
    "customSolrKubeOptions": obj({
        "podOptions": obj({
            "resources": k8s("core.v1.ResourceRequirements"),
            "podSecurityContext": k8s("core.v1.PodSecurityContext"),
            "containerSecurityContext": k8s("core.v1.SecurityContext"),
            "imagePullSecrets": {"type": "array",
                                 "items": k8s("core.v1.LocalObjectReference")},
            "nodeSelector": STR_MAP,
            "tolerations": {"type": "array", "items": k8s("core.v1.Toleration")},
            "affinity": k8s("core.v1.Affinity"),
            "envVars": {"type": "array", "items": k8s("core.v1.EnvVar")},
            "volumes": {"type": "array", "items": obj({
                "name": DNS_NAME,
                # one volume source (a core.v1.Volume without its name)
                "source": {**obj({
                    "emptyDir": k8s("core.v1.EmptyDirVolumeSource"),
                    "configMap": k8s("core.v1.ConfigMapVolumeSource"),
                    "secret": k8s("core.v1.SecretVolumeSource"),
                    "persistentVolumeClaim": k8s("core.v1.PersistentVolumeClaimVolumeSource"),
                }), "minProperties": 1, "maxProperties": 1},
                "defaultContainerMount": k8s("core.v1.VolumeMount"),
            }, ("name", "source"))},
            "initContainers": {"type": "array", "items": k8s("core.v1.Container")},
            "sidecarContainers": {"type": "array", "items": k8s("core.v1.Container")},
        }),
    }),
}))


# --------------------------------------------------------------------------------------
# postgresql.cnpg.io/v1 Cluster, Database, ScheduledBackup
# --------------------------------------------------------------------------------------

BARMAN_STORE_FIELDS: dict[str, Schema] = {
    "destinationPath": {"type": "string", "pattern": r"^(s3|gs|https?)://.+"},
    "endpointURL": {"type": "string", "pattern": r"^https?://"},
    "serverName": STR,
    "s3Credentials": {**obj({
        "accessKeyId": SECRET_KEY_REF,
        "secretAccessKey": SECRET_KEY_REF,
        "region": SECRET_KEY_REF,
        "sessionToken": SECRET_KEY_REF,
        "inheritFromIAMRole": BOOL,
    }), "minProperties": 1},
    "wal": obj({"compression": {"enum": ["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"]},
                "maxParallel": POS_INT}),
    "data": obj({"compression": {"enum": ["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"]},
                 "jobs": POS_INT, "immediateCheckpoint": BOOL}),
}
BARMAN_STORE = obj(BARMAN_STORE_FIELDS, ("destinationPath",))

ROLE = obj({
    "name": PG_NAME,
    "ensure": {"enum": ["present", "absent"]},
    "comment": STR,
    "login": BOOL,
    "superuser": BOOL,
    "createdb": BOOL,
    "createrole": BOOL,
    "inherit": BOOL,
    "replication": BOOL,
    "bypassrls": BOOL,
    "connectionLimit": INT,
    "inRoles": {"type": "array", "items": PG_NAME},
    "passwordSecret": LOCAL_REF,
    "disablePassword": BOOL,
    "validUntil": STR,
}, ("name",))

CNPG_CLUSTER = resource("postgresql.cnpg.io/v1", "Cluster", obj({
    "instances": POS_INT,
    "imageName": NONEMPTY,
    "primaryUpdateStrategy": {"enum": ["unsupervised", "supervised"]},
    "primaryUpdateMethod": {"enum": ["switchover", "restart"]},
    "enableSuperuserAccess": BOOL,
    "superuserSecret": LOCAL_REF,
    "postgresql": obj({
        "parameters": STR_MAP,
        "pg_hba": {"type": "array", "items": STR},
        "shared_preload_libraries": {"type": "array", "items": STR},
    }),
    # ours: exactly one way to bootstrap
    "bootstrap": {**obj({
        "initdb": obj({
            "database": PG_NAME,
            "owner": PG_NAME,
            "secret": LOCAL_REF,
            "encoding": STR,
            "localeCollate": STR,
            "localeCType": STR,
            "dataChecksums": BOOL,
            "postInitSQL": {"type": "array", "items": STR},
        }),
        "recovery": obj({
            "source": NONEMPTY,
            "database": PG_NAME,
            "owner": PG_NAME,
            "secret": LOCAL_REF,
            "backup": LOCAL_REF,
            "recoveryTarget": {**obj({
                "targetTime": NONEMPTY,
                "targetLSN": NONEMPTY,
                "targetName": NONEMPTY,
                "targetXID": NONEMPTY,
                "targetImmediate": BOOL,
                "targetTLI": NONEMPTY,
                "backupID": NONEMPTY,
                "exclusive": BOOL,
            }), "minProperties": 1},
        }),
    }), "minProperties": 1, "maxProperties": 1},
    "externalClusters": {"type": "array", "items": obj({
        "name": NONEMPTY,
        "barmanObjectStore": BARMAN_STORE,
        "connectionParameters": STR_MAP,
        "password": SECRET_KEY_REF,
    }, ("name",))},
    "managed": obj({"roles": {"type": "array", "items": ROLE}}),
    "storage": obj({"size": QUANTITY, "storageClass": NONEMPTY,
                    "resizeInUseVolumes": BOOL, "pvcTemplate": PVC_SPEC}),
    "walStorage": obj({"size": QUANTITY, "storageClass": NONEMPTY}),
    "resources": k8s("core.v1.ResourceRequirements"),
    "affinity": {"type": "object"},
    "monitoring": obj({"enablePodMonitor": BOOL}),
    "backup": obj({
        "retentionPolicy": {"type": "string", "pattern": r"^[1-9][0-9]*[dwm]$"},
        "target": {"enum": ["primary", "prefer-standby"]},
        "barmanObjectStore": BARMAN_STORE,
    }),
}, ("instances",)))

CNPG_DATABASE = resource("postgresql.cnpg.io/v1", "Database", obj({
    "cluster": LOCAL_REF,
    "name": PG_NAME,
    "owner": PG_NAME,
    "ensure": {"enum": ["present", "absent"]},
    "encoding": STR,
    "template": STR,
    "databaseReclaimPolicy": {"enum": ["retain", "delete"]},
    "extensions": {"type": "array", "items": obj({
        "name": NONEMPTY, "ensure": {"enum": ["present", "absent"]}, "schema": STR,
        "version": STR}, ("name",))},
}, ("cluster", "name", "owner")))

CNPG_SCHEDULED_BACKUP = resource("postgresql.cnpg.io/v1", "ScheduledBackup", obj({
    # six cron fields, seconds first
    "schedule": {"type": "string", "pattern": r"^\S+( \S+){5}$"},
    "cluster": LOCAL_REF,
    "method": {"enum": ["barmanObjectStore", "volumeSnapshot", "plugin"]},
    "backupOwnerReference": {"enum": ["none", "self", "cluster"]},
    "immediate": BOOL,
    "suspend": BOOL,
    "target": {"enum": ["primary", "prefer-standby"]},
}, ("cluster", "schedule")))

CRD_SCHEMAS: dict[tuple[str, str], Schema] = {
    ("solr.apache.org/v1beta1", "SolrCloud"): SOLR_CLOUD,
    ("postgresql.cnpg.io/v1", "Cluster"): CNPG_CLUSTER,
    ("postgresql.cnpg.io/v1", "Database"): CNPG_DATABASE,
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): CNPG_SCHEDULED_BACKUP,
}
