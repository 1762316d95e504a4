#!/usr/bin/env bash
# Runs across processes: `mpirun -np K inspectsim run|compare|sweep|staff|uncertainty|sensitivity` prints exactly what
# one process prints (byte-identical JSON, same seed), and a resumed MPI sweep finishes the file.
# Usage: mpi_test.sh INSPECTSIM SOURCE_DIR MPIEXEC
set -u
bin=$1
src=$2
mpiexec=$3
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"
# Under AddressSanitizer (make test-asan), leak checks are off for processes mpirun starts: Open
# MPI keeps allocations until exit, and their stacks through its libraries do not unwind, so no
# suppression can single them out. The same commands are leak-checked without MPI in cli_test.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# As root, Open MPI needs to be told; on 2 cores, more ranks than cores need --oversubscribe.
mpi() { local np=$1; shift; "$mpiexec" --allow-run-as-root --oversubscribe -np "$np" "$bin" "$@"; }

ok() { "$@" 2>"$work/err" || { echo "  exit $?: $*"; cat "$work/err"; return 1; }; }
same() { cmp "$1" "$2" || { echo "  $1 and $2 differ"; return 1; }; }

sweep=(sweep "$small" --vary inspectors=4:12:4 --vary policy.notice=unannounced,prior -r 3 --years 2)
check "sweep, one process" ok "$bin" "${sweep[@]}" -o "$work/one.jsonl"
check "sweep, 2 ranks" ok mpi 2 "${sweep[@]}" -o "$work/two.jsonl"
check "sweep, 2 ranks: byte-identical" same "$work/two.jsonl" "$work/one.jsonl"
check "sweep, 4 ranks (more than replications: points in pairs), to stdout" ok mpi 4 "${sweep[@]}" -f json >"$work/four.jsonl"
check "sweep, 4 ranks: byte-identical" same "$work/four.jsonl" "$work/one.jsonl"
head -c 3000 "$work/one.jsonl" >"$work/cut.jsonl"
check "sweep resumed on 2 ranks" ok mpi 2 "${sweep[@]}" -o "$work/cut.jsonl" --resume
check "sweep resumed on 2 ranks: byte-identical" same "$work/cut.jsonl" "$work/one.jsonl"

check "run, one process" ok "$bin" run "$small" -r 5 --years 2 -f json -o "$work/run1.json"
check "run, 3 ranks" ok mpi 3 run "$small" -r 5 --years 2 -f json -o "$work/run3.json"
check "run, 3 ranks: byte-identical" same "$work/run3.json" "$work/run1.json"
check "compare, one process" ok "$bin" compare "$small" "$small" --set policy.notice=unannounced -r 3 --years 2 -f json -o "$work/cmp1.json"
check "compare, 2 ranks" ok mpi 2 compare "$small" "$small" --set policy.notice=unannounced -r 3 --years 2 -f json -o "$work/cmp2.json"
check "compare, 2 ranks: byte-identical" same "$work/cmp2.json" "$work/cmp1.json"
{ printf 'extends: %s\ncalibration:\n  targets:\n' "$small"
  printf '    - {metric: complaints, tolerance: 0.05, published: 520}\n'
  printf '  free:\n    complaints.rate_per_exposed_worker_year: [0.005, 0.05]\n'; } >"$work/fit.yaml"
check "calibrate, one process" ok "$bin" calibrate "$work/fit.yaml" -r 3 --years 2 --max-evaluations 8 -o "$work/fit1.out"
check "calibrate, 2 ranks" ok mpi 2 calibrate "$work/fit.yaml" -r 3 --years 2 --max-evaluations 8 -o "$work/fit2.out"
check "calibrate, 2 ranks: the same calibrated scenario" same "$work/fit2.out" "$work/fit1.out"
one="$src/tests/data/one_assumption.yaml"
uncertainty=(uncertainty "$small" --set 'complaints.awareness={value: 0.4, assumption: "test", range: [0.2, 0.6]}' --metric detections complaints --points 8 -r 3 --years 1 -f json)
check "uncertainty, one process" ok "$bin" "${uncertainty[@]}" -o "$work/u1.json"
check "uncertainty, 2 ranks" ok mpi 2 "${uncertainty[@]}" -o "$work/u2.json"
check "uncertainty, 2 ranks: byte-identical" same "$work/u2.json" "$work/u1.json"
head -n 5 "$work/u1.json.points.csv" >"$work/ucut.json.points.csv"
check "uncertainty resumed on 2 ranks" ok mpi 2 "${uncertainty[@]}" -o "$work/ucut.json" --resume
check "uncertainty resumed on 2 ranks: byte-identical" same "$work/ucut.json" "$work/u1.json"
sensitivity=(sensitivity "$one" --metric coverage --trajectories 3 --top 2 --base-points 8 -f csv)
check "sensitivity, one process" ok "$bin" "${sensitivity[@]}" -o "$work/s1.csv"
check "sensitivity, 3 ranks" ok mpi 3 "${sensitivity[@]}" -o "$work/s3.csv"
check "sensitivity, 3 ranks: byte-identical" same "$work/s3.csv" "$work/s1.csv"
staff=(staff "$small" --target 'coverage>=0.1' -r 3 --years 2 --max 40 -f json)
check "staff, one process" ok "$bin" "${staff[@]}" -o "$work/staff1.json"
check "staff, 2 ranks" ok mpi 2 "${staff[@]}" -o "$work/staff2.json"
check "staff, 2 ranks: byte-identical" same "$work/staff2.json" "$work/staff1.json"

# bad input: reported once (by rank 0), exit 2
mpi 2 sweep "$small" --vary polcy.notice=prior >"$work/out" 2>"$work/err"
code=$?
check "bad input under MPI exits non-zero" test "$code" -ne 0
check "bad input under MPI reported once" test "$(grep -c "unknown key 'polcy'" "$work/err")" -eq 1

finish "mpi"
