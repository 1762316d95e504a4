# Shared by the command-line tests (source it after setting `set -u`): a scratch directory
# $work removed at exit, pass/fail counters, and the checks they use.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
  fi
}

expect_exit() {  # expect_exit CODE COMMAND... (stderr to $work/err, stdout to $work/out)
  local code=$1
  shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$code" ] || { echo "  exit $got, expected $code: $*"; cat "$work/err"; return 1; }
}

contains() { grep -q -- "$2" "$1" || { echo "  '$2' not in $1:"; head -5 "$1"; return 1; }; }
lines() { [ "$(wc -l <"$1")" -eq "$2" ] || { echo "  $1 has $(wc -l <"$1") lines, expected $2"; return 1; }; }

# Whether the binary is built with AddressSanitizer or ThreadSanitizer, whose shadow memory
# (terabytes of address space) does not fit under any `ulimit -v`: checks that set one are skipped
# there. gcc links their runtimes as shared libraries, clang into the binary.
sanitizer_build() { ldd "$1" 2>/dev/null | grep -q 'libasan\|libtsan' || grep -qa '__asan_init\|__tsan_init' "$1"; }

finish() {  # finish LABEL: the summary line; the script's exit status
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
