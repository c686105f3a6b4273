# shellcheck shell=bash
# A throwaway PostgreSQL 15 cluster in a temporary directory, for tests and
# the demo. Source this file, call pg_start_throwaway, and make sure
# pg_stop_throwaway runs (trap) whatever happens.
#
# After pg_start_throwaway:
#   PG_DIR      the cluster's directory (data in $PG_DIR/data, socket in $PG_DIR)
#   PG_PORT     its TCP port on 127.0.0.1
#   PG_ADMIN    conninfo of the superuser "postgres" (database "postgres")
# and the logins of docs/operations.md ("Roles"): mstation_owner (owner,
# CREATEROLE), mstation_daemon (in mstation_app), mstation_ops (in
# mstation_admin) and mstation_audit (in mstation_auditor).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# PostgreSQL refuses to run as root: run its programs as "postgres" then.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_port_is_free() {
  ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

pg_start_throwaway() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mstation-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
  fi
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  local attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    PG_PORT=$(( 20000 + RANDOM % 40000 ))
    pg_port_is_free "$PG_PORT" || continue
    # fsync off by default: a throwaway cluster never needs to survive a power
    # cut. Benchmarks of durable commits set PG_FSYNC=on.
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
         -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=200 ${PG_EXTRA_OPTIONS:-}" \
         >/dev/null; then
      PG_ADMIN="host=$PG_DIR port=$PG_PORT user=postgres dbname=postgres"
      export PG_DIR PG_PORT PG_ADMIN
      pg_create_roles
      return 0
    fi
    echo "pg: start on port $PG_PORT failed (attempt $attempt), trying another" >&2
  done
  tail -20 "$PG_DIR/server.log" >&2 || true
  return 1
}

# The roles as docs/operations.md creates them. The group roles are made
# here beforehand (rather than by the first migration) because the logins are
# made members before any database is migrated; migrations leave existing
# group roles alone.
pg_create_roles() {
  "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 "$PG_ADMIN" <<'SQL'
CREATE ROLE mstation_owner LOGIN CREATEROLE;
CREATE ROLE mstation_app NOLOGIN;
CREATE ROLE mstation_admin NOLOGIN;
CREATE ROLE mstation_auditor NOLOGIN;
CREATE ROLE mstation_daemon LOGIN IN ROLE mstation_app;
CREATE ROLE mstation_ops LOGIN IN ROLE mstation_admin;
CREATE ROLE mstation_audit LOGIN IN ROLE mstation_auditor;
SQL
}

pg_stop_throwaway() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
