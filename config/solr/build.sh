#!/usr/bin/env bash
# Build the local Solr 9.10.1 runtime (no Docker, no Solr distribution).
#
#   bash config/solr/build.sh OUT_DIR
#
# - OUT_DIR/lib      all runtime jars, copied from the Maven repository (~/.m2)
#                    by maven-dependency-plugin (see pom.xml)
# - OUT_DIR/classes  the compiled launcher (pekalongan.solr.SolrLauncher)
# - OUT_DIR/.stamp   sha256 of pom.xml + SolrLauncher.java; when it matches,
#                    nothing is done. Offline re-runs work once ~/.m2 is filled.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

want="$(cat "$here/pom.xml" "$here/src/SolrLauncher.java" | sha256sum | cut -d' ' -f1)"
if [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$want" ]] \
   && compgen -G "$out/lib/solr-core-*.jar" >/dev/null \
   && [[ -f "$out/classes/pekalongan/solr/SolrLauncher.class" ]]; then
  exit 0  # up to date
fi

for tool in mvn javac java; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "solr build: '$tool' not found; install maven and a JDK >= 11 (e.g. openjdk-17-jdk-headless)" >&2
    exit 1
  }
done

rm -f "$out/.stamp"
# Fresh lib dir so jars dropped from the pom do not linger on the classpath.
rm -rf "$out/lib.new" "$out/classes.new"
echo "solr build: resolving Solr jars into $out/lib (~70 MB download into ~/.m2 unless cached)" >&2
# (-q -B still emits stray ANSI resets, so output goes to a log shown on failure)
if ! mvn -q -B -Dstyle.color=never -f "$here/pom.xml" -Dsolr.lib.dir="$out/lib.new" \
     dependency:copy-dependencies >"$out/mvn.log" 2>&1; then
  sed 's/\x1b\[[0-9;]*m//g' "$out/mvn.log" | tail -n 30 >&2
  echo "solr build: mvn failed (see $out/mvn.log; offline with an empty ~/.m2?)" >&2
  exit 1
fi

# Guard: Solr 9 runs on Jetty 10 / javax.servlet; Jetty 12 jars would clash.
if compgen -G "$out/lib.new/jetty-*-12.*.jar" >/dev/null || compgen -G "$out/lib.new/solr-core-10.*.jar" >/dev/null; then
  echo "solr build: Jetty 12 / Solr 10 jars resolved; fix pom.xml" >&2
  exit 1
fi

mkdir -p "$out/classes.new"
javac -nowarn -encoding UTF-8 --release 11 -cp "$out/lib.new/*" -d "$out/classes.new" \
  "$here/src/SolrLauncher.java"

rm -rf "$out/lib" "$out/classes"
mv "$out/lib.new" "$out/lib"
mv "$out/classes.new" "$out/classes"
echo "$want" > "$out/.stamp"
echo "solr build: done ($(ls "$out/lib" | wc -l) jars)" >&2
