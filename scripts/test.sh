#!/usr/bin/env bash
# The whole suite, twice: on SQLite (the embedded default) and on PostgreSQL.
# Under CI=true the PostgreSQL run is compulsory; on a laptop without
# PostgreSQL it is skipped with a message.
set -uo pipefail
cd "$(dirname "$0")/.."
pytest=(.venv/bin/pytest "$@")

echo "== Test suite on SQLite =="
env -u DATABASE_URL "${pytest[@]}" -m "not postgres"
sqlite_status=$?

echo "== Test suite on PostgreSQL =="
scripts/with-postgres "${pytest[@]}"
pg_status=$?
if [ "$pg_status" = 97 ] && [ "${CI:-}" != "true" ]; then
  echo "PostgreSQL run SKIPPED: no PostgreSQL server here. Install postgresql or set DATABASE_URL." >&2
  pg_status=0
fi

[ "$sqlite_status" = 0 ] && [ "$pg_status" = 0 ]
