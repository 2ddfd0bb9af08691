#!/usr/bin/env bash
# Create or refresh a Solr home with the cores 'ckan', 'ckan_test' and 'ckan_test_1..10'
# (9 and 10: the parallel workers of `make test`, config/stacklib/base.py XDIST_SLOTS).
#
#   bash config/solr/make-home.sh SCHEMA_XML HOME_DIR
#
# Each core's conf/ is config/solr/conf/ (solrconfig.xml, lang/, ...) with SCHEMA_XML
# as its schema.xml: normally config/solr/conf/schema.xml, our Indonesian schema
# derived from CKAN's; the search benchmark passes the installed ckan package's
# ckan/config/solr/schema.xml to build a stock core for comparison.
# Only solr.xml, core.properties and conf/ are (re)written; existing data/
# directories (the indexes) are never touched. Restart Solr, or RELOAD the cores,
# to apply changes; after a schema change, reindex (`ckan search-index rebuild`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schema="${1:?usage: make-home.sh SCHEMA_XML HOME_DIR}"
home="${2:?usage: make-home.sh SCHEMA_XML HOME_DIR}"
[[ -f "$schema" ]] || { echo "make-home: no schema file at $schema" >&2; exit 1; }

mkdir -p "$home"
cat > "$home/solr.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" ?>
<!-- Standalone Solr (no SolrCloud); cores are found via core.properties. -->
<solr>
  <int name="maxBooleanClauses">${solr.max.booleanClauses:1024}</int>
</solr>
XML

for core in ${SOLR_CORES:-ckan ckan_test ckan_test_1 ckan_test_2 ckan_test_3 ckan_test_4 ckan_test_5 ckan_test_6 ckan_test_7 ckan_test_8 ckan_test_9 ckan_test_10}; do
  dir="$home/$core"
  mkdir -p "$dir/conf"
  printf 'name=%s\nconfig=solrconfig.xml\nschema=schema.xml\ndataDir=data\n' "$core" \
    > "$dir/core.properties"
  # conf/ is fully owned by this script: copy to a temp dir, then swap it in.
  rm -rf "$dir/conf.new"
  mkdir "$dir/conf.new"
  cp -r "$here"/conf/* "$dir/conf.new/"
  cp "$schema" "$dir/conf.new/schema.xml"
  # Solr's managed resources (the walidata's concept pairs, search/solr_synonyms.py) live
  # in conf/ too: carry them over, so a new configset or a restart keeps them.
  for managed in "$dir"/conf/_schema_analysis_*.json; do
    if [[ -f "$managed" ]]; then cp -p "$managed" "$dir/conf.new/"; fi
  done
  rm -rf "$dir/conf"
  mv "$dir/conf.new" "$dir/conf"
done
echo "make-home: $home ready (cores: ${SOLR_CORES:-ckan ckan_test ckan_test_1 ckan_test_2 ckan_test_3 ckan_test_4 ckan_test_5 ckan_test_6 ckan_test_7 ckan_test_8 ckan_test_9 ckan_test_10})" >&2
