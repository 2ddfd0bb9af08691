#!/bin/sh
# Writes docker/.env from docker/.env.example, generating every empty secret and password
# at random (hex: URL-safe, as the database URLs need). The two JWT lines get the same
# "string:<random>" key. Other settings are copied as they are: review CKAN_SITE_URL,
# CKAN_SYSADMIN_EMAIL and the SMTP settings afterwards. An existing .env is never touched.
set -eu
cd "$(dirname "$0")"

if [ -e .env ]; then
    echo "docker/.env exists; not overwriting it" >&2
    exit 1
fi

random() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
jwt="string:$(random)"

umask 077
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        POSTGRES_PASSWORD= | CKAN_DB_PASSWORD= | DATASTORE_READONLY_PASSWORD= | \
        CKAN_SYSADMIN_PASSWORD= | CKAN___SECRET_KEY= | CKAN___BEAKER__SESSION__SECRET= | \
        SOLR_AUTH_PASSWORD= | SMSD_DB_PASSWORD=)
            printf '%s%s\n' "$line" "$(random)" ;;
        CKAN___API_TOKEN__JWT__ENCODE__SECRET= | CKAN___API_TOKEN__JWT__DECODE__SECRET=)
            printf '%s%s\n' "$line" "$jwt" ;;
        CKANEXT__PEKALONGAN__PERSONAL_DATA__HASH_KEY=)
            printf '%s%s\n' "$line" "$(random)" ;;
        CKANEXT__PEKALONGAN__PERSONAL_DATA__KEYS=)
            # a Fernet key: 32 random bytes in URL-safe base64
            printf '%s%s\n' "$line" "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" ;;
        *)
            printf '%s\n' "$line" ;;
    esac
done < .env.example > .env

echo "wrote docker/.env (mode 600); the sysadmin password is CKAN_SYSADMIN_PASSWORD in it"
