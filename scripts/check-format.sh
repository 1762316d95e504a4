#!/usr/bin/env bash
# Fails (exit 1) when a C++ file differs from what clang-format makes of it (.clang-format),
# naming each file; `make format` fixes them. Run by ctest (format.clang_format) in make test.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  echo "clang-format not found: apt-get install clang-format (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files 'engine/*.cpp' 'engine/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp' \
                                  'bindings/*.cpp' 'bindings/*.hpp' 2>/dev/null || true)
if [ ${#files[@]} -eq 0 ]; then  # not a git checkout: every C++ file of those folders
  mapfile -t files < <(find engine tests bench bindings \( -name '*.cpp' -o -name '*.hpp' \) | sort)
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted as .clang-format says (run make format): %s\n' "${bad[@]}"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "${#files[@]} files formatted; 1 passed, 0 failed"
