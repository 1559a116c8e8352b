#!/usr/bin/env bash
# The server the end-to-end tests run against: the real binary, a fresh database with the sample
# catalogue, and the release build of the app.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8787}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
target/debug/motcua-server serve --listen "127.0.0.1:$port" --data-dir "$data" --static-dir dist
