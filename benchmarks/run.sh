#!/usr/bin/env bash
# Admission benchmark (issue 9): builds the service, the pinned OPA and the load generator, runs
# every shape against the service on H2, on PostgreSQL and as three replicas on one PostgreSQL, and
# against an OPA server peer, and writes BENCHMARKS.md at the repository root. Flags go to the
# generator:
#   --seconds N   measured seconds per shape (default 15; the full protocol of issue 9 is 60)
#   --warmup N    warm-up seconds per shape at the same shape (default 2)
#   --start-warmup N  unmeasured seconds at 16 clients when each service starts, for the JIT
#                 (default 30; the OPA peer, a Go binary, always gets 5)
#   --dbs h2,pg,pg3  which databases (default all three, in that order): h2 and pg run one service
#                 process on H2 / on PostgreSQL; pg3 runs three replicas (same jar, each its own data
#                 directory, sharing ledger key and TLS certificate) on one PostgreSQL database, the
#                 reviews round-robin over them, 2 connections each; pg3 adds about a third to the
#                 run time
#   --shapes K,K  which shapes, of open250 open500 open1000 open2000 closed1 closed16 closed64
#                 (default all; they run in that order)
#   --opa false   skip the OPA server peer (its columns show –; default true)
#   --service-jvm "ARGS"  extra JVM arguments for the service process, e.g. "-Xmx512m"
#   --http 2|1.1  HTTP version the generator offers over TLS, to the service and to OPA (default 2,
#                 as kube-apiserver; 2 connections, at most 100 streams each)
#   --jar FILE    the service jar to run (default governance-api/target/...; e.g. an older build's,
#                 to measure before and after a change)
#   --out FILE    where to write the report (default BENCHMARKS.md)
# Needs openssl (a throwaway certificate for the OPA server's TLS).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -x "$j/bin/java" ]] && { export JAVA_HOME="$j"; break; }
  done
fi
export PATH="$JAVA_HOME/bin:$PATH:/usr/local/go/bin"
echo "[run.sh] building modules, service jar and the pinned OPA"
./mvnw -B -q install -DskipTests
policies/scripts/opa.sh version >/dev/null
./mvnw -B -q -f benchmarks/pom.xml package -DskipTests
CP="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" io.gpuarbiter.bench.Bench --repo . "$@"
