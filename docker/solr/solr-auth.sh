#!/bin/bash
# Writes $SOLR_HOME/security.json at every start of the Solr container: HTTP Basic
# authentication for every request (blockUnknown) and one user, SOLR_AUTH_USER, with the
# admin role, which every path requires. The password comes from the environment
# (SOLR_AUTH_PASSWORD, set in docker/.env by generate-env.sh) and is stored only as Solr's
# salted hash: base64(sha256(sha256(salt + password))) + " " + base64(salt), the format of
# Solr's Sha256AuthenticationProvider. Nothing secret is in the image or the repository.
#
#     solr-auth.sh [SOLR_HOME]      (default: $SOLR_HOME or /var/solr/data)
set -euo pipefail

home="${1:-${SOLR_HOME:-/var/solr/data}}"
user="${SOLR_AUTH_USER:-ckan}"
password="${SOLR_AUTH_PASSWORD:-}"

if [[ -z "$password" ]]; then
  echo "solr-auth: SOLR_AUTH_PASSWORD is empty; refusing to start Solr without a login" >&2
  exit 1
fi
if ((${#password} < 16)); then
  echo "solr-auth: SOLR_AUTH_PASSWORD is shorter than 16 characters" >&2
  exit 1
fi
if [[ ! "$user" =~ ^[A-Za-z0-9_.-]{1,64}$ ]]; then
  echo "solr-auth: SOLR_AUTH_USER may hold letters, digits, '.', '_' and '-' only" >&2
  exit 1
fi

# hex string -> bytes on stdout (NUL bytes included)
bytes() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }

salt="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
first="$({ bytes "$salt"; printf '%s' "$password"; } | sha256sum | cut -d' ' -f1)"
second="$(bytes "$first" | sha256sum | cut -d' ' -f1)"
credential="$(bytes "$second" | base64 -w0) $(bytes "$salt" | base64 -w0)"

mkdir -p "$home"
umask 077
tmp="$(mktemp "$home/.security.json.XXXXXX")"
cat > "$tmp" <<JSON
{
  "authentication": {
    "class": "solr.BasicAuthPlugin",
    "blockUnknown": true,
    "forwardCredentials": false,
    "realm": "pekalongan-solr",
    "credentials": {"$user": "$credential"}
  },
  "authorization": {
    "class": "solr.RuleBasedAuthorizationPlugin",
    "permissions": [{"name": "all", "role": "admin"}],
    "user-role": {"$user": ["admin"]}
  }
}
JSON
mv -f "$tmp" "$home/security.json"
echo "solr-auth: wrote $home/security.json (user $user; every request needs a login)"
