#!/usr/bin/env bash
# Peer check for the prompt plugin's MLflow-shaped export: loads the committed export
# (Tests/PromptCoreTests/Fixtures/mlflow-export.json, which PromptCoreTests compares with what the
# registry really exports) into MLflow's own entity classes, from mlflow-skinny in a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
# PyPI is reachable but not always quick: a failed install is tried again before giving up.
for attempt in 1 2 3; do
  "$work/venv/bin/pip" install -q --disable-pip-version-check --retries 5 "mlflow-skinny==3.17.2" && break
  [ "$attempt" -eq 3 ] && exit 1
  sleep $((attempt * 10))
done
MLFLOW_DISABLE_TELEMETRY=true "$work/venv/bin/python" Plugins/prompt/Tools/check_mlflow_export.py \
  Tests/PromptCoreTests/Fixtures/mlflow-export.json
