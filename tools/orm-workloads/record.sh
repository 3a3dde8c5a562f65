#!/usr/bin/env bash
# Records real server logs of real ORMs for dbprof's test fixtures.
#
#   tools/orm-workloads/record.sh [--no-install] [ORM-DB ...]
#
# ORM-DB is one of django-pg django-mariadb sqlalchemy-pg sqlalchemy-mariadb rails-pg
# rails-mariadb sequelize-pg sequelize-mariadb typeorm-pg typeorm-mariadb (default: all ten).
#
# For each run it starts a throw-away server (PostgreSQL 15 with pg_ctl as the postgres user,
# or MariaDB 10.11 with mariadbd --user=root) in a temp directory on a loopback port, creates
# the role/database `shop` (password `shop`), restarts the server with full statement logging,
# runs the workload, stops the server and copies its logs to
# core/src/test/resources/orm/<orm>-<db>/ :
#   PostgreSQL: postgresql.log (stderr), postgresql.csv (csvlog), postgresql.json (jsonlog)
#   MariaDB:    slow.log (slow query log, long_query_time=0), general.log (general query log)
# All files of one directory come from the SAME run of the workload.
# Needs root (apt-get, and the PostgreSQL server is run as the unprivileged `postgres` user).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$REPO/core/src/test/resources/orm"
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=${PGPORT:-54329}
MYPORT=${MYPORT:-33069}
export TZ=UTC

install=1
runs=()
for a in "$@"; do
  case "$a" in
    --no-install) install=0 ;;
    *) runs+=("$a") ;;
  esac
