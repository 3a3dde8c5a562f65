#!/usr/bin/env bash
# Whole-process comparison: dbprof against pt-query-digest (MySQL slow log) and pgBadger
# (PostgreSQL stderr log) on the same generated files, with `grep -c` as the floor and
# bench/JavaFloor.java (the same count in plain Java) as the floor of any JVM program.
# Runs alternate (every tool once per round, the order rotating), each under /usr/bin/time;
# prints per tool the median wall and CPU seconds, the peak RSS, statements/s, and the ratios.
#
# Usage: bench/compare.sh [--runs N] [--logs DIR] [--out DIR] [--formats mysql-slow,pg-stderr,p6spy,dbprof]
#   --logs   where bench/generate.sh wrote the logs (default bench/logs; generated when missing)
#   --runs   rounds (default 3)
# A peer that is not installed is skipped, and the script says so. Environment: DBPROF_JAVA_OPTS
# is passed to the JVM (through ./dbprof); PGBADGER_JOBS (default 1) is pgBadger's -j.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=3
logs="$here/bench/logs"
out="${TMPDIR:-/tmp}/dbprof-compare"
formats="mysql-slow,pg-stderr,p6spy,dbprof"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--logs DIR] [--out DIR] [--formats LIST]" >&2; exit 2 ;;
  esac
done
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "compare.sh needs GNU time at /usr/bin/time (Debian package 'time')" >&2
  exit 2
fi
mkdir -p "$out"
rm -f "$out"/times.tsv
[ -f "$here/cli/target/dbprof.jar" ] || (cd "$here" && mvn -B -q -DskipTests package)

file_of() {
  case "$1" in
    mysql-slow) echo mysql-slow.log ;;
    pg-stderr) echo postgresql.log ;;
    p6spy) echo spy.log ;;
    dbprof) echo capture.jsonl ;;
    pg-csvlog) echo postgresql.csv ;;
    pg-jsonlog) echo postgresql.json ;;
    mysql-general) echo mysql-general.log ;;
  esac
}

# grep -c counts one line per statement in every format (the floor: read the file, match a line).
grep_pattern() {
  case "$1" in
    mysql-slow) echo '# Query_time: ' ;;
    pg-stderr | pg-csvlog | pg-jsonlog) echo 'duration: ' ;;
    p6spy) echo '|connection ' ;;
    dbprof) echo '"ts":' ;;
    mysql-general) echo ' Query	' ;;
  esac
}

