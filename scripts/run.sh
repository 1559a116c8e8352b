#!/usr/bin/env bash
# One command from a fresh clone to a running app with the sample catalogue: installs what is missing,
# builds, and serves on http://127.0.0.1:8080 (LISTEN=addr:port to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "Một Cửa: open http://${LISTEN:-127.0.0.1:8080}/"
exec target/server/motcua-server serve --listen "${LISTEN:-127.0.0.1:8080}" --data-dir data --static-dir dist
