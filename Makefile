# Front door over CMake. `make demo` and `make test` are the README's two commands.
JOBS ?= $(shell nproc)
BUILD ?= build
PRESET ?= release
FUZZ_SECONDS ?= 600

.PHONY: all deps configure build demo test fuzz-build fuzz bench debug test-asan test-tsan format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake --preset $(PRESET)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/engine/inspectsim compare scenarios/kazakhstan/baseline.yaml scenarios/kazakhstan/unannounced.yaml

test: build fuzz-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The clang build of the loader's fuzz target, built before ctest runs it for a minute in
# `make test` (fuzz.scenario_loader); skipped, like that test, when clang++ is absent.
fuzz-build: deps
	@if command -v clang++ >/dev/null; then bash tests/fuzz/run_fuzz.sh --build-only; \
	else echo "clang++ not found: no fuzz run in make test"; fi

# A long fuzz run of the scenario loader (FUZZ_SECONDS, default 10 minutes).
fuzz: deps
	bash tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)

bench: build
	$(BUILD)/bench/event_queue_bench --benchmark_out=$(BUILD)/bench-event_queue.json
	$(BUILD)/bench/phold_bench --benchmark_out=$(BUILD)/bench-phold.json
	$(BUILD)/bench/scenario_bench --benchmark_out=$(BUILD)/bench-scenario.json
	/usr/bin/python3 scripts/merge_bench_json.py $(BUILD)/bench.json $(BUILD)/bench-event_queue.json $(BUILD)/bench-phold.json $(BUILD)/bench-scenario.json
	/usr/bin/python3 bench/simpy_mmc.py $(BUILD)/bench-scenario.json
	/usr/bin/python3 bench/peak_memory.py $(BUILD)/engine/inspectsim
	$(BUILD)/bench/phold --threads 1
	$(BUILD)/bench/phold --threads 2

debug: deps
	cmake --preset debug && cmake --build build-debug -j $(JOBS)

# Every test under AddressSanitizer and UndefinedBehaviorSanitizer, but the fuzz run (its own
# build) and the Python ones (python3 would need libasan preloaded before it starts).
test-asan: deps
	cmake --preset asan && cmake --build build-asan -j $(JOBS) && cd build-asan && ctest --output-on-failure -j $(JOBS) -LE "fuzz|python"

# ThreadSanitizer on the tests that run replications on several threads (see tests/tsan/).
test-tsan: deps
	cmake --preset tsan && cmake --build build-tsan -j $(JOBS) && cd build-tsan && \
	TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan/suppressions.txt second_deadlock_stack=1" \
	ctest --output-on-failure -j $(JOBS) -L threads

format:
	find engine tests bench bindings \( -name '*.cpp' -o -name '*.hpp' \) | xargs clang-format -i

# What CI checks (ctest format.clang_format): every C++ file as clang-format makes it.
format-check:
	bash scripts/check-format.sh

clean:
	rm -rf $(BUILD) build-debug build-asan build-tsan build-fuzz
