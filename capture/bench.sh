#!/usr/bin/env bash
# Capture overhead per statement (JMH). Extra arguments go to JMH, e.g.
#   capture/bench.sh -f 2 -wi 5 -w 2s -i 10 -r 2s        (longer, steadier run)
#   capture/bench.sh -f 1 -i 5 -p mode=raw,dbprof       (only some modes)
#   capture/bench.sh --cpu [perRound rounds mode…]      (application-thread CPU time instead;
#                                                        steadier than wall time on a busy machine;
#                                                        modes: see CpuPerStatement and below)
#   capture/bench.sh --pg [perRound rounds mode…]       (PostgreSQL over loopback: wall time per
#                                                        statement, modes alternating every round)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl capture -am test-compile
mvn -B -q -pl capture dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
cp="capture/target/test-classes:capture/target/classes:$(cat capture/target/bench.classpath)"
# The OpenTelemetry API (a test dependency) only where a mode asks for it: an application without it
# is the common case, and the capture's trace lookup is then a constant.
cp_without_otel="$(tr ':' '\n' <<<"$cp" | grep -v opentelemetry | paste -sd: -)"
if [ "${1:-}" = "--cpu" ]; then
    shift
    # One JVM per mode, so that no mode warms up or loads classes for another.
    # dbprof-unit: in a unit of work; dbprof-otel: OpenTelemetry on the class path, no span;
    # dbprof-traced: under a current span (its trace id written on every line).
    modes=(raw p6spy-noop dbprof dbprof-none dbprof-unit dbprof-otel dbprof-traced p6spy-file raw-deep dbprof-deep)
    if [ $# -gt 2 ]; then modes=("${@:3}"); fi
    for m in "${modes[@]}"; do
        mode_cp="$cp_without_otel"
        case "$m" in dbprof-otel|dbprof-traced) mode_cp="$cp" ;; esac
        java ${BENCH_JAVA_OPTS:-} -cp "$mode_cp" dev.dbprof.capture.bench.CpuPerStatement "${1:-500000}" "${2:-8}" "$m"
    done
    exit 0
fi
if [ "${1:-}" = "--pg" ]; then
    shift
    exec java -cp "$cp" dev.dbprof.capture.bench.PgLoopback "$@"
fi
# JMH: a short run unless told otherwise: 1 fork, 3 × 2 s warm-up, 5 × 2 s measurement.
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
    args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
fi
exec java -cp "$cp" org.openjdk.jmh.Main 'dev.dbprof.capture.bench.CaptureBenchmark' "${args[@]}"
