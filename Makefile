# Front door over CMake. `make demo` and `make test` are the README's two commands.
JOBS ?= $(shell nproc)
BUILD ?= build
PRESET ?= release

.PHONY: all deps configure build demo test bench debug test-asan format clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake --preset $(PRESET)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/engine/inspectsim compare scenarios/kazakhstan/baseline.yaml scenarios/kazakhstan/unannounced.yaml

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bench/event_queue_bench --benchmark_out=$(BUILD)/bench-event_queue.json
	$(BUILD)/bench/phold_bench --benchmark_out=$(BUILD)/bench-phold.json
	$(BUILD)/bench/scenario_bench --benchmark_out=$(BUILD)/bench-scenario.json
	/usr/bin/python3 scripts/merge_bench_json.py $(BUILD)/bench.json $(BUILD)/bench-event_queue.json $(BUILD)/bench-phold.json $(BUILD)/bench-scenario.json
	$(BUILD)/bench/phold

debug: deps
	cmake --preset debug && cmake --build build-debug -j $(JOBS)

test-asan: deps
	cmake --preset asan && cmake --build build-asan -j $(JOBS) && cd build-asan && ctest --output-on-failure -j $(JOBS)

format:
	find engine tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-debug build-asan
