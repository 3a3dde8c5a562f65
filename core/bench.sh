#!/usr/bin/env bash
# Runs the JMH benchmarks in core's test sources (default: FingerprintBench).
# Usage: core/bench.sh [JMH options]   e.g. core/bench.sh FingerprintBench -wi 1 -i 3 -r 1s -w 1s
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl core -am test-compile # core needs the capture module (its Redactor)
mvn -B -q -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
if [ $# -eq 0 ]; then set -- FingerprintBench; fi
exec java -cp "core/target/test-classes:core/target/classes:capture/target/classes:$(cat core/target/bench.classpath)" org.openjdk.jmh.Main "$@"
