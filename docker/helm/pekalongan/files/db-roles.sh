#!/bin/sh
# The superuser step of the set-up Job (templates/setup-job.yaml), run with psql in the
# CloudNativePG image against the primary: what docker/postgres/initdb.sh does for
# docker compose, on the databases and roles that the Cluster and Database resources
# declare. Idempotent (every helm upgrade runs it again).
#
#   CKAN_DB, CKAN_ROLE           the catalogue and the role CKAN connects as
#   DATASTORE_DB, RO_ROLE        the DataStore and its read-only role
#   SMSD_DB, SMSD_ROLE           Gammu's database and role (empty: SMS center off)
#   PGHOST, PGUSER, PGPASSWORD   the primary and the superuser
# Names reach SQL as psql variables (:"name"), so they need no quoting here.
set -eu

until pg_isready -q -d postgres; do echo "db-roles: waiting for PostgreSQL"; sleep 5; done

exists() {  # exists <catalog query with :'v'> <value>
    printf '%s\n' "$1" | psql -tAq -d postgres -v v="$2" -f - | grep -qx 1
}
for db in "$CKAN_DB" "$DATASTORE_DB" ${SMSD_DB:+"$SMSD_DB"}; do
    until exists "select 1 from pg_database where datname = :'v'" "$db"; do
        echo "db-roles: waiting for database $db"; sleep 5
    done
done
for role in "$CKAN_ROLE" "$RO_ROLE" ${SMSD_ROLE:+"$SMSD_ROLE"}; do
    until exists "select 1 from pg_roles where rolname = :'v'" "$role"; do
        echo "db-roles: waiting for role $role"; sleep 5
    done
done

psql -v ON_ERROR_STOP=1 -q -d postgres -v ckan_db="$CKAN_DB" -v ckan_user="$CKAN_ROLE" \
    -v datastore_db="$DATASTORE_DB" -v ro_user="$RO_ROLE" -f - <<'EOSQL'
-- Nobody but CKAN connects to the catalogue (keeps the read-only role out).
REVOKE ALL ON DATABASE :"ckan_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"ckan_db" TO :"ckan_user";
-- The DataStore: the CKAN role writes, the read-only role connects and reads.
REVOKE ALL ON DATABASE :"datastore_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"datastore_db" TO :"ckan_user";
GRANT CONNECT ON DATABASE :"datastore_db" TO :"ro_user";
\connect :"datastore_db"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO :"ckan_user";
GRANT USAGE ON SCHEMA public TO :"ro_user";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"ro_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"ckan_user" IN SCHEMA public
    GRANT SELECT ON TABLES TO :"ro_user";
EOSQL

if [ -n "${SMSD_DB:-}" ]; then
    psql -v ON_ERROR_STOP=1 -q -d postgres -v smsd_db="$SMSD_DB" -v smsd_user="$SMSD_ROLE" -f - <<'EOSQL'
REVOKE ALL ON DATABASE :"smsd_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"smsd_db" TO :"smsd_user";
EOSQL
fi

# The audit trail's owner (pekalongan_audit): the web role may only read and append to
# ppid_event and suara_event. Same file as `make` and docker compose apply.
psql -v ON_ERROR_STOP=1 -q -d "$CKAN_DB" -v web_role="$CKAN_ROLE" -f /setup/audit_owner.sql
echo "db-roles: grants and audit trail owner applied to $CKAN_DB and $DATASTORE_DB"
