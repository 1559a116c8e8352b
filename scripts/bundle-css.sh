#!/usr/bin/env bash
# Trunk minifies CSS but does not follow @import: inline style/main.css's imports, in order, so the
# browser fetches one stylesheet.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/style/main.css
mkdir -p "$(dirname "$out")"
{
  sed -n 's/^@import "\(.*\)";$/\1/p' style/main.css | while read -r file; do
    cat "style/$file"
  done
  grep -v '^@import' style/main.css
} > "$out.tmp"
mv "$out.tmp" "$out"
