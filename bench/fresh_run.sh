#!/usr/bin/env bash
# Time `git clone` + `make run` to the first page served, as a new user would.
#
#   bench/fresh_run.sh [PORT]
#
# Clones HEAD into a temporary folder, starts `make run` there, and polls the
# home page until it answers 200; prints the seconds from the clone to that
# answer, then stops the server and removes the clone. What it costs depends on
# what the machine already has: the Debian packages `make run` installs when
# missing, and pip's download cache. The README quotes both cases.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8765}"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill -- -"$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s%N)
git clone --quiet --no-local . "$work/clone"
set -m
make --no-print-directory -C "$work/clone" run PORT="$port" >"$work/run.log" 2>&1 &
server=$!
set +m
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
  if ! kill -0 "$server" 2>/dev/null; then
    tail -30 "$work/run.log" >&2
    echo "fresh_run: make run stopped before serving a page" >&2
    exit 1
  fi
  sleep 0.5
done
end=$(date +%s%N)
grep "^==>" "$work/run.log"
ms=$(((end - start) / 1000000))
printf 'fresh_run: git clone + make run served http://127.0.0.1:%s/ after %d.%d s\n' "$port" $((ms / 1000)) $((ms % 1000 / 100))
