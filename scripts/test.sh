#!/usr/bin/env bash
# Every check and test: formatting, lints, unit and integration tests (the real server on port 0 with a
# fresh database), then the release app in real Chromium with axe-core.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh

say "cargo fmt --check"
cargo fmt --all --check

say "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

say "cargo test"
cargo test --workspace

say "the API suite again, on PostgreSQL with files on S3-compatible storage"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
s3_dir=$(mktemp -d /tmp/motcua-s3.XXXXXX)
trap 'bash scripts/postgres.sh stop "$pg_dir"; bash scripts/s3.sh stop "$s3_dir"' EXIT
pg_url=$(bash scripts/postgres.sh start "$pg_dir" "$(free_port)")
s3_env=$(bash scripts/s3.sh start "$s3_dir" "$(free_port)")
(eval "$s3_env" && MOTCUA_TEST_POSTGRES=$pg_url cargo test -p motcua-server --test api)
bash scripts/postgres.sh stop "$pg_dir"
bash scripts/s3.sh stop "$s3_dir"
trap - EXIT

say "fuzz the API from its OpenAPI document"
bash scripts/fuzz.sh

say "build the app"
bash scripts/build.sh --app-only
cargo build -p motcua-server

say "end-to-end tests in Chromium"
cd end2end
npx playwright test
