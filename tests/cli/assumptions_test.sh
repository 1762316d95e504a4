#!/usr/bin/env bash
# Command-line tests of `inspectsim uncertainty`, `inspectsim sensitivity` and `staff --robust`: bad input exits 2
# naming the option (or file:line:key), the three formats, and a run killed midway resumed from its
# points file to the uninterrupted report, byte for byte.
# Usage: assumptions_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
one="$src/tests/data/one_assumption.yaml"
more="$src/tests/data/one_assumption_more_entities.yaml"
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"

same() { cmp "$1" "$2" || { echo "  $1 and $2 differ"; diff "$1" "$2" | head -5; return 1; }; }
valid_json() { /usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$1"; }

# bad input: exit 2 with what was expected
check "unknown metric" expect_exit 2 "$bin" uncertainty "$one" --metric coverages --points 4
check "unknown metric message" contains "$work/err" "^error: --metric: unknown metric 'coverages'"
check "sensitivity unknown metric" expect_exit 2 "$bin" sensitivity "$one" --metric coverages
check "sensitivity unknown metric message" contains "$work/err" "^error: --metric: unknown metric 'coverages'"
check "sensitivity needs a metric" expect_exit 2 "$bin" sensitivity "$one"
check "bad design" expect_exit 2 "$bin" uncertainty "$one" --design grid
check "bad design message" contains "$work/err" "--design: grid not in {sobol,lhs}"
check "too few points" expect_exit 2 "$bin" uncertainty "$one" --points 1
check "resume without a file" expect_exit 2 "$bin" uncertainty "$one" --points 4 --resume
check "resume without a file message" contains "$work/err" "^error: --resume: expected --points-file FILE or --output FILE"
printf 'extends: %s\ncomplaints:\n  awareness: {value: 0.4, assumption: "survey", range: [0.6, 0.2]}\n' "$small" > "$work/backwards.yaml"
check "range low > high" expect_exit 2 "$bin" uncertainty "$work/backwards.yaml" --points 4
check "range low > high message" contains "$work/err" "^error: $work/backwards.yaml:3:.*complaints.awareness.range: expected \[low, high\] with low <= high"
printf 'extends: %s\ncomplaints:\n  awareness: {value: 0.4, assumption: "survey", range: [0.2, 1.5]}\n' "$small" > "$work/beyond.yaml"
check "range beyond a probability" expect_exit 2 "$bin" sensitivity "$work/beyond.yaml" --metric detections
check "range beyond a probability message" contains "$work/err" "^error: $work/beyond.yaml:3:.*complaints.awareness.range: expected a range within the key's values"
check "no ranged number" expect_exit 2 "$bin" uncertainty "$small" --points 4 -r 2 --years 1
check "no ranged number message" contains "$work/err" "has no number with a plausible range"

# formats
run_u() { "$bin" uncertainty "$one" "$more" --metric coverage --points 16 "$@"; }
check "uncertainty table" expect_exit 0 run_u
check "uncertainty table row" contains "$work/out" "^  coverage .* -0.25.*100%"
check "uncertainty json" expect_exit 0 run_u -f json
check "uncertainty json valid" valid_json "$work/out"
check "uncertainty json sign" /usr/bin/python3 -c "
import json; d = json.load(open('$work/out')); m = d['metrics'][0]
assert m['metric'] == 'coverage' and m['sign_kept_share'] == 1.0 and -0.27 < m['median'] < -0.23, m
keys = [i['input'] for i in d['inputs']]
assert keys == ['complaints.rate_per_exposed_worker_year', 'policy.plan.inspections_per_inspector_per_year',
                'violations.none.mean_duration_days'], keys
assert d['inputs'][1]['range'] and d['inputs'][1]['note'].startswith('the one number that acts'), d['inputs'][1]"
check "uncertainty csv" expect_exit 0 run_u -f csv
check "uncertainty csv header" contains "$work/out" "^metric,unit,points,median,p05,p95,mean,total_variance"
run_s() { "$bin" sensitivity "$one" --metric coverage --trajectories 4 --top 2 --base-points 8 --resamples 50 "$@"; }
check "sensitivity table" expect_exit 0 run_s
check "sensitivity ranks the acting input first" contains "$work/out" "^     1 policy.plan.inspections_per_inspector_per_year"
check "sensitivity json" expect_exit 0 run_s -f json
check "sensitivity json valid" valid_json "$work/out"
check "sensitivity csv" expect_exit 0 run_s -f csv
check "sensitivity csv first row" contains "$work/out" "^coverage,share/year,1,policy.plan.inspections_per_inspector_per_year"

# staff --robust: the answer's percentiles over the assumptions, the acting one first
robust() { "$bin" staff "$one" --target 'coverage>=0.5' --max 8 --robust --points 16 "$@"; }
check "staff --robust" expect_exit 0 robust
check "staff --robust answer" contains "$work/out" "^answer: [12] inspectors at the median; 10th percentile 1, 90th percentile [23]"
check "staff --robust influence" contains "$work/out" "^  policy.plan.inspections_per_inspector_per_year  *-0\.[789]"
check "staff --robust json" expect_exit 0 robust -f json
check "staff --robust json valid" valid_json "$work/out"
check "staff --robust csv" expect_exit 0 robust -f csv
check "staff --robust csv rows" lines "$work/out" 17
check "staff --robust bad design" expect_exit 2 robust --design grid
check "staff --robust refuses a spreadsheet" expect_exit 2 robust -f xlsx -o "$work/r.xlsx"
check "uncertainty refuses a spreadsheet" expect_exit 2 run_u -f xlsx -o "$work/u.xlsx"
check "uncertainty refuses a spreadsheet message" contains "$work/err" "^error: --format xlsx: expected table, json or csv"

check "output to a device needs no points file" expect_exit 0 run_u -f csv -o /dev/null
check "resume with output to a device names what is missing" expect_exit 2 run_u -o /dev/null --resume

# killed midway, resumed: the same points file and the same report as an uninterrupted run
slow=(uncertainty "$small" --set 'complaints.awareness={value: 0.4, assumption: "test", range: [0.2, 0.6]}' --metric detections --points 24 -r 4 --years 8 -j 1)
slow_run() { "$bin" "${slow[@]}" "$@"; }
wait_rows() {  # wait_rows FILE N: until FILE has N lines (at most 60 s)
  for _ in $(seq 600); do
    [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
check "slow run uninterrupted" expect_exit 0 slow_run -o "$work/full.txt"
check "points file beside the report" lines "$work/full.txt.points.csv" 26
"$bin" "${slow[@]}" -o "$work/killed.txt" 2>/dev/null &
pid=$!
check "points are written as they finish" wait_rows "$work/killed.txt.points.csv" 5
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "killed midway" test "$(wc -l <"$work/killed.txt.points.csv")" -lt 26
check "no report from the killed run" test ! -e "$work/killed.txt"
check "resume after SIGKILL" expect_exit 0 slow_run -o "$work/killed.txt" --resume
check "resume says where it starts" contains "$work/err" "resuming .*killed.txt.points.csv: [0-9]* of 24 points done"
check "resumed points file is byte-identical" same "$work/killed.txt.points.csv" "$work/full.txt.points.csv"
check "resumed report is byte-identical" same "$work/killed.txt" "$work/full.txt"
check "resume refuses another design" expect_exit 2 slow_run -o "$work/killed.txt" --resume --design lhs
check "resume refuses another design message" contains "$work/err" "cannot continue this run in it: its header differs"

finish "assumptions"
