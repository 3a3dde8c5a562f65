#!/usr/bin/env bash
# Generates the benchmark logs: the same seeded ORM-like workload in every format dbprof reads.
# Usage: bench/generate.sh [--statements N] [--seed S] [--out DIR] [--formats dbprof,p6spy,pg-stderr,...]
# Defaults: 1,000,000 statements, seed 42, all formats, into bench/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f core/target/test-classes/dev/dbprof/bench/LogGenerator.class ] || [ -n "${REBUILD:-}" ]; then
  mvn -B -q -pl core -am test-compile >&2
fi
args=("$@")
case " $* " in *" --out "*) ;; *) args+=(--out bench/logs) ;; esac
exec java -Xmx256m -cp core/target/test-classes dev.dbprof.bench.LogGenerator "${args[@]}"
