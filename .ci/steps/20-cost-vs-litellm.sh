#!/usr/bin/env bash
# Peer check for the cost plugin (issue 7): our price arithmetic against LiteLLM's cost_per_token.
# LiteLLM's bundled price file is imported with our importer (cost-cli); for every model both
# catalogues price and several token counts, the two costs must agree within 1e-9 USD.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
# PyPI is reachable but not always quick: a failed install is tried again before giving up.
for attempt in 1 2 3; do
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check --retries 5 litellm && break
  [ "$attempt" -eq 3 ] && exit 1
  sleep $((attempt * 10))
done
export LITELLM_LOCAL_MODEL_COST_MAP=True   # the bundled map, never a download

"$work/venv/bin/python" - "$work/prices.json" <<'PY'
import json, sys
import litellm
with open(sys.argv[1], "w") as handle:
    json.dump(litellm.model_cost, handle, indent=4)
print(f"litellm {litellm.__version__ if hasattr(litellm, '__version__') else ''}: {len(litellm.model_cost)} entries in its bundled price map")
PY

swift build --product cost-cli
cli="$(swift build --show-bin-path)/cost-cli"
"$cli" check-prices "$work/prices.json"
# in,out,cached: small, cached, past 128k/200k/272k thresholds, a million input tokens, all cached.
"$cli" costs "$work/prices.json" 1000,500,0 1000,200,400 150000,1000,20000 250000,2000,50000 \
  1000000,10000,0 300000,0,300000 > "$work/ours.jsonl"
"$work/venv/bin/python" .ci/steps/cost_vs_litellm.py "$work/prices.json" < "$work/ours.jsonl" 2> "$work/litellm.log" || {
  echo "--- LiteLLM's log"; tail -20 "$work/litellm.log"; exit 1; }
