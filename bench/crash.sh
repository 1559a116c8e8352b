#!/usr/bin/env bash
# Crash safety of applying online: CLIENTS citizens upload and submit at once (bench/crash_client.py)
# while the server is killed with SIGKILL KILLS times, every few seconds, and started again on the same
# data directory. Then, with the server stopped, bench/crash_verify.py holds the clients' logs against
# the database and the files: every dossier a client was answered 201 (or 200 on a retry) is there
# with all its files bound and their bytes whole, no code was given twice, no file or upload row is
# orphaned. Usage: bench/crash.sh   (CLIENTS=8, KILLS=5, INTERVAL=3 seconds between kills on average,
# PORT=8795, SERVER=path to measure another build, KEEP_DATA=DIR to keep the data and logs)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-8}
kills=${KILLS:-5}
interval=${INTERVAL:-3}
port=${PORT:-8795}
if [ -z "${SERVER:-}" ]; then cargo build --profile server -p motcua-server; fi
server=${SERVER:-target/server/motcua-server}

tmp=$(mktemp -d)
pid=
cpid=
cleanup() {
  [ -n "$cpid" ] && kill "$cpid" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  if [ -n "${KEEP_DATA:-}" ]; then mkdir -p "$KEEP_DATA" && cp -r "$tmp"/. "$KEEP_DATA"/; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/static" "$tmp/logs"
base="http://127.0.0.1:$port/api/v1"

# The per-address allowances of uploads and submissions are for a commune's desk, not for eight
# clients on one loopback address sending for a minute: raised by their own flags.
start() {
  RUST_LOG=warn "$server" serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --static-dir "$tmp/static" \
    --uploads-per-address 1000000 --submits-per-address 1000000 >>"$tmp/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "$base/health" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2
  tail -20 "$tmp/server.log" >&2
  exit 1
}
ready() { cat "$tmp"/logs/client-*.jsonl 2>/dev/null | grep -c '"ready"' || true; }

start
python3 bench/crash_client.py "$base" "$tmp/logs" "$clients" "$tmp/stop" &
cpid=$!
for _ in $(seq 1 600); do [ "$(ready)" -ge "$clients" ] && break; sleep 0.1; done
echo "== $clients clients signed in; killing the server $kills times"
t0=$(date +%s.%N)
for k in $(seq 1 "$kills"); do
  # Somewhere between half and one and a half intervals, so a kill lands at any point of a request.
  sleep "$(python3 -c "import random; print(round($interval * random.uniform(0.5, 1.5), 2))")"
  acked=$(cat "$tmp"/logs/client-*.jsonl | grep -c '"ack"' || true)
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  echo "kill $k: SIGKILL after $acked acknowledged submissions in all"
  start
done
sleep "$interval"
touch "$tmp/stop"
wait "$cpid"
cpid=
t1=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "load with kills: %.1f s\n", b - a }'
python3 bench/crash_verify.py "$tmp/data" "$tmp/logs" "$kills"
