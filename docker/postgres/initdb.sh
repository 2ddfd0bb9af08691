#!/bin/bash
# Creates the portal's databases in the official postgres image. docker/compose.yaml mounts
# this file into /docker-entrypoint-initdb.d/, so it runs once, when the pg_data volume is
# still empty, as the superuser POSTGRES_USER.
#
#   CKAN_DB_USER                 owns both databases; CKAN connects as this role
#   CKAN_DB                      CKAN's main database (CKAN_SQLALCHEMY_URL)
#   DATASTORE_DB                 the DataStore (CKAN_DATASTORE_WRITE_URL, as CKAN_DB_USER)
#   DATASTORE_READONLY_USER      read-only role for datastore_search (CKAN_DATASTORE_READ_URL)
#
# The read-only role may connect to the DataStore only and there read the tables the CKAN
# role creates. At its start CKAN's prerun also runs `ckan datastore set-permissions`
# (views and triggers of the DataStore) as the CKAN role, the owner of the database.
# Values reach SQL as psql variables (:"name" quotes an identifier, :'value' a literal),
# so passwords and names need no shell or SQL escaping.
set -euo pipefail

: "${POSTGRES_USER:?}" "${CKAN_DB_USER:?}" "${CKAN_DB_PASSWORD:?}" "${CKAN_DB:?}"
: "${DATASTORE_DB:?}" "${DATASTORE_READONLY_USER:?}" "${DATASTORE_READONLY_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
    -v ckan_user="$CKAN_DB_USER" -v ckan_password="$CKAN_DB_PASSWORD" -v ckan_db="$CKAN_DB" \
    -v datastore_db="$DATASTORE_DB" \
    -v ro_user="$DATASTORE_READONLY_USER" -v ro_password="$DATASTORE_READONLY_PASSWORD" \
    <<'EOSQL'
-- Roles: no superuser, no database or role creation.
CREATE ROLE :"ckan_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'ckan_password';
CREATE ROLE :"ro_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'ro_password';

-- CKAN's main database and the DataStore, both owned by the CKAN role (UTF-8).
CREATE DATABASE :"ckan_db" OWNER :"ckan_user" ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE :"datastore_db" OWNER :"ckan_user" ENCODING 'UTF8' TEMPLATE template0;

-- Nobody but the owner connects to the main database (keeps the read-only role out).
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
-- Every table the CKAN role creates later (each DataStore resource) is readable too.
ALTER DEFAULT PRIVILEGES FOR ROLE :"ckan_user" IN SCHEMA public
    GRANT SELECT ON TABLES TO :"ro_user";
EOSQL

# The audit trail (ppid_event) is owned by the NOLOGIN role pekalongan_audit, which also
# owns the main database and its schema public: the CKAN role may only read and append
# to it (see the SQL file; the ppid migration seals the table when it creates it). An
# existing installation: run the same command once with `docker compose exec db ...`.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$CKAN_DB" \
    -v web_role="$CKAN_DB_USER" -f /etc/pekalongan/audit_owner.sql

# The SMS center: the Gammu SMS daemon's own database and role (service smsd creates
# Gammu's tables in it on its first start; sms-worker connects as the same role).
if [ -n "${SMSD_DB:-}" ] && [ -n "${SMSD_DB_USER:-}" ] && [ -n "${SMSD_DB_PASSWORD:-}" ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
        -v smsd_user="$SMSD_DB_USER" -v smsd_password="$SMSD_DB_PASSWORD" -v smsd_db="$SMSD_DB" \
        <<'EOSQL'
CREATE ROLE :"smsd_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'smsd_password';
CREATE DATABASE :"smsd_db" OWNER :"smsd_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"smsd_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"smsd_db" TO :"smsd_user";
EOSQL
    echo "initdb: created ${SMSD_DB} (Gammu SMS daemon, role ${SMSD_DB_USER})"
fi

echo "initdb: created ${CKAN_DB} and ${DATASTORE_DB} (CKAN role ${CKAN_DB_USER}, audit trail owner pekalongan_audit), read-only role ${DATASTORE_READONLY_USER}"
