#!/usr/bin/env bash
# Daemon benchmark: requests/s and p50/p99 latency of POST /v1/call/fx.echo (a trivial C
# capability), in-process versus isolated (aip-plugin-runner), under load (CONNECTIONS) and one
# request at a time (1 connection, where the isolation overhead per call shows plainly); the
# daemon's start-to-ready time with every first-party plugin; idle RSS. Needs wrk (Debian: apt-get
# install wrk). Release build; prints a table, with the machine's load average beside each row.
#
#   Benchmarks/daemon-bench.sh            # 10 s per run, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 Benchmarks/daemon-bench.sh
#   SKIP_BUILD=1 STARTS=20 Benchmarks/daemon-bench.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
STARTS="${STARTS:-10}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cd "$ROOT"
FIRST_PARTY=(HTTPPlugin GuardrailsPlugin PromptPlugin CostPlugin)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in "${FIRST_PARTY[@]}" aip-plugin-runner aipd; do swift build -c release --product "$product" >&2; done
fi
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
DAEMON_PID=""
cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# plugins/      http + fx-echo: the throughput runs
# all-plugins/  every first-party plugin + fx-echo: the start-to-ready runs
mkdir -p "$WORK/plugins" "$WORK/all-plugins"
cp "$BIN/libHTTPPlugin.so" "$WORK/plugins/"
for product in "${FIRST_PARTY[@]}"; do cp "$BIN/lib$product.so" "$WORK/all-plugins/"; done
cc -shared -fPIC -O2 -D_GNU_SOURCE -I PluginSDK/include Tests/DaemonTests/Fixtures/fx_echo.c -o "$WORK/plugins/libfx_echo.so"
cp "$WORK/plugins/libfx_echo.so" "$WORK/all-plugins/"
TOKEN="bench-token-$RANDOM$RANDOM"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

load() { cut -d' ' -f1 /proc/loadavg; }

write_config() { # ISOLATION
    cat > "$WORK/config.json" <<JSON
{"host": {"log_level": "warning", "daemon": {"isolation": {"fx-echo": "$1"}}},
 "plugins": {"http": {"port": 0, "call_threads": 16,
   "tokens": [{"name": "bench", "sha256": "$HASH", "capabilities": ["*"]}]}}}
JSON
}

# start_daemon PLUGINS_DIR -> sets DAEMON_PID, URL, READY_MS (wall clock, spawn to the ready line)
start_daemon() {
    local started; started=$(date +%s%N)
    AIP_PLUGIN_RUNNER="$BIN/aip-plugin-runner" "$BIN/aipd" --home "$WORK/home" --config "$WORK/config.json" \
        --plugins-dir "$1" --log-level warning > "$WORK/out" 2> "$WORK/err" &
    DAEMON_PID=$!
    for _ in $(seq 1 15000); do grep -q "aipd ready" "$WORK/out" 2>/dev/null && break; sleep 0.002; done
    grep -q "aipd ready" "$WORK/out" || { echo "aipd did not become ready:" >&2; cat "$WORK/err" >&2; exit 1; }
    READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
    URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/out" | head -1)"
}

stop_daemon() {
    kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; DAEMON_PID=""
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s/,"",v); print v*1000000 } }'; }

# run_wrk CONNECTIONS -> sets RPS, P50, P99 (microseconds), LOAD (1-minute load average after the run)
run_wrk() {
    local connections="$1" threads="$THREADS"
    [ "$connections" -lt "$threads" ] && threads="$connections"
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' "$URL/v1/call/fx.echo" \
        || { echo "the warm-up call failed" >&2; exit 1; }
    wrk -t"$threads" -c"$connections" -d2s -s "$WORK/post.lua" "$URL/v1/call/fx.echo" > /dev/null
    wrk -t"$threads" -c"$connections" -d"$DURATION" --latency -s "$WORK/post.lua" "$URL/v1/call/fx.echo" > "$WORK/wrk.txt"
    if grep -q "Non-2xx\|Socket errors" "$WORK/wrk.txt"; then echo "failed requests:" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
    RPS="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")"
    P50="$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt" | to_us)"
    P99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt" | to_us)"
    LOAD="$(load)"
}

