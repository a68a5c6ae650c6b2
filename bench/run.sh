#!/usr/bin/env bash
# make bench: measure the site at scale on PostgreSQL and write bench/results.{md,json}.
#
# Needs PostgreSQL reachable (BENCH_DATABASE_URL, default the local server as
# user postgres) and installs wrk from Debian if it is missing. Scale with
#   BENCH_FILMS / BENCH_PEOPLE / BENCH_CREDITS   (default 10000 / 100000 / 1000000)
# e.g. BENCH_FILMS=500 BENCH_PEOPLE=5000 BENCH_CREDITS=50000 make bench for a quick run.
# BENCH_REUSE=1 keeps an already generated bench database (same counts) and its
# recorded generate timing. Scratch output goes to bench/results/ (gitignored).
# Then bench/invalidation.py checks invalidation with two films on that database,
# bench/render.sh and bench/throughput.sh write bench/results-render.md and
# bench/results-throughput.md (article scale), and all of it is appended to
# bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG_BASE=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-filmkb_bench}
FILMS=${BENCH_FILMS:-10000}
PEOPLE=${BENCH_PEOPLE:-100000}
CREDITS=${BENCH_CREDITS:-1000000}
SCRATCH=bench/results
mkdir -p "$SCRATCH"

say() { printf '[bench] %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    say "installing wrk"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
[ -x /usr/bin/time ] || { say "installing time"; apt-get install -y -q time >/dev/null || sudo apt-get install -y -q time >/dev/null; }

psql_admin() { psql "$PG_BASE/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }

# 4a. reload_fixtures of the article: its own fresh database, so the figure is the article alone.
say "reload_fixtures into a fresh ${DB}_reload"
psql_admin -c "DROP DATABASE IF EXISTS ${DB}_reload" -c "CREATE DATABASE ${DB}_reload"
DATABASE_URL="$PG_BASE/${DB}_reload" $PY manage.py migrate --noinput -v0
DATABASE_URL="$PG_BASE/${DB}_reload" /usr/bin/time -v -o "$SCRATCH/reload.time" \
    $PY manage.py reload_fixtures --force -v0
psql_admin -c "DROP DATABASE ${DB}_reload"

export DATABASE_URL="$PG_BASE/$DB"
export BENCH_GENERATE_ARGS="--films $FILMS --people $PEOPLE --credits $CREDITS"
have=""
if [ "${BENCH_REUSE:-0}" = 1 ] && psql_admin -l | cut -d'|' -f1 | grep -qx "$DB"; then
    have=$(psql "$DATABASE_URL" -qAt -c \
        "SELECT count(*) FROM films_film WHERE slug LIKE 'synthetic-%'" 2>/dev/null || true)
fi
if [ "$have" = "$FILMS" ] && [ -f "$SCRATCH/generate.time" ]; then
    say "reusing $DB with $FILMS synthetic films"
    $PY manage.py migrate --noinput -v0
else
    say "fresh $DB: migrate, load the article, generate $BENCH_GENERATE_ARGS"
    psql_admin -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
    $PY manage.py migrate --noinput -v0
    $PY manage.py reload_fixtures --force -v0
    # 4b. generate_scale_data time and peak memory.
    /usr/bin/time -v -o "$SCRATCH/generate.time" \
        $PY manage.py generate_scale_data $BENCH_GENERATE_ARGS
fi
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
$PY manage.py collectstatic --noinput -v0

# 1-3: throughput ratio, latency, queries per page; writes bench/results.{md,json}.
$PY bench/bench.py

# The two-film invalidation check and the no-op reload, on the same database.
$PY bench/invalidation.py > "$SCRATCH/invalidation.md" || say "invalidation check FAILED"

# Uncached render cost of every page type at article scale, SQLite and PostgreSQL
# (bench/results-render.md).
bash bench/render.sh

# Throughput as ratios to a bare WSGI app and the cache-busting load, at article scale
# on SQLite and PostgreSQL (bench/results-throughput.md).
bash bench/throughput.sh

# bench/results.md holds every figure: the at-scale sections above, then these.
append() {  # heading file
    { echo; echo "## $1"; echo; tail -n +2 "$2"; } >> bench/results.md
}
append "5. Uncached render cost per page type, article scale (bench/results-render.md)" \
    bench/results-render.md
append "6. Throughput as ratios to a bare WSGI app, article scale (bench/results-throughput.md)" \
    bench/results-throughput.md
append "7. Invalidation proportional to the edit (bench/invalidation.py)" \
    <(echo; cat "$SCRATCH/invalidation.md")
say "wrote bench/results.md"
