{{/* Names ---------------------------------------------------------------------------- */}}

{{- define "pekalongan.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pekalongan.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* selector labels of one component: (dict "root" $ "component" "web") */}}
{{- define "pekalongan.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "pekalongan.pgCluster" -}}{{ include "pekalongan.fullname" . }}-pg{{- end -}}
{{- define "pekalongan.solrCloud" -}}{{ include "pekalongan.fullname" . }}{{- end -}}
{{- define "pekalongan.webService" -}}{{ include "pekalongan.fullname" . }}-web{{- end -}}

{{/* Secrets: the generated one or the user's ------------------------------------------ */}}
{{- define "pekalongan.appSecret" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-app" (include "pekalongan.fullname" .)) -}}
{{- end -}}
{{- define "pekalongan.dbCkanSecret" -}}
{{- .Values.postgresql.existingSecrets.ckan | default (printf "%s-db-ckan" (include "pekalongan.fullname" .)) -}}
{{- end -}}
{{- define "pekalongan.dbReadonlySecret" -}}
{{- .Values.postgresql.existingSecrets.datastoreReadonly | default (printf "%s-db-datastore-ro" (include "pekalongan.fullname" .)) -}}
{{- end -}}
{{- define "pekalongan.dbSmsdSecret" -}}
{{- .Values.postgresql.existingSecrets.smsd | default (printf "%s-db-smsd" (include "pekalongan.fullname" .)) -}}
{{- end -}}
{{- define "pekalongan.solrSecret" -}}
{{- .Values.solr.auth.existingSecret | default (printf "%s-solr-auth" (include "pekalongan.fullname" .)) -}}
{{- end -}}

{{/* Hosts ------------------------------------------------------------------------------ */}}
{{- define "pekalongan.siteUrl" -}}
{{- .Values.site.url | default (printf "https://%s" .Values.ingress.host) -}}
{{- end -}}

{{- define "pekalongan.pgHost" -}}{{ include "pekalongan.pgCluster" . }}-rw{{- end -}}

{{/* the collection through the operator's common Service (port 80) */}}
{{- define "pekalongan.solrUrl" -}}
http://{{ include "pekalongan.solrCloud" . }}-solrcloud-common/solr/ckan
{{- end -}}

{{- define "pekalongan.zkHost" -}}
{{- $chroot := .Values.solr.zookeeper.chroot | default "/" -}}
{{- $servers := .Values.solr.zookeeper.external | default (printf "%s-solrcloud-zookeeper-client:2181" (include "pekalongan.solrCloud" .)) -}}
{{- if eq $chroot "/" -}}{{ $servers }}{{- else -}}{{ printf "%s%s" $servers $chroot }}{{- end -}}
{{- end -}}

{{- define "pekalongan.image" -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}

{{/* Security contexts ------------------------------------------------------------------- */}}
{{- define "pekalongan.ckanPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.ckanUser }}
runAsGroup: {{ .Values.securityContext.ckanGroup }}
fsGroup: {{ .Values.securityContext.ckanGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "pekalongan.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .Values.securityContext.readOnlyRootFilesystem }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The environment of every CKAN container ---------------------------------------------
   Secrets come in by secretKeyRef; the database URLs are composed from them with
   Kubernetes' $(VAR) expansion (generated passwords are alphanumeric, so URL-safe). */}}
{{- define "pekalongan.ckanEnv" -}}
{{- $pg := include "pekalongan.pgHost" . -}}
{{- $ro := ternary (printf "%s-ro" (include "pekalongan.pgCluster" .)) $pg .Values.postgresql.datastore.readFromReplicas -}}
- name: CKAN_DB_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.dbCkanSecret" . }}, key: password}}
- name: DATASTORE_RO_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.dbReadonlySecret" . }}, key: password}}
- name: CKAN_SQLALCHEMY_URL
  value: "postgresql://{{ .Values.postgresql.owner }}:$(CKAN_DB_PASSWORD)@{{ $pg }}:5432/{{ .Values.postgresql.database }}"
- name: CKAN_DATASTORE_WRITE_URL
  value: "postgresql://{{ .Values.postgresql.owner }}:$(CKAN_DB_PASSWORD)@{{ $pg }}:5432/{{ .Values.postgresql.datastore.database }}"
- name: CKAN_DATASTORE_READ_URL
  value: "postgresql://{{ .Values.postgresql.datastore.readonlyRole }}:$(DATASTORE_RO_PASSWORD)@{{ $ro }}:5432/{{ .Values.postgresql.datastore.database }}"
- name: CKANEXT__XLOADER__JOBS_DB__URI
  value: "postgresql://{{ .Values.postgresql.owner }}:$(CKAN_DB_PASSWORD)@{{ $pg }}:5432/{{ .Values.postgresql.database }}"
- name: CKAN_SOLR_URL
  value: {{ include "pekalongan.solrUrl" . | quote }}
- name: CKAN_SOLR_USER
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.solrSecret" . }}, key: username}}
- name: CKAN_SOLR_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.solrSecret" . }}, key: password}}
{{- if .Values.redis.enabled }}
- name: CKAN_REDIS_URL
  value: "redis://{{ include "pekalongan.fullname" . }}-redis:6379/0"
{{- else if .Values.redis.external.existingSecret }}
- name: CKAN_REDIS_URL
  valueFrom: {secretKeyRef: {name: {{ .Values.redis.external.existingSecret }}, key: url}}
{{- else }}
- name: CKAN_REDIS_URL
  value: {{ required "redis.external.url or redis.external.existingSecret is needed when redis.enabled is false" .Values.redis.external.url | quote }}
{{- end }}
- name: CKAN_SITE_URL
  value: {{ include "pekalongan.siteUrl" . | quote }}
- name: CKAN_SITE_ID
  value: {{ .Values.site.id | quote }}
- name: CKAN_STORAGE_PATH
  value: /var/lib/ckan
# compiled web assets per pod (not on the shared store, where nodes would race)
- name: CKAN__WEBASSETS__PATH
  value: /srv/app/webassets
- name: CKAN__HARVEST__MQ__TYPE
  value: redis
- name: CKANEXT__XLOADER__SITE_URL
  value: "http://{{ include "pekalongan.webService" . }}:{{ .Values.service.port }}"
{{- if .Values.secrets.xloaderTokenSecret }}
- name: CKANEXT__XLOADER__API_TOKEN
  valueFrom: {secretKeyRef: {name: {{ .Values.secrets.xloaderTokenSecret }}, key: api-token}}
{{- end }}
- name: CKANEXT__PEKALONGAN__TRUSTED_PROXIES
  value: {{ .Values.site.trustedProxies | quote }}
- name: CKAN___SECRET_KEY
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: secret-key}}
- name: CKAN___WTF_CSRF_SECRET_KEY
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: secret-key}}
- name: CKAN___BEAKER__SESSION__SECRET
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: beaker-session-secret}}
- name: CKAN___API_TOKEN__JWT__ENCODE__SECRET
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: jwt-secret}}
- name: CKAN___API_TOKEN__JWT__DECODE__SECRET
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: jwt-secret}}
- name: CKANEXT__PEKALONGAN__PERSONAL_DATA__KEYS
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: personal-data-keys}}
- name: CKANEXT__PEKALONGAN__PERSONAL_DATA__HASH_KEY
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: personal-data-hash-key}}
- name: CKAN___CKANEXT__PEKALONGAN__OPS__METRICS__TOKEN
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.appSecret" . }}, key: metrics-token}}
- name: CKAN_SMTP_SERVER
  value: {{ .Values.smtp.server | quote }}