declare -A RESULT
for isolation in in-process process; do
    write_config "$isolation"
    rm -rf "$WORK/home"; mkdir -p "$WORK/home"
    start_daemon "$WORK/plugins"
    sleep 1
    RESULT[$isolation.rss]=$(rss_kib "$DAEMON_PID")
    RESULT[$isolation.runner_rss]=0
    if [ "$isolation" = process ]; then
        runner=$(pgrep -P "$DAEMON_PID" -f aip-plugin-runner | head -1 || true)
        [ -n "$runner" ] && RESULT[$isolation.runner_rss]=$(rss_kib "$runner")
    fi
    for connections in "$CONNECTIONS" 1; do
        run_wrk "$connections"
        RESULT[$isolation.$connections]="$RPS $P50 $P99 $LOAD"
    done
    stop_daemon
done

# Start-to-ready with every first-party plugin: the first start probes the plugin files (cold),
# the later ones reuse the probe cache, as every start after the first does; median of STARTS.
write_config in-process
rm -rf "$WORK/home"; mkdir -p "$WORK/home"
start_daemon "$WORK/all-plugins"
COLD_MS=$READY_MS
PLUGIN_COUNT=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/v1/plugins" | grep -o '"state":"running"' | wc -l)
sleep 1
ALL_RSS=$(rss_kib "$DAEMON_PID")
stop_daemon
READIES=()
for _ in $(seq 1 "$STARTS"); do
    start_daemon "$WORK/all-plugins"
    READIES+=("$READY_MS")
    stop_daemon
done
WARM_MS=$(printf '%s\n' "${READIES[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }')
WARM_MAX=$(printf '%s\n' "${READIES[@]}" | sort -n | tail -1)
READY_LOAD="$(load)"

mib() { echo "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }
echo
echo "aipd, POST /v1/call/fx.echo, wrk -t$THREADS -d$DURATION, $(nproc) cores; load = 1-minute load average after each run"
printf '%-12s %6s %12s %10s %10s %8s\n' "mode" "conns" "requests/s" "p50 (us)" "p99 (us)" "load"
for connections in "$CONNECTIONS" 1; do
    for isolation in in-process process; do
        read -r rps p50 p99 runload <<< "${RESULT[$isolation.$connections]}"
        printf '%-12s %6s %12s %10s %10s %8s\n' "$([ "$isolation" = process ] && echo isolated || echo in-process)" "$connections" "$rps" "$p50" "$p99" "$runload"
    done
done
echo
for connections in "$CONNECTIONS" 1; do
    read -r _ p50_in _ _ <<< "${RESULT[in-process.$connections]}"
    read -r _ p50_iso _ _ <<< "${RESULT[process.$connections]}"
    printf 'isolation adds %6.0f us per call at p50 with %2s connection(s) (target <= 30 us)\n' "$(echo "$p50_iso - $p50_in" | bc -l)" "$connections"
done
read -r rps_in _ _ _ <<< "${RESULT[in-process.$CONNECTIONS]}"
echo "in-process throughput: $rps_in requests/s with $CONNECTIONS connections (target >= 20000)"
echo "start-to-ready, $PLUGIN_COUNT plugins running (http, guardrails, prompt, cost, fx-echo): median $WARM_MS ms, max $WARM_MAX ms over $STARTS starts, first (cold) start $COLD_MS ms (target <= 200 ms; load $READY_LOAD)"
echo "idle RSS: daemon with http + fx-echo $(mib "${RESULT[in-process.rss]}") MiB in-process, $(mib "${RESULT[process.rss]}") MiB isolated + runner $(mib "${RESULT[process.runner_rss]}") MiB; with every first-party plugin $(mib "$ALL_RSS") MiB"
