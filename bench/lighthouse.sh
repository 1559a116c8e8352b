#!/usr/bin/env bash
# Lighthouse 12 (default mobile profile: simulated slow 4G and a 4x slower CPU) on the public pages (home,
# results, detail, tracking and its answer) and, signed in as the sample company, the application form and
# a dossier's page, of the release build served by the release server with the sample data.
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
server=target/server/motcua-server
base="http://127.0.0.1:$port"
# The sample company, with dossiers of its project acted on by officers, to sign in as.
for officer in canbo.hcc:trung-tam-phuc-vu-hcc canbo.stc:so-tai-chinh canbo.sxd:so-xay-dung; do
  "$server" create-officer --data-dir "$tmp" --username "${officer%%:*}" --full-name "Cán bộ" --agency "${officer#*:}" >/dev/null
done
sample=$("$server" create-sample-project --data-dir "$tmp" --officer canbo.hcc --officer canbo.stc --officer canbo.sxd)
RUST_LOG=warn "$server" serve --listen "127.0.0.1:$port" --data-dir "$tmp" --static-dir dist &
pid=$!
for _ in $(seq 1 120); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.5; done
code=$(curl -sf "$base/api/v1/procedures?q=giay%20phep%20xay%20dung&per_page=1" | sed -E 's/.*"code":"([0-9.]+)".*/\1/')
tax_code=$(sed -E 's/^sample company ([0-9]+).*/\1/' <<<"$sample")
password=${sample##* }
cookie=$(curl -sf -c - -H 'content-type: application/json' \
  --data "{\"identifier\":\"$tax_code\",\"password\":\"$password\"}" "$base/api/v1/auth/login" \
  | awk '$6 ~ /^motcua_/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }')
dossier=$(curl -sf -H "cookie: $cookie" "$base/api/v1/dossiers" | grep -oE '"code":"[^"]+"' | head -1 | cut -d'"' -f4)
# A procedure with an online form, and a dossier's tracking answer as its QR code gives it.
form=$(curl -sf "$base/api/v1/procedures?online=toan-trinh&per_page=1" | sed -E 's/.*"code":"([0-9.]+)".*/\1/')

export CHROME_PATH=/usr/bin/chromium
flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
for page in "home:/" "results:/tim-kiem?q=giay%20phep" "detail:/thu-tuc/$code" "tracking:/tra-cuu?ma=$dossier" \
  "form:/nop-ho-so/$form" "dossier:/ho-so/$dossier"; do
  name=${page%%:*}
  path=${page#*:}
  case $name in
    form | dossier) node bench/signed-in.mjs "$base$path" "$out/lighthouse-$name.json" "$cookie" ;;
    *) bench/node_modules/.bin/lighthouse "$base$path" --quiet --chrome-flags="$flags" \
      --only-categories=performance,accessibility,best-practices,seo --output=json \
      --output-path="$out/lighthouse-$name.json" >/dev/null ;;
  esac
  node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const a = (id) => r.audits[id].displayValue;
    console.log(`${process.argv[2].padEnd(8)} perf ${s("performance")}  a11y ${s("accessibility")}  best ${s("best-practices")}  seo ${s("seo")}  bytes ${r.audits["total-byte-weight"].numericValue}  FCP ${a("first-contentful-paint")}  LCP ${a("largest-contentful-paint")}  TBT ${a("total-blocking-time")}  CLS ${a("cumulative-layout-shift")}`);
    for (const c of ["performance", "accessibility", "best-practices", "seo"])
      for (const ref of r.categories[c].auditRefs)
        if (ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1)
          console.log(`           ${c}: ${ref.id} ${r.audits[ref.id].score}`);
  ' "$PWD/$out/lighthouse-$name.json" "$name"
done
