#!/usr/bin/env bash
# Builds the app (trunk, release) into dist/ with brotli and gzip copies of every text asset, and the
# server with its optimised profile. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

# binaryen 132 from npm: Debian's older wasm-opt produces a blank page.
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

# The catalogue, then each signed-in area's bundle (motcua_api::paths::Bundle) under /<area>/, built
# with only that area's pages (the first build replaces dist/ whole, so it goes first).
AREAS="sign-in account projects new-project feedback feedback-case questions stats stats-index company form dossier dossiers queue desk officer-feedback office"
trunk build --release
for area in $AREAS; do
  trunk build apply/index.html --release=true --no-default-features --features "$area" \
    --dist "dist/$area" --public-url "/$area/"
done
for f in dist/*.html dist/*.js dist/*.wasm dist/*.css dist/*.svg dist/*.txt dist/*.webmanifest \
  dist/*/*.html dist/*/*.js dist/*/*.wasm dist/*/*.css; do
  [ -e "$f" ] || continue
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -f -k -9 "$f"
done

if [ "${1:-}" != "--app-only" ]; then
  cargo build --profile server -p motcua-server
fi
