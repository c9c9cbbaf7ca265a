#!/usr/bin/env bash
# Peer check for the gateway plugin (issue 8): the official `openai` and `anthropic` Python
# clients against the real daemon's own port (the gateway's routes on the http plugin, next to the
# admin API; plugins http, gateway, guardrails, prompt, cost) and the local
# upstream fixture: chat, streaming, tools, embeddings, errors, guardrails on input and mid-stream,
# an exhausted budget, fallback after 429, upstream time-out, malformed upstream JSON, a client
# leaving mid-stream, and /v1/messages.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for product in aipd HTTPPlugin GatewayPlugin GuardrailsPlugin PromptPlugin CostPlugin gateway-upstream; do
  swift build --product "$product" >/dev/null
done
bin="$(swift build --show-bin-path)"

python3 -m venv "$work/venv"
for attempt in 1 2 3; do
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check --retries 5 openai anthropic && break
  [ "$attempt" -eq 3 ] && exit 1
  sleep $((attempt * 10))
done

"$bin/gateway-upstream" --port 0 > "$work/upstream.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/upstream.out" && break; sleep 0.1; done
upstream=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/upstream.out")

token=ci-admin-token
mkdir -p "$work/home/plugins"
for plugin in HTTPPlugin GatewayPlugin GuardrailsPlugin PromptPlugin CostPlugin; do cp "$bin/lib$plugin.so" "$work/home/plugins/"; done
deployment() { printf '{"provider": "openai_compatible", "model": "%s", "base_url": "%s/v1"%s}' "$1" "$upstream" "${2:-}"; }
cat > "$work/home/config.json" <<JSON
{"plugins": {
  "http": {"port": 0, "tokens": [{"name": "ci", "sha256": "$(printf %s "$token" | sha256sum | cut -d' ' -f1)", "capabilities": ["*"]}]},
  "prompt": {"install_builtins": false},
  "guardrails": {"policies": {"outonly": {"input": {}, "output": {"pii": {"action": "redact"}}}}},
  "gateway": {"retries": 1, "backoff_ms": 10,
    "models": [
      {"name": "echo", "deployments": [$(deployment gpt-4o-mini)]},
      {"name": "flaky", "fallbacks": ["echo"], "deployments": [$(deployment fail-429)]},
      {"name": "slow", "deployments": [$(deployment slow-3000 ', "timeout_ms": 300')]},
      {"name": "garbled", "deployments": [$(deployment garbled)]},
      {"name": "drip", "deployments": [$(deployment drip-40)]},
      {"name": "emb", "mode": "embeddings", "deployments": [$(deployment text-embedding-3-small)]}]}}}
JSON
"$bin/aipd" --home "$work/home" --config "$work/home/config.json" --plugins-dir "$work/home/plugins" > "$work/aipd.out" 2> "$work/aipd.log" &
pids+=($!)
for _ in $(seq 300); do grep -q "aipd ready" "$work/aipd.out" && break; sleep 0.1; done
daemon=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/aipd.out")
[ -n "$daemon" ] || { echo "the daemon did not start"; tail -20 "$work/aipd.log"; exit 1; }
# The gateway registers its routes once the http plugin is up (a 404 for the admin token until then).
python3 - "$daemon" "$token" <<'PY'
import sys, time, urllib.error, urllib.request
url, token = sys.argv[1], sys.argv[2]
for _ in range(100):
    try:
        urllib.request.urlopen(urllib.request.Request(url + "/v1/models", headers={"Authorization": "Bearer " + token}))
        break
    except urllib.error.HTTPError as error:
        if error.code != 404:
            break
    time.sleep(0.1)
PY

GATEWAY_URL="$daemon" DAEMON_URL="$daemon" DAEMON_TOKEN="$token" UPSTREAM_URL="$upstream" \
  "$work/venv/bin/python" .ci/steps/gateway_clients.py || { echo "--- aipd log"; tail -30 "$work/aipd.log"; exit 1; }
