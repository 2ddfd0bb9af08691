#!/usr/bin/env bash
# Run the local Solr in the foreground until SIGTERM/SIGINT.
#
#   bash config/solr/run.sh OUT_DIR HOME_DIR LOG_DIR [PORT]
#
# OUT_DIR comes from build.sh, HOME_DIR from make-home.sh. Binds 127.0.0.1
# only; serves http://127.0.0.1:PORT/solr (default port 8983). Prints one
# line: "solr: ready at ..." on stdout, or an error on stderr with exit
# status 2 (Solr/core failed to load) or 3 (port in use). Logs: LOG_DIR/solr.log.
# Extra JVM options can be passed in SOLR_JAVA_OPTS. With SOLR_ZK_HOST=HOST:PORT the node
# joins that ZooKeeper's SolrCloud cluster (HOME_DIR/solr.xml from config/solr/cloud/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: run.sh OUT_DIR HOME_DIR LOG_DIR [PORT]}"
home="${2:?usage: run.sh OUT_DIR HOME_DIR LOG_DIR [PORT]}"
logs="${3:?usage: run.sh OUT_DIR HOME_DIR LOG_DIR [PORT]}"
port="${4:-8983}"

[[ -f "$out/classes/pekalongan/solr/SolrLauncher.class" ]] \
  || { echo "solr: not built; run: bash config/solr/build.sh $out" >&2; exit 1; }
mkdir -p "$logs"
logs="$(cd "$logs" && pwd)"

# The local Solr (development and tests, on the loopback; production runs the docker/ image):
# only the quick JIT tier and the serial collector. A fresh JVM's optimising compiler spent
# about 80 s of CPU in a run of `make test` on two cores, more than the small cores' queries
# gained from it. SOLR_JAVA_OPTS comes later and wins.
# shellcheck disable=SC2086
exec java -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k \
  -Djava.awt.headless=true \
  -Dfile.encoding=UTF-8 \
  -Dlog4j2.configurationFile="$here/log4j2.xml" \
  -Dsolr.log.dir="$logs" \
  -Dsolr.dns.prevent.reverse.lookup=true \
  -Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager \
  ${SOLR_JAVA_OPTS:-} \
  -cp "$out/classes:$out/lib/*" \
  pekalongan.solr.SolrLauncher --home "$home" --port "$port" --host 127.0.0.1 \
  ${SOLR_ZK_HOST:+--zk-host "$SOLR_ZK_HOST"}
