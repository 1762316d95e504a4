#!/usr/bin/env bash
# Stopping a run: SIGINT and SIGTERM stop it within a second, say so on stderr and exit with
# 128 + signal (130, 143); SIGKILL at any point never leaves a half-written report at the
# output path (reports are written to .NAME.tmp.PID and renamed, only once the run is done).
# Usage: signals_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
long_run=("$bin" run "$src/scenarios/kazakhstan/baseline.yaml" --replications 2000 --threads 2)
source "$(dirname "$0")/lib.sh"

only_files() {  # only_files DIR NAME...: DIR holds exactly these files, hidden ones included
  local want have
  want=$(printf '%s\n' "${@:2}" | sort)
  have=$(ls -A "$1" | sort)
  [ "$have" = "$want" ] || { echo "  $1 holds: $(echo $have), expected: $(echo $want)"; return 1; }
}

now_ms() { date +%s%3N; }

# stop_run SIGNAL OUTPUT: starts the long run writing to OUTPUT, sends SIGNAL after 1 s, and
# sets $code (exit code) and $took_ms (from the signal to the exit).
stop_run() {
  "${long_run[@]}" -o "$2" >"$work/out" 2>"$work/err" &
  local pid=$!
  sleep 1
  kill -0 "$pid" 2>/dev/null || { echo "  the run ended before the signal"; cat "$work/err"; }
  local sent
  sent=$(now_ms)
  kill -s "$1" "$pid"
  wait "$pid" 2>/dev/null
  code=$?
  took_ms=$(($(now_ms) - sent))
  echo "SIG$1: exit $code after ${took_ms} ms"
}

for signal in INT TERM; do
  dir="$work/$signal"
  mkdir -p "$dir"
  stop_run "$signal" "$dir/report.json"
  expected=$((128 + $(kill -l "$signal")))
  check "SIG$signal exit code $expected" test "$code" -eq "$expected"
  check "SIG$signal is reported on stderr" contains "$work/err" "stopped by SIG$signal"
  # Typically 30-150 ms; 3 s leaves room for a machine busy with other tests.
  check "SIG$signal stops promptly (took ${took_ms} ms)" test "$took_ms" -lt 3000
  check "SIG$signal leaves no report and no temporary file" only_files "$dir"
  check "SIG$signal prints nothing on stdout" test ! -s "$work/out"
done

# SIGKILL mid-run: a report from an earlier run at the same path is left whole, nothing else appears.
dir="$work/KILL"
mkdir -p "$dir"
"$bin" run "$src/tests/data/small.yaml" -r 2 --years 1 -f json -o "$dir/report.json" 2>"$work/err"
check "earlier report written" test -s "$dir/report.json"
cp "$dir/report.json" "$work/earlier.json"
stop_run KILL "$dir/report.json"
check "SIGKILL exit code 137" test "$code" -eq 137
check "SIGKILL leaves the earlier report untouched" cmp -s "$dir/report.json" "$work/earlier.json"
check "SIGKILL leaves no temporary file" only_files "$dir" report.json
stop_run KILL "$dir/fresh.json"
check "SIGKILL leaves no new report" only_files "$dir" report.json

# The flag is polled, not sampled once: a signal during the last replications still stops the
# command before it writes (a short run, signalled at once, exits 0 with a whole report or 143 with none).
dir="$work/LATE"
mkdir -p "$dir"
"$bin" run "$src/tests/data/small.yaml" -r 40 --years 2 -f json -o "$dir/report.json" 2>"$work/err" &
pid=$!
sleep 0.3
kill -TERM "$pid" 2>/dev/null
wait "$pid"
code=$?
if [ "$code" -eq 0 ]; then
  check "finished before the signal: a whole report" /usr/bin/python3 -c "import json; json.load(open('$dir/report.json'))"
else
  check "stopped late: exit 143" test "$code" -eq 143
  check "stopped late: no report" only_files "$dir"
fi

finish "signals"
