#!/usr/bin/env bash
# Daemon benchmark: requests/s and p50/p99 latency of POST /v1/call/{capability} on a trivial
# capability, in-process versus isolated (aip-plugin-runner), plus start-to-ready time and idle
# RSS. Needs wrk (Debian: apt-get install wrk). Release build; prints a table.
#
#   Benchmarks/daemon-bench.sh            # 10 s per run, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 Benchmarks/daemon-bench.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in HTTPPlugin aip-plugin-runner aipd; do swift build -c release --product "$product" >&2; done
fi
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
DAEMON_PID=""
cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/plugins"
cp "$BIN/libHTTPPlugin.so" "$WORK/plugins/"
cc -shared -fPIC -O2 -D_GNU_SOURCE -I PluginSDK/include Tests/DaemonTests/Fixtures/fx_echo.c -o "$WORK/plugins/libfx_echo.so"
TOKEN="bench-token-$RANDOM$RANDOM"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# start_daemon ISOLATION -> sets DAEMON_PID, URL, READY_MS (wall clock, spawn to the ready line)
start_daemon() {
    local isolation="$1"
    rm -rf "$WORK/home"; mkdir -p "$WORK/home"
    cat > "$WORK/config.json" <<JSON
{"host": {"log_level": "warning", "daemon": {"isolation": {"fx-echo": "$isolation"}}},
 "plugins": {"http": {"port": 0, "call_threads": 16,
   "tokens": [{"name": "bench", "sha256": "$HASH", "capabilities": ["*"]}]}}}
JSON
    # One start with an empty cache probes the plugin files; the measured start reuses the cache,
    # as every start after the first does.
    "$BIN/aipd" --home "$WORK/home" --config "$WORK/config.json" --plugins-dir "$WORK/plugins" \
        --log-level warning > "$WORK/warm.out" 2> "$WORK/warm.err" &
    DAEMON_PID=$!
    wait_ready "$WORK/warm.out"
    kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true
    local started; started=$(date +%s%N)
    AIP_PLUGIN_RUNNER="$BIN/aip-plugin-runner" "$BIN/aipd" --home "$WORK/home" --config "$WORK/config.json" \
        --plugins-dir "$WORK/plugins" --log-level warning > "$WORK/out" 2> "$WORK/err" &
    DAEMON_PID=$!
    wait_ready "$WORK/out"
    READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
    URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/out" | head -1)"
}

wait_ready() {
    for _ in $(seq 1 600); do grep -q "aipd ready" "$1" 2>/dev/null && return 0; sleep 0.01; done
    echo "aipd did not become ready:" >&2; cat "$WORK"/*.err >&2; exit 1
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# run_wrk -> sets RPS, P50, P99 (microseconds)
run_wrk() {
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' "$URL/v1/call/fx.echo" \
        || { echo "the warm-up call failed" >&2; exit 1; }
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$WORK/post.lua" "$URL/v1/call/fx.echo" > /dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "$URL/v1/call/fx.echo" > "$WORK/wrk.txt"
    if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "failed requests:" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
    RPS="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
    P50="$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt" | to_us)"
    P99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt" | to_us)"
}

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s/,"",v); print v*1000000 } }'; }

declare -A ROWS
for isolation in in-process process; do
    start_daemon "$isolation"
    sleep 1
    IDLE_RSS=$(rss_kib "$DAEMON_PID")
    RUNNER_RSS=0
    if [ "$isolation" = process ]; then
        RUNNER=$(pgrep -P "$DAEMON_PID" -f aip-plugin-runner | head -1 || true)
        [ -n "$RUNNER" ] && RUNNER_RSS=$(rss_kib "$RUNNER")
    fi
    run_wrk
    ROWS[$isolation]="$RPS $P50 $P99 $READY_MS $IDLE_RSS $RUNNER_RSS"
    kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; DAEMON_PID=""
done

read -r rps_in p50_in p99_in ready_in rss_in _ <<< "${ROWS[in-process]}"
read -r rps_iso p50_iso p99_iso ready_iso rss_iso runner_rss <<< "${ROWS[process]}"
echo
echo "aipd, POST /v1/call/fx.echo, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores"
printf '%-12s %12s %10s %10s %14s %14s %16s\n' "mode" "requests/s" "p50 (us)" "p99 (us)" "ready (ms)" "idle RSS (MiB)" "runner RSS (MiB)"
printf '%-12s %12s %10s %10s %14s %14.1f %16s\n' "in-process" "$rps_in" "$p50_in" "$p99_in" "$ready_in" "$(echo "$rss_in/1024" | bc -l)" "-"
printf '%-12s %12s %10s %10s %14s %14.1f %16.1f\n' "isolated" "$rps_iso" "$p50_iso" "$p99_iso" "$ready_iso" "$(echo "$rss_iso/1024" | bc -l)" "$(echo "$runner_rss/1024" | bc -l)"
echo "isolation adds $(echo "$p50_iso - $p50_in" | bc -l) us at p50 (target <= 30 us); targets: >= 20000 requests/s in-process, ready <= 200 ms"
