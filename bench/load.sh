#!/usr/bin/env bash
# make load: issue 7's load run. Serves the article with gunicorn exactly as `make run`
# does, drives it with wrk (64 connections, 30 seconds) over a mix of pages found by
# walking the site from /, and fails unless every answer was 2xx with no socket errors.
#
#   LOAD_DATABASE_URL  database to serve (default: a scratch SQLite file in bench/results/;
#                      e.g. postgres://postgres@127.0.0.1:5432/filmkb_load). It is migrated
#                      and reloaded from fixtures/, so never point it at data you care about.
#   LOAD_CONNECTIONS / LOAD_SECONDS / LOAD_THREADS / LOAD_PAGES / PORT / WORKERS
# Results: bench/results/load.json and a line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
SCRATCH=bench/results
PORT=${PORT:-8765}
WORKERS=${WORKERS:-2}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
SECONDS_=${LOAD_SECONDS:-30}
THREADS=${LOAD_THREADS:-2}
PAGES=${LOAD_PAGES:-40}
mkdir -p "$SCRATCH"
export DATABASE_URL=${LOAD_DATABASE_URL:-sqlite:///$PWD/$SCRATCH/load.sqlite3}

say() { printf '[load] %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    say "installing wrk"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi

say "preparing $DATABASE_URL as make run does"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py reload_fixtures --force -v0
$BIN/python manage.py collectstatic --noinput -v0

say "starting gunicorn on 127.0.0.1:$PORT with $WORKERS workers"
$BIN/gunicorn filmkb.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile "$SCRATCH/load-access.log" 2>"$SCRATCH/load-gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"

say "walking the site for up to $PAGES pages"
$BIN/python bench/load_urls.py "http://127.0.0.1:$PORT" "$PAGES" > "$SCRATCH/load-urls.txt"
say "$(wc -l < "$SCRATCH/load-urls.txt") pages in the mix"

say "wrk: $CONNECTIONS connections, ${SECONDS_}s, $THREADS threads"
LOAD_URLS="$SCRATCH/load-urls.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_}s" \
    --timeout 10s --latency -s bench/load.lua "http://127.0.0.1:$PORT" > "$SCRATCH/load-wrk.txt"
result=$(sed -n 's/^RESULT //p' "$SCRATCH/load-wrk.txt")
printf '%s\n' "$result" > "$SCRATCH/load.json"
echo "load: $result"
$BIN/python - "$SCRATCH/load.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = r["non_2xx"] + r["socket_errors"]
print(f"load: {r['requests']} requests, {r['rps']:.0f} rps, p50 {r['p50_ms']:.1f} ms, "
      f"p99 {r['p99_ms']:.1f} ms, non-2xx {r['non_2xx']}, socket errors {r['socket_errors']}")
sys.exit(1 if bad or r["requests"] == 0 else 0)
PY
