#!/usr/bin/env bash
# First-load transfer of the release build: the HTML and every stylesheet, script and WebAssembly module
# it loads, as the brotli files the server sends. Fails above the 200 KB budget.
# Run scripts/build.sh first (it writes dist/ and the .br files).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${BUDGET:-200000}
assets=$(grep -oE '(href|src)=[^ >]+\.(css|js|wasm)' dist/index.html | sed -E 's/^(href|src)=//; s/"//g; s#^/##' | sort -u)
total=0
printf '%-44s %10s %10s\n' file raw brotli
for f in index.html $assets; do
  raw=$(stat -c%s "dist/$f")
  br=$(stat -c%s "dist/$f.br")
  total=$((total + br))
  printf '%-44s %10d %10d\n' "$f" "$raw" "$br"
done
printf '%-44s %10s %10d  (budget %d)\n' "first load" "" "$total" "$BUDGET"
[ "$total" -le "$BUDGET" ]