- name: CKAN_SMTP_STARTTLS
  value: {{ .Values.smtp.starttls | quote }}
- name: CKAN_SMTP_USER
  value: {{ .Values.smtp.user | quote }}
- name: CKAN_SMTP_MAIL_FROM
  value: {{ .Values.smtp.mailFrom | quote }}
{{- if .Values.smtp.existingSecret }}
- name: CKAN_SMTP_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ .Values.smtp.existingSecret }}, key: password}}
{{- end }}
{{- if .Values.sms.enabled }}
- name: SMSD_DB_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "pekalongan.dbSmsdSecret" . }}, key: password}}
- name: CKANEXT__PEKALONGAN__SUARA__SMS__DATABASE_URL
  value: "postgresql://{{ .Values.postgresql.smsd.role }}:$(SMSD_DB_PASSWORD)@{{ $pg }}:5432/{{ .Values.postgresql.smsd.database }}"
- name: CKANEXT__PEKALONGAN__SUARA__SMS__OWN_NUMBERS
  value: {{ .Values.sms.ownNumbers | quote }}
{{- end }}
{{- if eq .Values.storage.type "s3" }}
{{- with .Values.storage.s3 }}
# ckanext-s3filestore (the image must contain it and list s3filestore in its plugins)
- name: CKANEXT__S3FILESTORE__AWS_BUCKET_NAME
  value: {{ required "storage.s3.bucket is needed when storage.type is s3" .bucket | quote }}
- name: CKANEXT__S3FILESTORE__REGION_NAME
  value: {{ .region | quote }}
- name: CKANEXT__S3FILESTORE__SIGNATURE_VERSION
  value: {{ .signatureVersion | quote }}
- name: CKANEXT__S3FILESTORE__AWS_STORAGE_PATH
  value: {{ .storagePath | quote }}
- name: CKANEXT__S3FILESTORE__ACL
  value: {{ .acl | quote }}
{{- if .endpoint }}
- name: CKANEXT__S3FILESTORE__HOST_NAME
  value: {{ .endpoint | quote }}
{{- end }}
{{- if .existingSecret }}
- name: CKANEXT__S3FILESTORE__AWS_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ .existingSecret }}, key: access-key-id}}
- name: CKANEXT__S3FILESTORE__AWS_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ .existingSecret }}, key: secret-access-key}}
{{- else }}
- name: CKANEXT__S3FILESTORE__AWS_USE_AMI_ROLE
  value: "true"
{{- end }}
{{- end }}
{{- end }}
# caches of libraries that write under $HOME, onto the writable /tmp
- name: XDG_CACHE_HOME
  value: /tmp/.cache
- name: MPLCONFIGDIR
  value: /tmp/matplotlib
{{- range $name, $value := .Values.site.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Volumes of every CKAN pod: the file store and the writable scratch directories */}}
{{- define "pekalongan.ckanVolumes" -}}
- name: storage
{{- if eq .Values.storage.type "pvc" }}
  persistentVolumeClaim:
    claimName: {{ .Values.storage.pvc.existingClaim | default (printf "%s-storage" (include "pekalongan.fullname" .)) }}
{{- else }}
  emptyDir: {}
{{- end }}
- name: tmp
  emptyDir: {}
- name: webassets
  emptyDir: {}
{{- end -}}

{{- define "pekalongan.ckanVolumeMounts" -}}
- name: storage
  mountPath: /var/lib/ckan
- name: tmp
  mountPath: /tmp
- name: webassets
  mountPath: /srv/app/webassets
{{- end -}}

{{/* generated secret values, kept across upgrades: (dict "root" $ "name" n "key" k "value" v) */}}
{{- define "pekalongan.keep" -}}
{{- $old := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- $data := dig "data" (dict) ($old | default (dict)) -}}
{{- if hasKey $data .key -}}{{ index $data .key }}{{- else -}}{{ .value | b64enc }}{{- end -}}
{{- end -}}
