#!/usr/bin/env bash
# Side-by-side sensitive-word scan on the same 10,000 terms and the same 10 MB mixed Chinese and
# English corpus: this plugin's folding Aho-Corasick automaton (guardrails-bench, release build)
# against pyahocorasick and hyperscan from PyPI. Prints each engine's throughput and the ratios.
#
# A benchmark, not a test: it needs PyPI and takes a few minutes, so CI does not run it.
# Usage: Plugins/guardrails/Bench/compare-python.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/guardrails-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
swift build -c release --product guardrails-bench >&2
bin=$(swift build -c release --show-bin-path)
"$bin/guardrails-bench" --export "$work/data" | tee "$work/swift.txt"
swift_rate=$(sed -n 's/^swift_mb_per_s=//p' "$work/swift.txt")
swift_matches=$(sed -n 's/^swift_matches=//p' "$work/swift.txt")

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pyahocorasick hyperscan >&2
"$work/venv/bin/python" "$root/Plugins/guardrails/Bench/compare.py" "$work/data" "$swift_rate" "$swift_matches"
