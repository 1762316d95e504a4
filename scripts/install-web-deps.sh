#!/usr/bin/env bash
# The charting library of `inspectsim serve` (Vega-Lite, Vega and vega-embed from the npm
# registry, at the versions of bindings/web/package-lock.json), copied into the Python package's
# static/vendor/ so that the page works offline. Run by the build (bindings/CMakeLists.txt):
#   install-web-deps.sh SOURCE_WEB_DIR WORK_DIR VENDOR_DIR
# `npm ci` runs only when the lock file changed since the last install in WORK_DIR.
set -euo pipefail
src=$1 work=$2 vendor=$3
mkdir -p "$work" "$vendor"
if ! cmp -s "$src/package-lock.json" "$work/installed-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$src/package.json" "$src/package-lock.json" "$work/"
  if ! (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error); then
    echo "install-web-deps: npm ci failed (is the npm registry reachable?): inspectsim serve needs Vega-Lite,"       "Vega and vega-embed from bindings/web/package-lock.json" >&2
    exit 1
  fi
  cp "$src/package-lock.json" "$work/installed-lock.json"
fi
for package in vega vega-lite vega-embed; do
  cp "$work/node_modules/$package/build/$package.min.js" "$vendor/"
  cp "$work/node_modules/$package/LICENSE" "$vendor/$package.LICENSE"
done
