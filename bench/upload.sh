#!/usr/bin/env bash
# Upload throughput: a 20 MB PDF posted to the release server on loopback (type check, SHA-256, store
# through object_store on the local disk, database row), against writing the same bytes to a file on the
# same disk, in the same run. Usage: bench/upload.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
port=${PORT:-8793}
cargo build --profile server -p motcua-server
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
RUST_LOG=warn target/server/motcua-server serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --static-dir "$tmp" &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done

curl -sf -c "$tmp/cookies" -H 'content-type: application/json' "http://127.0.0.1:$port/api/v1/auth/register" -d '{
  "kind": "citizen", "full_name": "Nguyễn Thị Lan", "citizen_id": "019190001234", "date_of_birth": "1990-05-27",
  "phone": "0912345678", "email": "lan@example.vn", "address": "Thái Nguyên", "password": "một mật khẩu dài"}' >/dev/null
# curl will not send a Secure cookie over http; pass it by hand.
cookie=$(awk '$6 == "motcua_session" { print "motcua_session=" $7 }' "$tmp/cookies")

python3 - "$tmp" "$port" "$runs" "$cookie" <<'PY'
import os, statistics, subprocess, sys, time
tmp, port, runs, cookie = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
size = 20 * 1024 * 1024
def make(i):
    path = f"{tmp}/file{i}.pdf"
    with open(path, "wb") as f:
        head = b"%PDF-1.7\n"
        f.write(head + os.urandom(size - len(head)))
    return path
def upload(path):
    t = time.perf_counter()
    out = subprocess.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"cookie: {cookie}",
        "--data-binary", f"@{path}", f"http://127.0.0.1:{port}/api/v1/uploads?name=ho-so.pdf"],
        capture_output=True, text=True, check=True)
    assert out.stdout == "201", out.stdout
    return time.perf_counter() - t
def write(path):
    data = open(path, "rb").read()
    t = time.perf_counter()
    with open(f"{tmp}/copy.bin", "wb") as f:
        f.write(data)
    return time.perf_counter() - t
ups, writes = [], []
for i in range(runs):
    p = make(i)  # distinct bytes each run, so content addressing never skips the write
    ups.append(upload(p)); writes.append(write(p))
u, w = statistics.median(ups), statistics.median(writes)
mb = size / 1e6
print(f"20 MB upload over loopback: median {u*1000:.0f} ms ({mb/u:.0f} MB/s) over {runs} runs")
print(f"20 MB write to disk:        median {w*1000:.0f} ms ({mb/w:.0f} MB/s)")
print(f"upload / disk write time ratio: {u/w:.2f}")
PY
