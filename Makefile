# The README's two commands: `make run` (build, install the first-party plugins, call two of them,
# then run the daemon aipd in the foreground) and `make test` (the whole test suite). Both install missing system packages.

AIP_HOME ?= $(CURDIR)/.aip-home
CC ?= cc
SWIFT ?= swift
BIN := $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)

.PHONY: all deps build run test bench market plugins clean

all: build

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c release

# The first-party marketplace: every plugin under Plugins/ and the SDK examples, packed and listed
# in an index signed with a key made for this home (AIP_HOME/first-party.key), served by file://.
MARKET_DIR ?= $(AIP_HOME)/first-party-market
MARKET_KEY ?= $(AIP_HOME)/first-party.key

market: build
	@mkdir -p "$(AIP_HOME)"
	bash Marketplace/publish-first-party.sh "$(BIN)" "$(MARKET_DIR)" "$(MARKET_KEY)"

# Installs every first-party package from that index into AIP_HOME/plugins/NAME/VERSION/.
plugins: market
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" market add first-party "file://$(MARKET_DIR)/index.json" \
	  --key "$$("$(BIN)/aip" market keygen --show -o "$(MARKET_KEY)")"
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" market install $$(AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" market search "" --json \
	  | python3 -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)))')

run: plugins
	@echo "== AIP_HOME=$(AIP_HOME)"
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" plugins list
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" call greeter.greet '{"name":"world"}'
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" call counter.add '[40, 2]'
	@echo "== starting aipd in the foreground on 127.0.0.1 (Ctrl-C stops it; SIGHUP reloads $(AIP_HOME)/config.json)"
	AIP_HOME="$(AIP_HOME)" exec "$(BIN)/aipd" --log-format text

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
	$(SWIFT) build -c release
	"$(BIN)/aip-bench"
	"$(BIN)/json-bench"
	"$(BIN)/market-bench"
	"$(BIN)/fetch-bench"
	bash Benchmarks/market-install-bench.sh
	"$(BIN)/cost-bench"
	"$(BIN)/prompt-bench"
	"$(BIN)/guardrails-bench"
	SKIP_BUILD=1 bash Benchmarks/daemon-bench.sh
	SKIP_BUILD=1 bash Benchmarks/gateway-bench.sh
	bash Plugins/guardrails/Bench/compare-python.sh

clean:
	rm -rf .build "$(AIP_HOME)"