done
if [ ${#runs[@]} -eq 0 ]; then
  runs=(django-pg django-mariadb sqlalchemy-pg sqlalchemy-mariadb rails-pg rails-mariadb
        sequelize-pg sequelize-mariadb typeorm-pg typeorm-mariadb)
fi

if [ "$install" = 1 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    postgresql mariadb-server python3-django python3-sqlalchemy python3-psycopg2 python3-mysqldb \
    ruby-activerecord ruby-pg ruby-mysql2
  # Node.js: Debian's nodejs + npm unless a node with its npm is already there (a nodejs package
  # that bundles npm conflicts with Debian's npm package)
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
  fi
  (cd "$HERE/node" && npm ci --no-audit --no-fund)
fi

# Debian's python3 (the ORMs are Debian packages), not a pyenv shim that may be first on PATH.
PY=/usr/bin/python3

WORK="$(mktemp -d /tmp/orm-record.XXXXXX)"
chmod 755 "$WORK"
cleanup() {
  if [ -f "$WORK/pg/postmaster.pid" ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true; fi
  if [ -f "$WORK/my.pid" ]; then kill "$(cat "$WORK/my.pid")" 2>/dev/null || true; sleep 2; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pg_start() { # $1 = extra -o options
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/pg-ctl.log" -o "$1" start >/dev/null
}
pg_stop() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -m fast stop >/dev/null; }

pg_up() {
  rm -rf "$WORK/pg" "$WORK/pglog"
  mkdir -p "$WORK/pg" "$WORK/pglog"; chown postgres: "$WORK/pg" "$WORK/pglog"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$WORK/pg/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$WORK/pg'
log_timezone = 'UTC'
timezone = 'UTC'
logging_collector = on
log_directory = '$WORK/pglog'
log_filename = 'postgresql.log'
log_rotation_age = 0
log_rotation_size = 0
log_destination = 'stderr,csvlog,jsonlog'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 0
log_connections = on
log_disconnections = on
EOF
  # set-up pass without statement logging (not part of the fixture)
  pg_start "-c log_min_duration_statement=-1 -c log_connections=off -c log_disconnections=off -c log_directory=$WORK/pg"
  runuser -u postgres -- "$PGBIN/psql" -q -h "$WORK/pg" -p "$PGPORT" -U postgres -d postgres \
    -c "CREATE ROLE shop LOGIN PASSWORD 'shop'" -c "CREATE DATABASE shop OWNER shop"
  pg_stop
  pg_start ""
}

pg_down() { # $1 = destination dir
  pg_stop
  mkdir -p "$1"
  cp "$WORK/pglog/postgresql.log" "$1/postgresql.log"
  cp "$WORK/pglog/postgresql.csv" "$1/postgresql.csv"
  cp "$WORK/pglog/postgresql.json" "$1/postgresql.json"
}

my_start() { # extra options...
  rm -f "$WORK/my.sock"
  /usr/sbin/mariadbd --no-defaults --user=root --datadir="$WORK/my" --socket="$WORK/my.sock" \
    --port="$MYPORT" --bind-address=127.0.0.1 --pid-file="$WORK/my.pid" --log-error="$WORK/my-error.log" \
    --skip-log-bin --innodb-buffer-pool-size=64M --default-time-zone=+00:00 "$@" &
  for _ in $(seq 1 60); do [ -S "$WORK/my.sock" ] && return 0; sleep 0.5; done
  echo "mariadbd did not start" >&2; cat "$WORK/my-error.log" >&2; return 1
}
my_stop() {
  local pid; pid="$(cat "$WORK/my.pid")"
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$WORK/my.pid"
}

my_up() {
  rm -rf "$WORK/my" "$WORK/mylog"; mkdir -p "$WORK/my" "$WORK/mylog"
  mariadb-install-db --no-defaults --user=root --datadir="$WORK/my" --auth-root-authentication-method=socket \
    --skip-test-db >/dev/null
  my_start
  mariadb --no-defaults -uroot --socket="$WORK/my.sock" -e \
    "CREATE DATABASE shop CHARACTER SET utf8mb4; CREATE USER 'shop'@'127.0.0.1' IDENTIFIED BY 'shop'; GRANT ALL ON shop.* TO 'shop'@'127.0.0.1';"
  my_stop
  my_start --slow-query-log=1 --slow-query-log-file="$WORK/mylog/slow.log" --long-query-time=0 \
    --general-log=1 --general-log-file="$WORK/mylog/general.log" --log-output=FILE
}

my_down() { # $1 = destination dir
  my_stop
  mkdir -p "$1"
  cp "$WORK/mylog/slow.log" "$1/slow.log"
  cp "$WORK/mylog/general.log" "$1/general.log"
}

run_workload() { # $1 = orm, $2 = pg|mariadb
  local orm=$1 db=$2
  export SHOP_DB=$db SHOP_HOST=127.0.0.1 SHOP_USER=shop SHOP_PASSWORD=shop SHOP_NAME=shop
  if [ "$db" = pg ]; then export SHOP_PORT=$PGPORT; else export SHOP_PORT=$MYPORT; fi
  case "$orm" in
    django) (cd "$HERE/django" && "$PY" workload.py) ;;
    sqlalchemy) (cd "$HERE/sqlalchemy" && "$PY" workload.py) ;;
    rails) (cd "$HERE/rails" && ruby workload.rb) ;;
    sequelize) (cd "$HERE/node" && node sequelize/workload.js) ;;
    typeorm) (cd "$HERE/node" && node typeorm/workload.js) ;;
    *) echo "unknown ORM $orm" >&2; return 1 ;;
  esac
}

for r in "${runs[@]}"; do
  orm=${r%-*}; db=${r##*-}
  dest="$OUT/$orm-$db"
  echo "== $orm on $db" >&2
  rm -rf "$dest"
  if [ "$db" = pg ]; then
    pg_up
    if run_workload "$orm" pg; then pg_down "$dest"; else pg_stop; echo "!! $r failed" >&2; fi
  else
    my_up
    if run_workload "$orm" mariadb; then my_down "$dest"; else my_stop; echo "!! $r failed" >&2; fi
  fi
  [ -d "$dest" ] && wc -l "$dest"/* >&2
done
