# The README's two commands: `make run` (build, install the first-party plugins, start the host
# and exercise it) and `make test` (the whole test suite). Both install missing system packages.

AIP_HOME ?= $(CURDIR)/.aip-home
CC ?= cc
SWIFT ?= swift
BIN := $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)

.PHONY: all deps build run test bench plugins clean

all: build

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c release

# Installs the example plugins as plugins/NAME/VERSION/libNAME.so under AIP_HOME: every version
# gets its own path, because a Swift image cannot be unloaded and reloaded from the same path.
plugins: build
	@mkdir -p "$(AIP_HOME)/plugins/greeter/1.0.0" "$(AIP_HOME)/plugins/counter/1.0.0"
	cp "$(BIN)/libSwiftGreeterPlugin.so" "$(AIP_HOME)/plugins/greeter/1.0.0/libgreeter.so"
	$(MAKE) -s -C PluginSDK/Examples/c-counter OUT="$(AIP_HOME)/plugins/counter/1.0.0/libcounter.so"

run: plugins
	@echo "== AIP_HOME=$(AIP_HOME)"
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" plugins list
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" call greeter.greet '{"name":"world"}'
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" call counter.increment '{"by":2}'
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" call counter.add '[40, 2]'
	AIP_HOME="$(AIP_HOME)" "$(BIN)/aip" events tail 'greeter.#' --count 1 --timeout 10 --call 'greeter.greet={"name":"events"}'

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
	$(SWIFT) build -c release
	"$(BIN)/aip-bench"

clean:
	rm -rf .build "$(AIP_HOME)"
