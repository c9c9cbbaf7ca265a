#!/usr/bin/env bash
# Gateway benchmark (issue 8): non-streamed chat completions under wrk, side by side:
#   upstream direct             the local fixture (gateway-upstream) alone
#   gateway, no plugins         aipd with only the gateway plugin, on its own listener
#   gateway, full path          aipd with http, gateway, prompt, guardrails, cost: the request names a
#                               registered prompt, guardrails check input and output, cost checks the
#                               budget and records usage
#   gateway via http route      the same full path through the http plugin's registered route
#   LiteLLM proxy               `litellm[proxy]` in a venv, same upstream, no database
# Requests/s and p50/p99 at CONNECTIONS connections, then p50 at one connection (the overhead over
# direct), and the CPU (us) the server and the upstream fixture each used per request. Needs wrk (apt-get install wrk); release build; prints a table.
#
#   Benchmarks/gateway-bench.sh                    # 10 s per run, 2 threads, 32 connections
#   SKIP_LITELLM=1 DURATION=5s Benchmarks/gateway-bench.sh
#   SKIP_BUILD=1 BIN=/tmp/before Benchmarks/gateway-bench.sh   # binaries copied from an earlier build
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in gateway-upstream aipd HTTPPlugin GatewayPlugin GuardrailsPlugin PromptPlugin CostPlugin; do
        swift build -c release --product "$product" >&2
    done
fi
# BIN=dir: binaries from elsewhere (e.g. a copy of an earlier build, for a before/after table).
BIN="${BIN:-$(swift build -c release --show-bin-path)}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/gateway-upstream" --port 0 > "$WORK/upstream.out" 2>/dev/null &
PIDS+=($!)
UPSTREAM_PID=$!
for _ in $(seq 100); do grep -qs listening "$WORK/upstream.out" && break; sleep 0.05; done
UPSTREAM="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/upstream.out")"
TOKEN="bench-token-$RANDOM$RANDOM"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
QUESTION="Where is my parcel? It was ordered last week and the tracking page has not changed since Monday."

# lua SCRIPT BODY [TOKEN]: the wrk script, and the body and token for the check request
lua() {
    printf '%s' "$2" > "$WORK/$1.json"
    printf '%s' "${3:-}" > "$WORK/$1.token"
    local body="${2//\\/\\\\}"
    body="${body//\"/\\\"}"
    cat > "$WORK/$1.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/json"
LUA
    if [ -n "${3:-}" ]; then echo "wrk.headers[\"Authorization\"] = \"Bearer $3\"" >> "$WORK/$1.lua"; fi
}
lua direct "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"$QUESTION\"}]}"
lua plain "{\"model\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": \"$QUESTION\"}]}"
lua full "{\"prompt\": \"bench.support@production\", \"variables\": {\"question\": \"$QUESTION\"}, \"user\": \"bench\"}"
lua routed "{\"prompt\": \"bench.support@production\", \"variables\": {\"question\": \"$QUESTION\"}, \"user\": \"bench\"}" "$TOKEN"
lua litellm "{\"model\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": \"$QUESTION\"}]}" "sk-bench-master"

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else { sub(/s/,"",v); print v*1000000 } }'; }

# cpu_ticks PID -> user+system clock ticks the process has used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure NAME URL SCRIPT SERVER_PID -> a table row; then the one-connection p50. Also the CPU the
# server and the upstream fixture each spent per request in the main run: all of it comes out of
# the same cores, so a costly fixture lowers every other row.
declare -A RESULTS
measure() {
    local name="$1" url="$2" script="$3" server="$4"
    local check; check=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $(cat "$WORK/$script.token")" --data-binary @"$WORK/$script.json" "$url")
    [ "$check" = 200 ] || { echo "$name: the check request answered $check: $(cat "$WORK/check.json")" >&2; exit 1; }
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$WORK/$script.lua" "$url" > /dev/null
    local server_before upstream_before
    server_before="$(cpu_ticks "$server")"
    upstream_before="$(cpu_ticks "$UPSTREAM_PID")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/$script.lua" "$url" > "$WORK/wrk.txt"
    local server_ticks=$(( $(cpu_ticks "$server") - server_before )) upstream_ticks=$(( $(cpu_ticks "$UPSTREAM_PID") - upstream_before ))
    local count; count="$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")"
    local tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
    local server_cpu=$(( server_ticks * tick_us / count )) upstream_cpu=$(( upstream_ticks * tick_us / count ))
    if grep -q "Non-2xx\|Socket errors" "$WORK/wrk.txt"; then echo "$name: failed requests" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
    local rps p50 p99 single
    rps="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
    p50="$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt" | to_us)"
    p99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt" | to_us)"
    wrk -t1 -c1 -d"$DURATION" --latency -s "$WORK/$script.lua" "$url" > "$WORK/wrk1.txt"
    single="$(awk '$1 == "50%" {print $2}' "$WORK/wrk1.txt" | to_us)"
    RESULTS[$name]="$rps $p50 $p99 $single $server_cpu $upstream_cpu"
    echo "$name: $rps requests/s, p50 $p50 us, p99 $p99 us; one connection p50 $single us; CPU per request: server $server_cpu us, upstream $upstream_cpu us" >&2
}

