#!/usr/bin/env bash
# Command-line tests of `inspectsim calibrate`: bad input exits 2 with file:line:key, a fit writes a
# calibrated scenario that validates and extends the scenario, JSON, and Ctrl-C keeps the best
# point so far (exit 130).
# Usage: calibrate_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"

valid_json() { /usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$1"; }

scenario() {  # scenario FILE FREE-LINES...: small.yaml with two targets and the free parameters given
  { printf 'extends: %s\ncalibration:\n  targets:\n' "$small"
    printf '    - {metric: complaints, tolerance: 0.05, published: 520}\n'
    printf '    - {metric: wage_arrears.detections, tolerance: 0.05, published: 300}\n'
    printf '  free:\n'
    printf '    %s\n' "${@:2}"; } >"$1"
}

# bad input: exit 2, file:line:key
scenario "$work/unknown.yaml" "complaints.awarenes: [0.1, 0.9]"
check "unknown free key" expect_exit 2 "$bin" calibrate "$work/unknown.yaml"
check "unknown free key message" contains "$work/err" "^error: $work/unknown.yaml:7:5: calibration.free.complaints.awarenes: unknown free key"
scenario "$work/word.yaml" "policy.plan.targeting: [0, 1]"
check "free key not a number" expect_exit 2 "$bin" calibrate "$work/word.yaml"
check "free key not a number message" contains "$work/err" "^error: $work/word.yaml:7:5: calibration.free.policy.plan.targeting: free key 'policy.plan.targeting' is not a number"
scenario "$work/backwards.yaml" "complaints.awareness: [0.9, 0.1]"
check "low > high" expect_exit 2 "$bin" calibrate "$work/backwards.yaml"
check "low > high message" contains "$work/err" "^error: $work/backwards.yaml:7:.*calibration.free.complaints.awareness: expected \[low, high\] with low <= high"
scenario "$work/beyond.yaml" "complaints.awareness: [0.1, 1.5]"
check "range beyond the key's values" expect_exit 2 "$bin" calibrate "$work/beyond.yaml"
check "range beyond message" contains "$work/err" "^error: $work/beyond.yaml:7:.*calibration.free.complaints.awareness: expected a range within the key's values, a share in \[0, 1\]"
scenario "$work/nope.yaml" "violations.nope.detection_probability: [0.1, 0.9]"
check "unknown item" expect_exit 2 "$bin" calibrate "$work/nope.yaml"
check "unknown item message" contains "$work/err" "^error: $work/nope.yaml:7:5: calibration.free.violations.nope.detection_probability: unknown free key"
check "validate refuses it too" expect_exit 2 "$bin" validate "$work/nope.yaml"
check "no free parameters" expect_exit 2 "$bin" calibrate "$small"
check "no free parameters message" contains "$work/err" "has no calibration.targets"
check "csv refused" expect_exit 2 "$bin" calibrate "$work/unknown.yaml" -f csv

# a fit: the report, the calibrated scenario, JSON
scenario "$work/fit.yaml" "complaints.rate_per_exposed_worker_year: [0.005, 0.05]" \
  "violations.wage_arrears.detection_probability: [0.3, 1.0]"
mkdir -p "$work/out.d"
check "fit" expect_exit 0 "$bin" calibrate "$work/fit.yaml" -r 4 --max-evaluations 30 -o "$work/out.d/calibrated.yaml"
check "fit table" contains "$work/out" "^  complaints.rate_per_exposed_worker_year "
check "fit table targets" contains "$work/out" "^  wage_arrears.detections "
check "fit says where it wrote" contains "$work/out" "calibrated scenario written to $work/out.d/calibrated.yaml"
check "calibrated scenario extends the scenario" contains "$work/out.d/calibrated.yaml" "^extends: \"../fit.yaml\""
check "calibrated provenance" contains "$work/out.d/calibrated.yaml" "calibrated: \"to the targets (complaints, wage_arrears.detections), .*, seed 42, 4 replications of 3 years, gap"
check "calibrated scenario validates" expect_exit 0 "$bin" validate "$work/out.d/calibrated.yaml"
check "validate counts calibrated numbers" contains "$work/out" " 2 calibrated, "
check "calibrated scenario runs" expect_exit 0 "$bin" run "$work/out.d/calibrated.yaml" -r 2 --years 1
check "run prints the calibration table" contains "$work/out" "^  calibration: published figures"
check "fit json" expect_exit 0 "$bin" calibrate "$work/fit.yaml" -r 4 --max-evaluations 10 -f json
check "fit json valid" valid_json "$work/out"
check "fit json fields" /usr/bin/python3 -c "
import json; d = json.load(open('$work/out'))
assert [p['key'] for p in d['parameters']] == ['complaints.rate_per_exposed_worker_year',
       'violations.wage_arrears.detection_probability'], d['parameters']
assert len(d['calibration']) == 2 and d['complete'] is True and d['evaluations'] > 0, d"
check "output over the scenario refused" expect_exit 2 "$bin" calibrate "$work/fit.yaml" -o "$work/fit.yaml"

# Ctrl-C: the best point so far is reported and written, exit 130. On a loaded machine the first
# evaluation may not be done after 4 s: then the run rightly has no point to write, so wait longer.
for wait_s in 4 12 30; do
  "$bin" calibrate "$work/fit.yaml" -r 40 --years 10 --max-evaluations 100000 -j 1 -o "$work/stopped.yaml" \
    >"$work/out" 2>"$work/err" &
  pid=$!
  sleep "$wait_s"  # several evaluations in
  kill -INT "$pid"
  wait "$pid"
  code=$?
  grep -q "before the run finished" "$work/err" || break
done
check "SIGINT exit 130 (got $code)" test "$code" -eq 130
check "SIGINT says so" contains "$work/err" "stopped by SIGINT after .* evaluations; the best point so far"
check "SIGINT writes the best point so far" contains "$work/stopped.yaml" "stopped early"
check "SIGINT report" contains "$work/out" "flat directions: not checked"

finish "calibrate"
