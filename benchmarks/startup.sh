#!/usr/bin/env bash
# Start-up with history (issue 16): writes a PostgreSQL ledger of ENTRIES decisions of which LIVE
# charges are still held, then measures on that data, side by side, the start before charges were
# rows (replay the whole ledger) and the start now (read the charges table). Prints a Markdown
# section for BENCHMARKS.md.
#   benchmarks/startup.sh [ENTRIES] [LIVE] [SEED]     (default 1000000 50000 20261202; ~10 min)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -x "$j/bin/java" ]] && { export JAVA_HOME="$j"; break; }
  done
fi
export PATH="$JAVA_HOME/bin:$PATH:/usr/local/go/bin"
echo "[startup.sh] building modules" >&2
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl arbiter-core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/startup-classpath.txt
CP="arbiter-core/target/test-classes:arbiter-core/target/classes:$(cat arbiter-core/target/startup-classpath.txt)"
# The database and Flyway log to stderr: kept in target/startup.log, the figures go to stdout.
exec "$JAVA_HOME/bin/java" -Xmx3g -cp "$CP" io.gpuarbiter.arbiter.bench.StartupMeasure "${1:-1000000}" "${2:-50000}" "${3:-20261202}" \
  "$(ls governance-api/target/governance-api-*.jar | grep -v original | head -1)" \
  2>arbiter-core/target/startup.log
