#!/usr/bin/env bash
# Fetches Keycloak, the identity provider the SSO tests sign in through, from Maven Central
# (org.keycloak:keycloak-quarkus-dist, a zip) and runs its one-time build (`kc.sh build`) so that
# test starts can use `kc.sh start --optimized`. Output goes to a cache directory keyed by a stamp
# of this script, so a warm machine reuses it. Prints Keycloak's home directory.
# Keycloak needs Java 21 or newer: KEYCLOAK_JAVA_HOME, else the first JDK 21+ under /usr/lib/jvm.
#   build.sh            fetch and build if needed; prints the home directory
#   build.sh java-home  prints the JDK it runs with
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=26.7.3
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/keycloak"

java_home() {
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then echo "$KEYCLOAK_JAVA_HOME"; return; fi
  local jdk feature
  for jdk in /usr/lib/jvm/*/; do
    [[ -x "$jdk/bin/java" ]] || continue
    feature="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
    if [[ -n "$feature" ]] && (( feature >= 21 )); then echo "${jdk%/}"; return; fi
  done
  echo "Keycloak needs a JDK 21 or newer (none under /usr/lib/jvm; set KEYCLOAK_JAVA_HOME)" >&2
  exit 1
}

if [[ "${1:-build}" == java-home ]]; then java_home; exit 0; fi

stamp="$(cat "$here/build.sh" | sha256sum | cut -c1-16)"
home="$cache_root/$stamp/keycloak-$version"
if [[ -f "$cache_root/$stamp/built" ]]; then
  echo "$home"; exit 0
fi
jdk="$(java_home)"
rm -rf "$cache_root/$stamp"; mkdir -p "$cache_root/$stamp"
start=$(date +%s)
echo "fetching Keycloak $version from Maven Central into $cache_root/$stamp" >&2
mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
  -DoutputDirectory="$cache_root/$stamp" -Dmdep.stripVersion=false >&2
(cd "$cache_root/$stamp" && unzip -q "keycloak-quarkus-dist-$version.zip" && rm "keycloak-quarkus-dist-$version.zip")
echo "  fetched in $(( $(date +%s) - start ))s" >&2
start=$(date +%s)
# Build-time options: an embedded file database and no cluster cache (a clustered cache opens
# ports on non-loopback interfaces).
JAVA_HOME="$jdk" "$home/bin/kc.sh" build --db=dev-file --cache=local >&2
echo "  built in $(( $(date +%s) - start ))s" >&2
touch "$cache_root/$stamp/built"
echo "$home"
