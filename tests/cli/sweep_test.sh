#!/usr/bin/env bash
# Command-line tests of `inspectsim sweep` and `inspectsim staff`: bad input, output formats,
# and interrupted sweeps (SIGKILL, SIGINT, a cut last line) resumed to the uninterrupted file.
# Usage: sweep_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"

same() { cmp "$1" "$2" || { echo "  $1 and $2 differ"; diff <(cut -c1-120 "$1") <(cut -c1-120 "$2") | head -5; return 1; }; }
valid_jsonl() { /usr/bin/python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$1"; }
valid_csv() { /usr/bin/python3 -c "
import csv,sys
rows = list(csv.reader(l for l in open(sys.argv[1]) if not l.startswith('#')))
assert all(len(r) == len(rows[0]) for r in rows), 'ragged rows'" "$1"; }

# bad input: exit 2, naming the option and what was expected
check "vary without =" expect_exit 2 "$bin" sweep "$small" --vary inspectors
check "vary without = message" contains "$work/err" "^error: --vary inspectors: expected KEY=VALUES"
check "vary bad range" expect_exit 2 "$bin" sweep "$small" --vary inspectors=10:1:1
check "vary bad range message" contains "$work/err" "--vary inspectors=10:1:1: inspectors: expected a list A,B,C or a range START:STOP:STEP"
check "vary unknown key" expect_exit 2 "$bin" sweep "$small" --vary policy.notise=prior
check "vary unknown key message" contains "$work/err" "--vary policy.notise=prior (value prior).*unknown key 'notise' (did you mean 'notice'?)"
check "vary bad value" expect_exit 2 "$bin" sweep "$small" --vary inspectors=5,many
check "vary bad value message" contains "$work/err" "--vary inspectors=5,many (value many).*inspectorate.inspectors: expected a whole number"
check "vary twice" expect_exit 2 "$bin" sweep "$small" --vary inspectors=1,2 --vary inspectors=3
check "vary twice message" contains "$work/err" "the key is varied twice"
check "no vary" expect_exit 2 "$bin" sweep "$small"
check "resume without output" expect_exit 2 "$bin" sweep "$small" --vary inspectors=1,2 --resume
check "resume without output message" contains "$work/err" "--resume: expected --output FILE"
check "bad table metric" expect_exit 2 "$bin" sweep "$small" --vary inspectors=1,2 --metrics detected_shares
check "bad table metric message" contains "$work/err" "--metrics detected_shares: unknown metric 'detected_shares'"
check "bad target" expect_exit 2 "$bin" staff "$small" --target 'detected_share>0.1'
check "bad target message" contains "$work/err" "^error: --target detected_share>0.1: expected METRIC>=VALUE or METRIC<=VALUE"
check "bad target value" expect_exit 2 "$bin" staff "$small" --target 'detected_share>=high'
check "bad target value message" contains "$work/err" "--target detected_share>=high: detected_share: expected a number after '>='"
check "unknown target metric" expect_exit 2 "$bin" staff "$small" --target 'forced_labour.detected_share>=0.1'
check "unknown target metric message" contains "$work/err" "unknown metric 'forced_labour.detected_share'.*wage_arrears, hidden_hazard"
printf 'extends: %s\ntimeline:\n  - {year: 2, inspectors: 30}\n' "$small" > "$work/hiring.yaml"
check "staff with inspectors in the timeline exit 2" expect_exit 2 "$bin" staff "$work/hiring.yaml" --target 'coverage>=0.01' -r 2 --years 2
check "staff with inspectors in the timeline message" contains "$work/err" "^error: $work/hiring.yaml:3:27: timeline\[0\].inspectors: expected a timeline that leaves the number of inspectors to the staffing search"
check "bad staff range" expect_exit 2 "$bin" staff "$small" --target 'coverage>=0.1' --min 50 --max 10
check "inspectors in --set" expect_exit 0 "$bin" run "$small" -r 2 --years 1 --set inspectors=7 -f json
check "inspectors in --set is the total" /usr/bin/python3 -c "import json; d=json.load(open('$work/out')); assert d['yearly'][0]['inspectors']['mean'] == 7"

# formats: one line per point after the header; --format from the extension
run_sweep() { "$bin" sweep "$small" --vary inspectors=4:12:4 --vary policy.notice=unannounced,prior -r 3 --years 1 "$@"; }
check "sweep table" expect_exit 0 run_sweep
check "sweep table rows" contains "$work/out" "^      5          12          prior"
check "sweep table units" contains "$work/out" "\[share/year\]"
check "sweep csv" expect_exit 0 run_sweep -o "$work/s.csv"
check "sweep csv lines" lines "$work/s.csv" 8
check "sweep csv fingerprint" contains "$work/s.csv" "^# inspectsim sweep: scenario=[0-9a-f]\{16\} options=[0-9a-f]\{16\} engine=[0-9.]*$"
check "sweep csv valid" valid_csv "$work/s.csv"
check "sweep csv header" contains "$work/s.csv" "^point,inspectors,policy.notice,seed,replications,years,warmup_years,inspections_mean \[visits/year\],inspections_ci_low"
check "sweep csv every metric" contains "$work/s.csv" "hidden_hazard.complaints_ci_high,small.inspections_mean \[visits/year\],.*,large.detections_ci_high$"
check "sweep json lines" expect_exit 0 run_sweep -o "$work/s.jsonl"
check "sweep json lines valid" valid_jsonl "$work/s.jsonl"
check "sweep json lines count" lines "$work/s.jsonl" 7
check "sweep json to stdout" expect_exit 0 run_sweep -f json
check "sweep json to stdout equals the file" same "$work/out" "$work/s.jsonl"
check "sweep threads do not matter" expect_exit 0 run_sweep -o "$work/s1.jsonl" -j 1
check "sweep threads do not matter (same file)" same "$work/s1.jsonl" "$work/s.jsonl"

# a point equals the run of its settings on the same seed (common random numbers)
check "point alone" expect_exit 0 "$bin" run "$small" -r 3 --years 1 --set inspectors=8 --set policy.notice=prior -f json
check "point alone equals the sweep row" /usr/bin/python3 -c "
import json
run = json.load(open('$work/out'))
row = [json.loads(l) for l in open('$work/s.jsonl')][4]
assert row['settings'] == {'inspectors': '8', 'policy.notice': 'prior'}, row['settings']
assert row['metrics'] == run['metrics'] and row['by_violation'] == run['by_violation'] and row['yearly'] == run['yearly']"

# resume: a file cut anywhere (mid-row, mid-header, empty) finishes as the uninterrupted one
for format in csv jsonl; do
  size=$(wc -c <"$work/s.$format")
  for cut in 0 40 $((size / 3)) $((size / 2)) $((size - 1)); do
    head -c "$cut" "$work/s.$format" >"$work/cut.$format"
    check "resume $format cut at $cut" expect_exit 0 run_sweep -o "$work/cut.$format" --resume
    check "resume $format cut at $cut is byte-identical" same "$work/cut.$format" "$work/s.$format"
  done
done
check "resume of a finished sweep" expect_exit 0 run_sweep -o "$work/s.csv" --resume
check "resume of a finished sweep says so" contains "$work/err" "6 of 6 points done"
check "resume refuses another sweep" expect_exit 2 "$bin" sweep "$small" --vary inspectors=5:13:4 --vary policy.notice=unannounced,prior -r 3 --years 1 -o "$work/s.csv" --resume
check "resume refuses another sweep message" contains "$work/err" "--resume .*s.csv: cannot continue this sweep in it: it holds another sweep: the scenario (.*); the options (.*) differ"
check "resume refuses another seed" expect_exit 2 run_sweep -o "$work/s.jsonl" --resume --seed 7
check "resume refuses another seed message" contains "$work/err" "cannot continue this sweep in it: it holds another sweep: the scenario ([0-9a-f]* in the file, [0-9a-f]* now: .*) differs"
check "resume refuses another scenario value" expect_exit 2 run_sweep -o "$work/s.csv" --resume --set complaints.awareness=0.25
check "resume refuses another scenario value message" contains "$work/err" "it holds another sweep: the scenario (.*) differs"
check "sweep table to a file" expect_exit 0 run_sweep -o "$work/s.txt" --metrics coverage
check "sweep table fingerprint" contains "$work/s.txt" "; fingerprint scenario=[0-9a-f]* options=[0-9a-f]* engine="
check "resume refuses other metrics" expect_exit 2 run_sweep -o "$work/s.txt" --metrics detections --resume
check "resume refuses other metrics message" contains "$work/err" "it holds another sweep: the options (.*--metrics.*) differs"

# interrupted for real: slower points (more years), stopped once two rows are on disk
slow=(sweep "$small" --vary inspectors=2:40:2 -r 8 --years 20 -j 1)
slow_sweep() { "$bin" "${slow[@]}" "$@"; }
wait_rows() {  # wait_rows FILE N: until FILE has N lines (at most 60 s)
  for _ in $(seq 600); do
    [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
check "slow sweep uninterrupted" expect_exit 0 slow_sweep -o "$work/full.jsonl"
"$bin" "${slow[@]}" -o "$work/killed.jsonl" 2>/dev/null &  # the binary itself, so the signal reaches it
pid=$!
check "slow sweep writes rows as it goes" wait_rows "$work/killed.jsonl" 3
check "a second sweep on the same file is refused" expect_exit 2 slow_sweep -o "$work/killed.jsonl"
check "a second sweep on the same file is refused (message)" contains "$work/err" "another inspectsim sweep is writing it"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "killed midway" test "$(wc -l <"$work/killed.jsonl")" -lt 21
check "killed file holds whole rows of the full one" cmp -s "$work/killed.jsonl" <(head -c "$(wc -c <"$work/killed.jsonl")" "$work/full.jsonl")
check "resume after SIGKILL" expect_exit 0 slow_sweep -o "$work/killed.jsonl" --resume
check "resume after SIGKILL is byte-identical" same "$work/killed.jsonl" "$work/full.jsonl"

"$bin" "${slow[@]}" -o "$work/int.csv" 2>"$work/int.err" &
pid=$!
wait_rows "$work/int.csv" 3
kill -INT "$pid"
wait "$pid"
code=$?
check "SIGINT exit 130" test "$code" -eq 130
check "SIGINT message" contains "$work/int.err" "stopped by SIGINT after [0-9]* of 20 points; .*int.csv holds them: add --resume to finish"
check "SIGINT leaves a valid CSV" valid_csv "$work/int.csv"
check "resume after SIGINT" expect_exit 0 slow_sweep -o "$work/int.csv" --resume
check "resume after SIGINT equals the JSON run's points" test "$(wc -l <"$work/int.csv")" -eq 22  # with the fingerprint line
check "resume after SIGINT is byte-identical" expect_exit 0 slow_sweep -f csv
check "resume after SIGINT is byte-identical (file)" same "$work/int.csv" "$work/out"

# staff: the answer meets the targets, the count below does not, and the path shows the search
check "staff" expect_exit 0 "$bin" staff "$small" --target 'coverage>=0.1' --target 'complaint_wait_days<=16' -r 4 --years 2 --max 40
check "staff answer" contains "$work/out" "^answer: 13 inspectors (12 do not meet every target)"
check "staff path" contains "$work/out" "^path searched"
check "staff json" expect_exit 0 "$bin" staff "$small" --target 'coverage>=0.1' --target 'complaint_wait_days<=16' -r 4 --years 2 --max 40 -f json
check "staff json answer" /usr/bin/python3 -c "
import json
d = json.load(open('$work/out'))
assert d['found'] and d['inspectors'] == 13, d['inspectors']
assert d['at_answer']['metrics']['coverage']['ci95'][0] >= 0.1
below = d['below']['metrics']
assert below['coverage']['ci95'][0] < 0.1 or below['complaint_wait_days']['ci95'][1] > 16
for step in d['path']:
    assert step['met'] == (step['inspectors'] >= 13), step"
check "staff out of reach exit 3" expect_exit 3 "$bin" staff "$small" --target 'coverage>=0.5' -r 3 --years 1 --max 20
check "staff out of reach message" contains "$work/out" "answer: none: the targets are not met even with 20 inspectors"

# Warnings and output on one pipe (2>&1): the whole report first, then the warnings, never a
# warning inside the table or the CSV.
"$bin" staff "$small" --target 'coverage>=0.5' -r 3 --years 1 --max 20 -f csv 2>&1 | cat >"$work/mixed"
check "staff csv and warnings on one pipe: warnings after the report" /usr/bin/python3 -c "
lines = open('$work/mixed').read().splitlines()
first = next(i for i, line in enumerate(lines) if line.startswith('staff:'))
assert lines[0].startswith('inspectors,met'), lines[0]
assert any('warning: inspectors under-used' in line for line in lines[first:]), lines[first:]
assert all(line.startswith('staff:') for line in lines[first:]), lines
assert all(line[0].isdigit() for line in lines[1:first]), lines[:first]"
"$bin" staff "$small" --target 'coverage>=0.5' -r 3 --years 1 --max 20 2>&1 | cat >"$work/mixed"
check "staff table and message on one pipe: the message after the table" /usr/bin/python3 -c "
lines = open('$work/mixed').read().splitlines()
assert lines[-1].startswith('staff: the targets are not met'), lines[-3:]
assert sum(line.startswith('staff:') for line in lines) == 1"

# --plot and --format xlsx: checked before anything runs
check "plot with a bad extension exit 2" expect_exit 2 "$bin" sweep "$small" --vary inspectors=4,8 -r 2 --years 1 --plot "$work/chart.gif"
check "plot with a bad extension message" contains "$work/err" "^error: --plot $work/chart.gif: expected a file name ending in .svg, .png or .pdf"
check "plot with a bad extension: nothing ran" test ! -s "$work/out"
check "xlsx to the terminal exit 2" expect_exit 2 "$bin" staff "$small" --target 'coverage>=0.1' -f xlsx
check "xlsx to the terminal message" contains "$work/err" "^error: --format xlsx: expected --output FILE.xlsx"

# a sweep loads its points' scenarios a batch at a time: 10,000 points of the small scenario held
# about 350 MB before the first row (bad_alloc under 200 MB); now a few megabytes. Every point is
# still loaded once up front, so a bad one fails before anything runs. (Not under AddressSanitizer.)
if ! sanitizer_build "$bin"; then
  rm -f "$work/many.csv"
  (ulimit -v 200000; exec "$bin" sweep "$small" --vary inspectors=1:10000:1 -r 2 --years 1 -j 2 -f csv -o "$work/many.csv") \
    >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 1200); do
    [ "$(grep -vc '^#' "$work/many.csv" 2>/dev/null)" -ge 2 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -INT "$pid" 2>/dev/null
  wait "$pid"
  check "10,000 points in 200 MB: stopped by SIGINT after its first rows" test $? -eq 130
  check "10,000 points in 200 MB: rows written" test "$(grep -vc '^#' "$work/many.csv")" -ge 2
fi
check "a bad point after 5,000 good ones exit 2" expect_exit 2 "$bin" sweep "$small" --vary policy.notice=prior,sometimes \
  --vary inspectors=1:5000:1 -r 2 --years 1
check "a bad point after 5,000 good ones message" contains "$work/err" "--vary policy.notice=prior,sometimes (value sometimes)"
check "a bad point after 5,000 good ones: nothing ran" test ! -s "$work/out"

finish "sweep cli"
