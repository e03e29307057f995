#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests, from Debian's packages.
# Prints the line to eval:  eval "$(bash scripts/start_postgres.sh)"
# It leaves the server running (CI's machine goes away after the run).
set -euo pipefail
PORT="${DLDASH_PG_PORT:-54329}"
DATA="${DLDASH_PG_DATA:-/tmp/dldash-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
URL="postgresql+psycopg://dldash:dldash@127.0.0.1:${PORT}/dldash_test"

if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  chown postgres:postgres "$DATA"
  su postgres -s /bin/sh -c "$BIN/initdb -D '$DATA' -A trust -U postgres" >/dev/null
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D '$DATA' -l '$DATA/server.log' -w \
    -o \"-c listen_addresses=127.0.0.1 -p $PORT -k /tmp\" start" >/dev/null
  su postgres -s /bin/sh -c "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -qc \
    \"CREATE ROLE dldash LOGIN PASSWORD 'dldash'\"" >/dev/null
  su postgres -s /bin/sh -c "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -qc \
    \"CREATE DATABASE dldash_test OWNER dldash\"" >/dev/null
  su postgres -s /bin/sh -c "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -qc \
    \"CREATE DATABASE dldash_migrations OWNER dldash\"" >/dev/null
fi
echo "export DLDASH_TEST_POSTGRES_URL='$URL'"
