#!/usr/bin/env bash
# make bench-throughput: the throughput ratios to a bare WSGI app and the cache-busting
# load (bench/throughput.py), at article scale, on the default SQLite file as `make run`
# leaves it and on PostgreSQL; writes bench/results-throughput.md.
#   THROUGHPUT_PG_URL   the PostgreSQL database to use (dropped and recreated);
#                       default postgres://postgres@127.0.0.1:5432/filmkb_throughput;
#                       THROUGHPUT_PG_URL=skip measures SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
REPORT=bench/results-throughput.md
SCRATCH=bench/results
PG_URL=${THROUGHPUT_PG_URL:-postgres://postgres@127.0.0.1:5432/filmkb_throughput}
mkdir -p "$SCRATCH"
say() { printf '[throughput] %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    say "installing wrk"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi

{
    echo "# Throughput as ratios to a bare WSGI app"
    echo
    echo "Written by \`make bench-throughput\` (\`bench/throughput.sh\`, \`bench/throughput.py\`)."
    echo "Article scale (the fixtures only); the hello app (\`bench/hello.py\`) and the site are"
    echo "served one after the other by the same gunicorn settings as \`make run\`, in the same run."
    echo
} > "$REPORT"

setup() {
    $PY manage.py migrate --noinput -v0
    $PY manage.py reload_fixtures --force -v0 >/dev/null
}

$PY manage.py collectstatic --noinput -v0
say "SQLite (a fresh file, as make run leaves it)"
rm -f "$SCRATCH"/throughput.sqlite3*
(
    export DATABASE_URL="sqlite:///$PWD/$SCRATCH/throughput.sqlite3"
    setup
    $PY bench/throughput.py --label "SQLite (default), article" --report "$REPORT"
)
if [ "$PG_URL" != skip ]; then
    say "PostgreSQL ($PG_URL)"
    base=${PG_URL%/*}; db=${PG_URL##*/}
    psql "$base/postgres" -v ON_ERROR_STOP=1 -qAt \
        -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    (
        export DATABASE_URL="$PG_URL"
        setup
        $PY bench/throughput.py --label "PostgreSQL, article" --report "$REPORT"
    )
fi
say "wrote $REPORT"