# start_aipd NAME PLUGINS... -> GATEWAY (its listener) and DAEMON (the http plugin) URLs
start_aipd() {
    local name="$1"; shift
    mkdir -p "$WORK/$name/plugins"
    for plugin in "$@"; do cp "$BIN/lib$plugin.so" "$WORK/$name/plugins/"; done
    cat > "$WORK/$name/config.json" <<JSON
{"host": {"log_level": "warning"},
 "plugins": {"http": {"port": 0, "call_threads": 16, "tokens": [{"name": "bench", "sha256": "$HASH", "capabilities": ["*"]}]},
   "prompt": {"install_builtins": false},
   "gateway": {"listen": {"port": 0}, "models": [{"name": "chat", "deployments": [
     {"provider": "openai_compatible", "model": "gpt-4o-mini", "base_url": "$UPSTREAM/v1"}]}]}}}
JSON
    "$BIN/aipd" --home "$WORK/$name" --config "$WORK/$name/config.json" --plugins-dir "$WORK/$name/plugins" --log-level info \
        > "$WORK/$name/out" 2> "$WORK/$name/log" &
    PIDS+=($!)
    for _ in $(seq 600); do grep -qa "gateway listening" "$WORK/$name/log" && break; sleep 0.05; done
    GATEWAY="$(grep -ao 'gateway listening on http://127.0.0.1:[0-9]*' "$WORK/$name/log" | grep -o 'http.*')"
    DAEMON="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/$name/out" | head -1 || true)"
    [ -n "$GATEWAY" ] || { echo "aipd ($name) did not start:" >&2; tail -20 "$WORK/$name/log" >&2; exit 1; }
}

stop_last() { local pid="${PIDS[-1]}"; kill "$pid"; wait "$pid" 2>/dev/null || true; unset 'PIDS[-1]'; }

measure "upstream direct" "$UPSTREAM/v1/chat/completions" direct "$UPSTREAM_PID"

start_aipd bare GatewayPlugin
measure "gateway, no plugins" "$GATEWAY/v1/chat/completions" plain "${PIDS[-1]}"
stop_last

start_aipd full HTTPPlugin GatewayPlugin GuardrailsPlugin PromptPlugin CostPlugin
for _ in $(seq 100); do [ -n "$DAEMON" ] && break; sleep 0.05; DAEMON="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/full/out" | head -1 || true)"; done
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$DAEMON/v1/call/prompt.create" -d '{
  "name": "bench.support", "template": [{"role": "system", "content": "You are a support agent for an online shop. Answer briefly."},
  {"role": "user", "content": "{{question}}"}], "model_parameters": {"model": "chat", "temperature": 0.2}}'
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$DAEMON/v1/call/prompt.alias.set" \
    -d '{"name": "bench.support", "alias": "production", "version": 1}'
steps="$(curl -s "$GATEWAY/v1/models" | grep -o '"steps":{[^}]*}')"
echo "full path steps: $steps" >&2
measure "gateway, prompt+guardrails+cost" "$GATEWAY/v1/chat/completions" full "${PIDS[-1]}"
measure "gateway via http route (full)" "$DAEMON/v1/chat/completions" routed "${PIDS[-1]}"
stop_last

if [ "${SKIP_LITELLM:-0}" != 1 ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check 'litellm[proxy]' >&2
    cat > "$WORK/litellm.yaml" <<YAML
model_list:
  - model_name: chat
    litellm_params: {model: openai/gpt-4o-mini, api_base: "$UPSTREAM/v1", api_key: unused}
general_settings: {master_key: sk-bench-master}
litellm_settings: {telemetry: false}
YAML
    PORT=$(( 20000 + RANDOM % 20000 ))
    LITELLM_LOCAL_MODEL_COST_MAP=True "$WORK/venv/bin/litellm" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$PORT" \
        > "$WORK/litellm.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/liveliness" && break; sleep 0.2; done
    measure "LiteLLM proxy" "http://127.0.0.1:$PORT/v1/chat/completions" litellm "${PIDS[-1]}"
fi

echo
echo "non-streamed chat completions, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores; one-connection p50 from wrk -t1 -c1"
printf '%-34s %12s %10s %10s %14s %14s %16s %18s\n' "path" "requests/s" "p50 (us)" "p99 (us)" "p50 @1 (us)" "overhead (us)" "server CPU/req" "upstream CPU/req"
read -r _ _ _ direct_single _ <<< "${RESULTS[upstream direct]}"
for name in "upstream direct" "gateway, no plugins" "gateway, prompt+guardrails+cost" "gateway via http route (full)" "LiteLLM proxy"; do
    [ -n "${RESULTS[$name]:-}" ] || continue
    read -r rps p50 p99 single server_cpu upstream_cpu <<< "${RESULTS[$name]}"
    printf '%-34s %12s %10s %10s %14s %14s %16s %18s\n' "$name" "$rps" "$p50" "$p99" "$single" "$(echo "$single - $direct_single" | bc -l)" \
        "$server_cpu" "$upstream_cpu"
done
echo "targets: full path >= 5000 requests/s with p99 < 20000 us at $CONNECTIONS connections; <= 300 us p50 overhead over direct at one connection"
