#!/usr/bin/env bash
# Builds the first-party marketplace: packs every plugin under Plugins/ and the SDK examples into
# .aipkg archives and publishes a signed index of them.
#
#   Marketplace/publish-first-party.sh BIN OUT KEYFILE
#     BIN      SwiftPM's bin folder of a release build (holds aip and the Swift plugins' .so files)
#     OUT      where the archives, index.json and index.json.sig go (served as is, e.g. file://OUT/index.json)
#     KEYFILE  the Ed25519 signing key; created with `aip market keygen` when missing
#
# Prints the public key last, for `aip market add first-party file://OUT/index.json --key ...`.
set -euo pipefail
bin=$1 out=$2 key=$3
root=$(cd "$(dirname "$0")/.." && pwd)
aip="$bin/aip"
mkdir -p "$out"
[ -f "$key" ] || "$aip" market keygen -o "$key" >/dev/null

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for manifest in "$root"/PluginSDK/Examples/*/plugin.json "$root"/Plugins/*/plugin.json; do
  [ -f "$manifest" ] || continue
  folder=$(dirname "$manifest")
  name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["name"])' "$manifest")
  library=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["library"])' "$manifest")
  language=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["language"])' "$manifest")
  mkdir -p "$stage/$name"
  cp "$manifest" "$stage/$name/plugin.json"
  for extra in README.md LICENSE; do
    if [ -f "$folder/$extra" ]; then cp "$folder/$extra" "$stage/$name/"; elif [ -f "$root/$extra" ]; then cp "$root/$extra" "$stage/$name/"; fi
  done
  if [ "$language" = "c" ]; then
    make -s -C "$folder" OUT="$stage/$name/$library" AIP_SDK_INCLUDE="$root/PluginSDK/include"
  else
    cp "$bin/$library" "$stage/$name/$library"
  fi
  "$aip" plugin pack "$stage/$name" -o "$out" >/dev/null
done
"$aip" market publish "$out" --key "$key" --name first-party --host-range "*"
