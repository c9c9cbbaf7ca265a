#!/usr/bin/env bash
# Marketplace install benchmark: 8 real C plugins (each a dependency chain link) published in a
# signed index, served by python3 -m http.server on 127.0.0.1, installed with one
# `aip market install` into an empty home. Prints the wall time of each run and the median.
#   Benchmarks/market-install-bench.sh [RUNS]      (after `swift build -c release`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
bin=$(swift build -c release --show-bin-path)
aip="$bin/aip"
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

published="$work/published"
mkdir -p "$published"
names=(p1 p2 p3 p4 p5 p6 p7 p8)
previous=""
for name in "${names[@]}"; do
  folder="$work/src/$name"
  mkdir -p "$folder"
  defines=(-DMP_NAME="\"$name\"" -DMP_VERSION='"1.0.0"')
  requires='[]'
  if [ -n "$previous" ]; then
    defines+=(-DMP_REQUIRES="\"$previous.version\"" -DMP_RANGE='"^1.0"')
    requires="[{\"name\": \"$previous.version\", \"range\": \"^1.0\"}]"
  fi
  cc -shared -fPIC -O2 -fvisibility=hidden -I "$root/PluginSDK/include" "${defines[@]}" \
    "$root/Tests/AIPMarketTests/Fixtures/market_plugin.c" -o "$folder/lib$name.so" -ljansson
  cat > "$folder/plugin.json" <<JSON
{"manifest_version": 1, "name": "$name", "version": "1.0.0", "description": "bench plugin $name", "license": "MIT",
 "authors": ["bench"], "language": "c", "abi": "1.1", "platform": "$(uname -m)-unknown-linux-gnu",
 "library": "lib$name.so", "thread_safe": true, "isolation": "either",
 "provides": [{"name": "$name.version", "version": "1.0.0"}], "requires": $requires,
 "permissions": {"publish": [], "subscribe": []}, "config_schema": null}
JSON
  echo "# $name" > "$folder/README.md"
  echo "MIT" > "$folder/LICENSE"
  "$aip" plugin pack "$folder" -o "$published" >/dev/null
  previous=$name
done
"$aip" market keygen -o "$work/key" >/dev/null
"$aip" market publish "$published" --key "$work/key" --name bench >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$published" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

times=()
for run in $(seq "$runs"); do
  home="$work/home-$run"
  AIP_HOME="$home" "$aip" market add bench "http://127.0.0.1:$port/index.json" --key "$("$aip" market keygen --show -o "$work/key")" >/dev/null
  start=$(date +%s%N)
  AIP_HOME="$home" "$aip" market install p8 >/dev/null
  end=$(date +%s%N)
  [ "$(ls "$home/plugins" | wc -l)" -eq 8 ] || { echo "run $run installed $(ls "$home/plugins")"; exit 1; }
  times+=($(( (end - start) / 1000000 )))
  echo "run $run: ${times[-1]} ms (8 plugins, empty home, loopback HTTP)"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median: ${sorted[$(( ${#sorted[@]} / 2 ))]} ms over $runs runs (target <= 2000 ms)"
