#!/usr/bin/env bash
# Peer check for the prompt plugin's MLflow-shaped export: loads the committed export
# (Tests/PromptCoreTests/Fixtures/mlflow-export.json, which PromptCoreTests compares with what the
# registry really exports) into MLflow's own entity classes, from mlflow-skinny in a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "mlflow-skinny==3.17.2"
MLFLOW_DISABLE_TELEMETRY=true "$work/venv/bin/python" Plugins/prompt/Tools/check_mlflow_export.py \
  Tests/PromptCoreTests/Fixtures/mlflow-export.json
