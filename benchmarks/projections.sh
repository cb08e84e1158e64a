#!/usr/bin/env bash
# Projection benchmarks for docs/benchmarks.md: rebuild throughput on >= 1,000,000 events,
# list-query latency with 1,000 and 1,000,000 tasks in the table, projection lag under a
# steady write load, and the read-your-writes wait's added latency.
#
#   bash benchmarks/projections.sh            # results: benchmarks/results/projections-<stamp>.jsonl
#
# Uses a fresh database tasklog_bench_proj on the server of TASKLOG_BENCH_DATABASE_URL (else
# TASKLOG_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres) and drops
# it at the end unless BENCH_KEEP=1. Knobs: BENCH_TASKS (1000000), BENCH_LAG_RATE (100/s),
# BENCH_LAG_SECONDS (30), BENCH_RYW_PAIRS (500). Traffic stays on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
TASKLOG=.venv/bin/tasklog
SERVER=${TASKLOG_BENCH_DATABASE_URL:-${TASKLOG_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}
DB=tasklog_bench_proj
URL="${SERVER%/*}/$DB"
TASKS=${BENCH_TASKS:-1000000}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p benchmarks/results
OUT=benchmarks/results/projections-$STAMP.jsonl

psql "$SERVER" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
PIDFILE=$(mktemp)
cleanup() {
    # The measurements run in a pipeline (a subshell): the projector's pid comes via a file.
    [ -s "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
    [ "${BENCH_KEEP:-0}" = 1 ] || psql "$SERVER" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
}
trap cleanup EXIT

{
    echo "{\"benchmark\": \"machine\", \"date\": \"$STAMP\", \"cpus\": $(nproc), \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"postgres\": \"$(psql "$SERVER" -Atc 'show server_version')\"}"
    # 1,000 tasks of one user: seed, build the read model, time the list queries.
    $PY benchmarks/projection_seed.py "$URL" p1k --tasks 1000 --users 1 >&2
    $PY benchmarks/projection_bench.py rebuild "$URL" p1k
    $PY benchmarks/projection_bench.py list "$URL" p1k --user user-0
    # 1,000,000 tasks of 1,000 users (~1.15 million events): rebuild throughput, then the
    # same user-sized list queries (user-0 again has 1,000 tasks) in a table 1,000x bigger.
    $PY benchmarks/projection_seed.py "$URL" p1m --tasks "$TASKS" --users 1000 >&2
    $PY benchmarks/projection_bench.py rebuild "$URL" p1m
    $PY benchmarks/projection_bench.py list "$URL" p1m --user user-0
    # Lag and read-your-writes against a separate `tasklog projector` process.
    TASKLOG_DATABASE_URL=$URL TASKLOG_DATABASE_SCHEMA=p1k TASKLOG_LOG_LEVEL=WARNING \
        $TASKLOG projector >&2 &
    echo $! >"$PIDFILE"
    sleep 5
    $PY benchmarks/projection_bench.py lag "$URL" p1k --rate "${BENCH_LAG_RATE:-100}" \
        --seconds "${BENCH_LAG_SECONDS:-30}"
    $PY benchmarks/projection_bench.py ryw "$URL" p1k --pairs "${BENCH_RYW_PAIRS:-500}"
    kill "$(cat "$PIDFILE")" && wait "$(cat "$PIDFILE")" || true
    : >"$PIDFILE"
    echo "{\"benchmark\": \"machine_after\", \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} | tee "$OUT"
echo "results in $OUT" >&2
