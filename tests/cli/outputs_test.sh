#!/usr/bin/env bash
# Command-line tests of where reports go: regular files replaced whole, FIFOs and devices written
# in place, the run's own inputs never overwritten, and write errors (a full disk, a closed or
# full stdout) reported with the system's reason and exit 1.
# Usage: outputs_test.sh INSPECTSIM SOURCE_DIR
set -u
bin=$1
src=$2
small="$src/tests/data/small.yaml"
source "$(dirname "$0")/lib.sh"

quick=(-r 2 --years 1)
is_fifo() { [ -p "$1" ] || { echo "  $1 is no longer a FIFO"; return 1; }; }
is_device() { [ -c "$1" ] || { echo "  $1 is no longer a character device"; return 1; }; }
no_temporaries() { [ -z "$(find "$work" -name '.*.tmp.*')" ] || { echo "  temporary files left:"; find "$work" -name '.*.tmp.*'; return 1; }; }

# a FIFO is written in place (before: "internal error" or a FIFO replaced by a file)
mkfifo "$work/pipe"
cat "$work/pipe" >"$work/from_pipe" &
reader=$!
check "run into a FIFO" expect_exit 0 "$bin" run "$small" "${quick[@]}" -f json -o "$work/pipe"
wait "$reader"
check "the FIFO is still a FIFO" is_fifo "$work/pipe"
check "the FIFO carried the report" /usr/bin/python3 -c "import json; json.load(open('$work/from_pipe'))"
cat "$work/pipe" >"$work/from_pipe" &
reader=$!
check "sweep into a FIFO" expect_exit 0 "$bin" sweep "$small" --vary inspectors=2,4 "${quick[@]}" -f csv -o "$work/pipe"
wait "$reader"
check "the sweep's FIFO is still a FIFO" is_fifo "$work/pipe"
check "the FIFO carried the sweep" lines "$work/from_pipe" 4  # fingerprint, header, 2 rows
check "resume from a FIFO exit 2" expect_exit 2 "$bin" sweep "$small" --vary inspectors=2,4 "${quick[@]}" -o "$work/pipe" --resume
check "resume from a FIFO message" contains "$work/err" "--resume .*pipe: cannot continue this sweep in it: it is a FIFO or a device, which cannot be read back"

# device nodes (made here, never the machine's own /dev) keep their node
if mknod "$work/null" c 1 3 2>/dev/null && mknod "$work/full" c 1 7 2>/dev/null; then
  check "run into a null device" expect_exit 0 "$bin" run "$small" "${quick[@]}" -o "$work/null"
  check "the null device is still a device" is_device "$work/null"
  check "run into a full device exit 1" expect_exit 1 "$bin" run "$small" "${quick[@]}" -o "$work/full"
  check "run into a full device message" contains "$work/err" "^error: cannot write '$work/full': No space left on device"
  check "the full device is still a device" is_device "$work/full"
  check "sweep into a null device" expect_exit 0 "$bin" sweep "$small" --vary inspectors=2,4 "${quick[@]}" -o "$work/null"
  check "the sweep's null device is still a device" is_device "$work/null"
else
  echo "(no device nodes here: device cases skipped)"
fi

# not as root: /dev/null is written although /dev is read-only (before: refused, "found '/dev' read-only");
# as root the machine's own /dev/null is never used here (a mistake would replace it)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  check "as nobody: run into /dev/null" expect_exit 0 setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" run "$small" "${quick[@]}" -o /dev/null
fi

# a full disk (a file size limit stands in for it): the user's path, the reason, nothing left behind
echo "the old report" >"$work/big.json"
(trap '' XFSZ; ulimit -f 2; "$bin" run "$small" "${quick[@]}" -f json -o "$work/big.json" >"$work/out" 2>"$work/err")
check "full disk exit 1" test $? -eq 1
check "full disk message" contains "$work/err" "^error: cannot write '$work/big.json': File too large"
check "full disk keeps the old report" contains "$work/big.json" "^the old report$"
check "full disk leaves no temporary file" no_temporaries

# stdout and stderr that cannot be written: exit 1 with the reason (before: exit 0)
"$bin" run "$small" "${quick[@]}" >/dev/full 2>"$work/err"
check "stdout full exit 1" test $? -eq 1
check "stdout full message" contains "$work/err" "cannot write to standard output: No space left on device"
"$bin" validate "$small" >/dev/full 2>"$work/err"
check "validate with stdout full exit 1" test $? -eq 1
"$bin" sweep "$small" --vary inspectors=2,4 "${quick[@]}" >/dev/full 2>"$work/err"
check "sweep with stdout full exit 1" test $? -eq 1
check "sweep with stdout full message" contains "$work/err" "No space left on device"
"$bin" sweep "$small" --vary inspectors=2,4 "${quick[@]}" -o "$work/s.csv" 2>/dev/full
check "stderr full exit 1" test $? -eq 1
"$bin" run "$small" "${quick[@]}" >&- 2>"$work/err"
check "stdout closed exit 1" test $? -eq 1
check "stdout closed message" contains "$work/err" "cannot write to standard output: Bad file descriptor"
"$bin" run "$work/none.yaml" 2>/dev/full
check "an error with stderr full keeps its exit code" test $? -eq 2

# the run's inputs are never overwritten: the scenario, any file of its extends: chain
cp "$small" "$work/base.yaml"
printf 'extends: base.yaml\nname: derived\n' >"$work/derived.yaml"
cp "$work/derived.yaml" "$work/derived.before"
check "output onto the scenario exit 2" expect_exit 2 "$bin" run "$work/derived.yaml" "${quick[@]}" -o "$work/derived.yaml"
check "output onto the scenario message" contains "$work/err" "^error: --output $work/derived.yaml: expected a file other than the run's inputs, found the input '$work/derived.yaml'"
check "the scenario is unchanged" cmp -s "$work/derived.yaml" "$work/derived.before"
check "output onto its base exit 2" expect_exit 2 "$bin" run "$work/derived.yaml" "${quick[@]}" -o "$work/base.yaml"
check "output onto its base message" contains "$work/err" "found the input '$work/./base.yaml'\|found the input '$work/base.yaml'"
check "the base is unchanged" cmp -s "$work/base.yaml" "$small"
ln -s derived.yaml "$work/link.yaml"
check "output onto a link to the scenario exit 2" expect_exit 2 "$bin" run "$work/derived.yaml" "${quick[@]}" -o "$work/link.yaml"
check "output onto the variant exit 2" expect_exit 2 "$bin" compare "$small" "$work/derived.yaml" "${quick[@]}" -o "$work/base.yaml"
check "sweep output onto the scenario exit 2" expect_exit 2 "$bin" sweep "$work/derived.yaml" --vary inspectors=2,4 "${quick[@]}" -o "$work/derived.yaml"
check "sweep output onto the scenario leaves it" cmp -s "$work/derived.yaml" "$work/derived.before"
check "staff output onto the scenario exit 2" expect_exit 2 "$bin" staff "$work/derived.yaml" --target 'coverage>=0.01' "${quick[@]}" -o "$work/derived.yaml"
check "staff output onto the scenario leaves it" cmp -s "$work/derived.yaml" "$work/derived.before"
check "no temporary files left" no_temporaries

finish "outputs"
