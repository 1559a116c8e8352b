#!/usr/bin/env bash
# Search and suggestion throughput and latency over a synthetic catalogue (with the sample's synonyms and
# fillers) under concurrent load on loopback, with a small static file from the same server, in the same
# run, as the reference.
# Usage: bench/load.sh [COUNT] [SECONDS]   (defaults 10000 procedures, 15 s per case)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
seconds=${2:-15}
port=${PORT:-8791}
out=bench/out
mkdir -p "$out"
bash scripts/setup.sh >/dev/null
# SERVER=path measures another build (an older commit's, say) with the same script.
if [ -z "${SERVER:-}" ]; then cargo build --profile server -p motcua-server; fi
server=${SERVER:-target/server/motcua-server}

tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
$server generate-catalogue --count "$count" --out "$tmp/catalogue.json"
mkdir -p "$tmp/dist"
printf 'User-agent: *\nAllow: /\n' > "$tmp/dist/robots.txt"
# ANSWERS_KEPT=0 answers every search afresh: the engine's own cost, without the answers kept.
RUST_LOG=warn $server serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --static-dir "$tmp/dist" \
  --catalogue "$tmp/catalogue.json" --answers-kept "${ANSWERS_KEPT:-1024}" &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/api/v1/health"; echo

run() { # name, extra wrk args...
  local name=$1; shift
  wrk -t2 -c32 -d"${seconds}s" --latency "$@" > "$out/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  printf '%-22s %12s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
  echo "$rps" > "$out/$name.rps"
}

echo "catalogue: $count procedures; answers kept: ${ANSWERS_KEPT:-1024}; wrk -t2 -c32 -d${seconds}s on loopback; 2 cores shared by server and wrk"
run static-file "http://127.0.0.1:$port/robots.txt"
run search -s bench/search.lua "http://127.0.0.1:$port"
run suggest -s bench/suggest.lua "http://127.0.0.1:$port"
run detail "http://127.0.0.1:$port/api/v1/procedures/1.000042"
for name in search suggest; do
  awk -v s="$(cat $out/static-file.rps)" -v q="$(cat $out/$name.rps)" -v n="$name" \
    'BEGIN { printf "static file / %s throughput ratio: %.2f\n", n, s / q }'
done