IFS=, read -r -a wanted <<<"$formats"
missing=()
for f in "${wanted[@]}"; do
  [ -f "$logs/$(file_of "$f")" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  "$here/bench/generate.sh" --statements 1000000 --seed 42 --out "$logs" --formats "$(IFS=,; echo "${missing[*]}")"
fi

have_ptqd=1; command -v pt-query-digest >/dev/null || { have_ptqd=0; echo "pt-query-digest is not installed (apt-get install percona-toolkit): skipped" >&2; }
have_pgb=1; command -v pgbadger >/dev/null || { have_pgb=0; echo "pgbadger is not installed (apt-get install pgbadger): skipped" >&2; }

# The cases: format, tool, command (run with bash -c, from $out).
cases=()
for f in "${wanted[@]}"; do
  file="$logs/$(file_of "$f")"
  cases+=("$f|dbprof|'$here/dbprof' analyze '$file' --fail-on never --format text > '$out/dbprof-$f.txt'")
  # to a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null
  cases+=("$f|grep -c|grep -c -F '$(grep_pattern "$f")' '$file' > '$out/grep-$f.txt'")
  cases+=("$f|java floor|java -XX:+UseSerialGC -cp '$out/floor' JavaFloor '$(grep_pattern "$f")' '$file' > '$out/floor-$f.txt'")
  if [ "$f" = mysql-slow ] && [ $have_ptqd = 1 ]; then
    cases+=("$f|pt-query-digest|pt-query-digest '$file' > '$out/ptqd.txt'")
  fi
  if [ "$f" = pg-stderr ] && [ $have_pgb = 1 ]; then
    mkdir -p "$out/pgbadger-pid"
    cases+=("$f|pgbadger|pgbadger -q --pid-dir '$out/pgbadger-pid' -f stderr --prefix '%m [%p] %q%u@%d ' -j ${PGBADGER_JOBS:-1} -o '$out/pgbadger.html' '$file'")
  fi
done

javac -d "$out/floor" "$here/bench/JavaFloor.java"
# The launcher writes its class data sharing archive on its first run: not inside a timed run.
"$here/dbprof" --version >/dev/null

n=${#cases[@]}
echo "# $(date -u +%FT%TZ) $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds of $n runs" >&2
for ((round = 0; round < runs; round++)); do
  for ((k = 0; k < n; k++)); do
    c=${cases[$(((k + round) % n))]}
    IFS='|' read -r format tool cmd <<<"$c"
    load=$(cut -d' ' -f1 /proc/loadavg)
    if ! "$TIME" -f '%e %U %S %M' -o "$out/time.txt" bash -c "cd '$out' && $cmd"; then
      echo "warning: $tool on $format exited non-zero" >&2
    fi
    read -r wall user sys rss < <(tail -n 1 "$out/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$format" "$tool" "$wall" "$user" "$sys" "$rss" "$load" >>"$out/times.tsv"
    printf 'round %d  %-10s %-16s wall %7.2f s  cpu %7.2f s  rss %7.1f MB  (load %s)\n' $((round + 1)) "$format" "$tool" \
      "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)" "$load" >&2
  done
done

# Statements per file, from the generator's contract: 1 per statement line.
count_statements() {
  grep -c -F "$(grep_pattern "$1")" "$logs/$(file_of "$1")"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "# load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-16s %10s %10s %9s %12s  %s\n' format tool "wall(med)" "cpu(med)" "maxRSS MB" "stmts/s" "walls"
for f in "${wanted[@]}"; do
  stmts=$(count_statements "$f")
  declare -A W=() C=()
  for tool in $(awk -F'\t' -v f="$f" '$1 == f { print $2 }' "$out/times.tsv" | sed 's/ /_/g' | sort -u); do
    t=${tool//_/ }
    rows=$(awk -F'\t' -v f="$f" -v t="$t" '$1 == f && $2 == t' "$out/times.tsv")
    W[$tool]=$(cut -f3 <<<"$rows" | median)
    C[$tool]=$(awk -F'\t' '{ print $4 + $5 }' <<<"$rows" | median)
    rss=$(cut -f6 <<<"$rows" | sort -n | tail -1)
    printf '%-10s %-16s %10.2f %10.2f %9.1f %12.0f  %s\n' "$f" "$t" "${W[$tool]}" "${C[$tool]}" \
      "$(echo "$rss / 1024" | bc -l)" "$(echo "$stmts / (${W[$tool]} + 0.001)" | bc -l)" "$(cut -f3 <<<"$rows" | tr '\n' ' ')"
  done
  for tool in "${!W[@]}"; do
    case "$tool" in dbprof | grep_-c | java_floor) continue ;; esac
    printf '%-10s ratio %s / dbprof: wall %.1fx, cpu %.1fx\n' "$f" "${tool//_/ }" \
      "$(echo "${W[$tool]} / ${W[dbprof]}" | bc -l)" "$(echo "${C[$tool]} / ${C[dbprof]}" | bc -l)"
  done
  g=${W[grep_-c]}
  if [ "$(echo "$g < 0.01" | bc)" = 1 ]; then g=0.01; fi # /usr/bin/time has 10 ms resolution
  printf '%-10s ratio dbprof / grep -c: wall %.1fx\n' "$f" "$(echo "${W[dbprof]} / $g" | bc -l)"
  printf '%-10s ratio java floor / grep -c: wall %.1fx\n' "$f" "$(echo "${W[java_floor]} / $g" | bc -l)"
  unset W C
done
echo "raw times: $out/times.tsv (format, tool, wall s, user s, sys s, max RSS KB, load average at start)"
