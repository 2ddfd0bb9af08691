#!/bin/sh
# Entry point of the smsd container (docker/gammu/Dockerfile): writes the daemon's
# configuration from the environment, creates Gammu's tables in its database on the first
# start (Gammu's pgsql.sql), then runs gammu-smsd in the foreground.
#
#   GAMMU_DEVICE       the modem, e.g. /dev/ttyUSB0 (compose passes the device in)
#   GAMMU_CONNECTION   Gammu's connection type: at (default), at115200, ...; "none" with
#                      GAMMU_MODEL=dummy for a dummy phone (GAMMU_DEVICE = a directory)
#   GAMMU_MODEL        optional (empty: autodetect; "dummy" for tests)
#   GAMMU_PIN          the SIM card's PIN, if it asks for one
#   SMSD_PHONE_ID      optional, the name of this modem in the database (several modems)
#   SMSD_DB_HOST       PostgreSQL host[:port] (default db:5432)
#   SMSD_DB, SMSD_DB_USER, SMSD_DB_PASSWORD   the daemon's database and role
#   SMSDRC             where the configuration is written (default /var/lib/gammu/smsdrc)
#
# `smsd-entrypoint render` only writes the configuration (tests use it).
set -eu

: "${GAMMU_DEVICE:?set GAMMU_DEVICE to the modem device, e.g. /dev/ttyUSB0}"
: "${SMSD_DB:?}" "${SMSD_DB_USER:?}" "${SMSD_DB_PASSWORD:?}"
SMSDRC="${SMSDRC:-/var/lib/gammu/smsdrc}"
SMSD_DB_HOST="${SMSD_DB_HOST:-db:5432}"
SCHEMA="${SMSD_SCHEMA:-/usr/share/doc/gammu-smsd/examples/pgsql.sql}"

umask 077
{
    echo "# written by smsd-entrypoint from the environment"
    echo "[gammu]"
    echo "device = ${GAMMU_DEVICE}"
    echo "connection = ${GAMMU_CONNECTION:-at}"
    if [ -n "${GAMMU_MODEL:-}" ]; then echo "model = ${GAMMU_MODEL}"; fi
    echo
    echo "[smsd]"
    echo "service = sql"
    echo "driver = native_pgsql"
    echo "sql = pgsql"
    echo "host = ${SMSD_DB_HOST}"
    echo "user = ${SMSD_DB_USER}"
    echo "password = ${SMSD_DB_PASSWORD}"
    echo "database = ${SMSD_DB}"
    echo "phoneid = ${SMSD_PHONE_ID:-pekalongan}"
    if [ -n "${GAMMU_PIN:-}" ]; then echo "pin = ${GAMMU_PIN}"; fi
    echo "logfile = stderr"
    echo "debuglevel = ${SMSD_DEBUGLEVEL:-1}"
    echo "commtimeout = ${SMSD_COMMTIMEOUT:-5}"
    echo "receivefrequency = ${SMSD_RECEIVEFREQUENCY:-5}"
    echo "statusfrequency = 60"
    echo "deliveryreport = no"
    echo "multiparttimeout = 600"
} > "$SMSDRC"

if [ "${1:-}" = "render" ]; then
    exit 0
fi

# Gammu's tables, once (the database and its owner role come from postgres/initdb.sh)
host="${SMSD_DB_HOST%%:*}"
port="${SMSD_DB_HOST#*:}"
[ "$port" = "$SMSD_DB_HOST" ] && port=5432
export PGPASSWORD="$SMSD_DB_PASSWORD"
psql_smsd() { psql -h "$host" -p "$port" -U "$SMSD_DB_USER" -d "$SMSD_DB" -v ON_ERROR_STOP=1 "$@"; }
until psql_smsd -tAc "select 1" >/dev/null 2>&1; do
    echo "smsd: waiting for the database ${SMSD_DB} on ${SMSD_DB_HOST}" >&2
    sleep 2
done
if [ "$(psql_smsd -tAc "select to_regclass('public.gammu') is not null")" != "t" ]; then
    echo "smsd: creating Gammu's tables in ${SMSD_DB} from ${SCHEMA}" >&2
    # PL/pgSQL is built into PostgreSQL: the schema's CREATE LANGUAGE would fail
    sed 's/^CREATE LANGUAGE plpgsql;//' "$SCHEMA" | psql_smsd -q -f -
fi
unset PGPASSWORD

exec gammu-smsd --config "$SMSDRC"
