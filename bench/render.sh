#!/usr/bin/env bash
# make bench-render: the uncached in-process render cost of every page type at article
# scale (the fixtures only), on a fresh SQLite file and on PostgreSQL, against issue 10's
# budgets; writes bench/results-render.md (bench/render.py does the measuring).
#   RENDER_PG_URL   the PostgreSQL database to use (dropped and recreated); default
#                   postgres://postgres@127.0.0.1:5432/filmkb_render; skip = SQLite only.
#   RENDER_SAMPLES  renders per URL after a warm-up (median reported); default 15.
#   RENDER_WARMUP   warm-up renders per URL (PostgreSQL prepares its statements); default 8.
#   RENDER_LIMIT    URLs measured per page type (spread over the group); default 6, 0 = all.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
REPORT=bench/results-render.md
SCRATCH=bench/results
PG_URL=${RENDER_PG_URL:-postgres://postgres@127.0.0.1:5432/filmkb_render}
mkdir -p "$SCRATCH"
say() { printf '[render] %s\n' "$*" >&2; }

setup() {
    $PY manage.py migrate --noinput -v0
    $PY manage.py reload_fixtures --force -v0 >/dev/null
}

measure() {  # label
    {
        echo "### $1"
        echo
        echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average at the start $(cut -d' ' -f1-3 /proc/loadavg);" \
             "median of ${RENDER_SAMPLES:-15} renders per URL after ${RENDER_WARMUP:-8} to warm up; DEBUG off, page cache off."
        echo
        $PY bench/render.py --limit "${RENDER_LIMIT:-6}" 2>/dev/null
    } >> "$REPORT"
}

{
    echo "# Uncached render cost per page type (article scale)"
    echo
    echo "Written by \`make bench-render\` (\`bench/render.sh\`, \`bench/render.py\`). Every page the"
    echo "site has is rendered in process with Django's test client (every sitemap address, each"
    echo "film's section pages, every list and index, search), the page cache off; a row is the"
    echo "slowest of up to RENDER_LIMIT (6) URLs of its URL name. Budgets (issue 10): a film's pages 40 ms, other detail"
    echo "pages 15 ms, lists (a film's nominations among them), search, timeline and home 20 ms, at most 15 queries on any page;"
    echo "⚠ marks a miss."
    echo
} > "$REPORT"

say "SQLite (a fresh file)"
rm -f "$SCRATCH"/render.sqlite3*
(
    export DATABASE_URL="sqlite:///$PWD/$SCRATCH/render.sqlite3"
    setup
    measure "SQLite (default)"
)
if [ "$PG_URL" != skip ]; then
    say "PostgreSQL ($PG_URL)"
    base=${PG_URL%/*}; db=${PG_URL##*/}
    psql "$base/postgres" -v ON_ERROR_STOP=1 -qAt \
        -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    (
        export DATABASE_URL="$PG_URL"
        setup
        measure "PostgreSQL"
    )
fi
say "wrote $REPORT"
