#!/bin/sh
# The Solr step of the set-up Job (templates/solr-setup-job.yaml), run in the docker/solr
# image, which carries our configset: uploads it to ZooKeeper as `ckan` (every release, so
# a new image brings its schema), then creates the collection `ckan` (one shard,
# REPLICATION_FACTOR replicas) or reloads it. After a schema change rebuild the index:
# kubectl exec deploy/<release>-web -- ckan search-index rebuild
#
#   SOLR_BASE            http://<cloud>-solrcloud-common (the operator's common Service)
#   ZK_HOST              ZooKeeper servers and chroot
#   SOLR_AUTH_USER, SOLR_AUTH_PASSWORD   the login (docker/solr/solr-auth.sh wrote it)
#   REPLICATION_FACTOR
set -eu
conf=/opt/solr/server/solr/configsets/ckan/conf
test -f "$conf/solrconfig.xml"

# the login goes to wget through a private rc file, not the command line
umask 077
export WGETRC=/tmp/wgetrc
printf 'user=%s\npassword=%s\nauth_no_challenge=on\n' "$SOLR_AUTH_USER" "$SOLR_AUTH_PASSWORD" > "$WGETRC"
api() { wget -qO- "$SOLR_BASE/solr/admin/collections?wt=json&$1"; }

until api "action=LIST" > /tmp/collections.json; do
    echo "solr-setup: waiting for SolrCloud"; sleep 10
done
solr zk upconfig -n ckan -d "$conf" -z "$ZK_HOST"
if grep -q '"ckan"' /tmp/collections.json; then
    api "action=RELOAD&name=ckan" > /dev/null
    echo "solr-setup: configset ckan uploaded, collection ckan reloaded"
else
    api "action=CREATE&name=ckan&numShards=1&replicationFactor=${REPLICATION_FACTOR}&collection.configName=ckan" > /dev/null
    echo "solr-setup: collection ckan created (${REPLICATION_FACTOR} replicas)"
fi
