#!/usr/bin/env bash
# Fuzzes the scenario loader: builds the `fuzz` preset (clang; ASan, UBSan, libFuzzer) into
# build-fuzz if needed, then runs tests/fuzz/scenario_loader_fuzz for SECONDS seconds, seeded
# with the shipped scenarios. Exit 0 only if no input crashed, hung, leaked or tripped a sanitizer.
# New interesting inputs accumulate in build-fuzz/corpus; a failing input is saved in
# build-fuzz/artifacts/ (replay it: build-fuzz/tests/fuzz/scenario_loader_fuzz FILE).
# Usage: run_fuzz.sh SECONDS (make fuzz: 600; make test: 60, through ctest) | run_fuzz.sh --build-only
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/build-fuzz"
cd "$src"

# Several ctest runs may share this tree: one configures and builds at a time.
mkdir -p "$build"
(
  flock 9
  [ -f "$build/CMakeCache.txt" ] || cmake --preset fuzz >/dev/null
  cmake --build "$build" --target scenario_loader_fuzz -j "${JOBS:-$(nproc)}" >"$build/build.log" 2>&1 ||
    { tail -40 "$build/build.log"; exit 1; }
) 9>"$build/.build.lock"
[ "${1:-}" = "--build-only" ] && exit 0
seconds=${1:-60}

# Dictionary: every key the loader knows (read from the declaration in schema.cpp, so it never
# goes stale; the rows start with {"path"), the choices' words, and the YAML tokens that steer inputs into the loader's branches.
dict="$build/scenario.dict"
{
  grep -oE '^ *\{"[a-z_.*A-Z]+"' engine/src/scenario/schema.cpp | grep -oE '[a-z_]+' | sort -u | sed 's/.*/"&"/'
  grep -o '"[a-z_0-9]*"' engine/src/scenario/keys.hpp engine/include/inspectsim/scenario/choices.hpp | cut -d: -f2 | sort -u
  printf '"%s"\n' 'extends: ' '#set ' ': ' '- ' '{' '}' '[' ']' '&a ' '*a' '.nan' '.inf' '-1' '1e12' \
    'true' 'false' '~' 'unannounced' 'prior' 'gamma' 'lognormal' 'fixed' 'exponential' 'random' 'risk' \
    'longest_since_inspection' 'capacity' 'asap' 'even' 'distinct' 'with_replacement' 'source: ' 'assumption: ' 'value: ' 'range: ' 'distribution: ' '2147483648' '4294967296'
} | sed 's/^/kw=/' >"$dict"

mkdir -p "$build/corpus" "$build/artifacts"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
set +e
"$build/tests/fuzz/scenario_loader_fuzz" "$build/corpus" "$src/scenarios" \
  -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 2>&1 | grep -v -E '^#[0-9]+\s+(NEW|REDUCE)'
status=${PIPESTATUS[0]}
echo "run_fuzz: $seconds s, exit $status"
exit "$status"
