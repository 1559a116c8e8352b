#!/usr/bin/env bash
# Installs whatever the project needs and is missing: system packages, the WebAssembly target, trunk,
# wasm-bindgen-cli at Cargo.lock's version, the npm packages (Playwright, axe-core, binaryen's
# wasm-opt; the test e-ID provider in sims/), aiosmtpd, the SMTP server the mail tests deliver to, the
# API fuzzer schemathesis (in .venv-fuzz) and moto, the S3-compatible server the storage tests use (in
# .venv-s3). Safe to run again: each step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v gzip >/dev/null || need_apt+=(gzip)
# The API suite runs against PostgreSQL too (scripts/postgres.sh starts a throwaway server).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# The copies test puts two servers behind nginx with deploy/nginx/motcua.conf.
command -v nginx >/dev/null || need_apt+=(nginx-light)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo: installing trunk $TRUNK_VERSION"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]; then
  say "cargo: installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "pip: installing aiosmtpd"
  # A system Python that refuses pip (PEP 668) gets Debian's package instead.
  python3 -m pip install --quiet aiosmtpd ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null; }
fi

# Python tools at the versions pinned in scripts/requirements-NAME.txt, each in a venv of its own
# (.venv-NAME): they bring many packages.
venv() {
  local name=$1 what=$2
  if ! cmp -s "scripts/requirements-$name.txt" ".venv-$name/requirements-$name.txt"; then
    say "pip: installing $what into .venv-$name"
    python3 -m venv ".venv-$name" 2>/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null &&
        python3 -m venv ".venv-$name"; }
    ".venv-$name/bin/python" -m pip install --quiet -r "scripts/requirements-$name.txt"
    cp "scripts/requirements-$name.txt" ".venv-$name/requirements-$name.txt"
  fi
}
# The API fuzzer (scripts/fuzz.sh).
venv fuzz schemathesis
# An S3-compatible server (moto) for the API suite's run with files on object storage (scripts/s3.sh).
venv s3 moto

if [ ! -x end2end/node_modules/.bin/playwright ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "npm: installing end2end packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# The stand-ins for outside services that tests and demos run (sims/): the e-ID's OpenID provider.
if [ ! -d sims/node_modules/oidc-provider ] || [ sims/package-lock.json -nt sims/node_modules/.package-lock.json ]; then
  say "npm: installing sims packages"
  (cd sims && npm ci --no-audit --no-fund)
fi

say "setup complete"
