#!/usr/bin/env bash
# Lighthouse 12 (default mobile profile: simulated slow 4G and a 4x slower CPU) on the home, results and
# detail pages of the release build, served by the release server with the sample catalogue.
# Run scripts/build.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8792}
out=bench/out
mkdir -p "$out"
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  (cd bench && npm install --no-audit --no-fund)
fi
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
RUST_LOG=warn target/server/motcua-server serve --listen "127.0.0.1:$port" --data-dir "$tmp" --static-dir dist &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done
code=$(curl -sf "http://127.0.0.1:$port/api/v1/procedures?q=giay%20phep%20xay%20dung&per_page=1" | sed -E 's/.*"code":"([0-9.]+)".*/\1/')

export CHROME_PATH=/usr/bin/chromium
flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
for page in "home:/" "results:/tim-kiem?q=giay%20phep" "detail:/thu-tuc/$code"; do
  name=${page%%:*}
  path=${page#*:}
  bench/node_modules/.bin/lighthouse "http://127.0.0.1:$port$path" --quiet --chrome-flags="$flags" \
    --only-categories=performance,accessibility,best-practices --output=json --output-path="$out/lighthouse-$name.json" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const a = (id) => r.audits[id].displayValue;
    console.log(`${process.argv[2].padEnd(8)} perf ${s("performance")}  a11y ${s("accessibility")}  best ${s("best-practices")}  FCP ${a("first-contentful-paint")}  LCP ${a("largest-contentful-paint")}  TBT ${a("total-blocking-time")}  CLS ${a("cumulative-layout-shift")}`);
    for (const c of ["performance", "accessibility", "best-practices"])
      for (const ref of r.categories[c].auditRefs)
        if (ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1)
          console.log(`           ${c}: ${ref.id} ${r.audits[ref.id].score}`);
  ' "$PWD/$out/lighthouse-$name.json" "$name"
done
