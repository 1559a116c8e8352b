#!/usr/bin/env bash
# Bounded floods on loopback — registrations, sign-in guesses, tracking lookups, uploads and 500 live
# streams on one account — each while a normal client searches and submits; the normal client's
# latency and the server's peak memory beside an idle baseline, and a health check after each flood.
# Usage: bench/abuse.sh [SECONDS]   (default 10 s per phase; SERVER=path measures another build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${PORT:-8794}
out=bench/out
mkdir -p "$out"
bash scripts/setup.sh >/dev/null
if [ -z "${SERVER:-}" ]; then cargo build --profile server -p motcua-server; fi
server=${SERVER:-target/server/motcua-server}

tmp=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dist"
printf 'User-agent: *\nAllow: /\n' > "$tmp/dist/robots.txt"
# A few hundred dossiers, so the normal client and the live streams have some of their own, and the
# password of the bench citizen and the bench business.
password="mot mat khau cho bench"
$server generate-dossiers --data-dir "$tmp/data" --count 300 --password "$password" > "$tmp/generated.txt"
citizen=$(awk '$1 == "bench-citizen" {print $2}' "$tmp/generated.txt")
business=$(awk '$1 == "bench-business" {print $2}' "$tmp/generated.txt")
# Every client names its address in X-Forwarded-For through a proxy the server trusts (loopback), so
# each flood is counted against its own addresses and the normal client against its own.
RUST_LOG=warn $server serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --static-dir "$tmp/dist" \
  --trusted-proxy 127.0.0.1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done

python3 - "$port" "$pid" "$seconds" "$citizen" "$business" "$password" <<'PY' | tee "$out/abuse.txt"
import http.client, json, os, random, socket, statistics, sys, threading, time

port, pid, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
citizen, business, password = sys.argv[4], sys.argv[5], sys.argv[6]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

def request(conn, method, path, body=None, address="10.0.0.1", cookie=None, headers=None):
    h = {"x-forwarded-for": address}
    if cookie:
        h["cookie"] = cookie
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h["content-type"] = "application/json"
    h.update(headers or {})
    conn.request(method, "/api/v1" + path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    return r.status, data, r.getheader("set-cookie")

def connect():
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)

def sign_in(identifier, address):
    status, _, cookie = request(connect(), "POST", "/auth/login",
                                {"identifier": identifier, "password": password}, address)
    assert status == 200, status
    return cookie.split(";")[0]

def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

# What the normal client submits: the answers of one of its own dossiers again, with new uploads for
# each document, so every submission passes the same rules a real one does.
me = sign_in(citizen, "10.0.0.1")
c = connect()
_, mine, _ = request(c, "GET", "/dossiers", cookie=me)
code = json.loads(mine)["items"][0]["code"]
status, receipt, _ = request(c, "GET", f"/dossiers/{code}/receipt", cookie=me)
assert status == 200, (status, receipt)
receipt = json.loads(receipt)
_, procedure, _ = request(c, "GET", f"/procedures/{receipt['procedure']}")
names = [d["name"]["vi"] for d in json.loads(procedure)["procedure"]["documents"]]
documents = {str(names.index(d["name"]["vi"])): len(d["files"]) for d in receipt["documents"]}
submitted = [0]
QUERIES = ["khai%20sinh", "giay%20phep%20xay%20dung", "dang%20ky%20kinh%20doanh", "ly%20lich%20tu%20phap", "dat%20dai"]

def normal_client(stop, latencies, failures):
    conn = connect()
    i = 0
    last_submit = 0.0
    while not stop.is_set():
        i += 1
        t = time.perf_counter()
        try:
            status, _, _ = request(conn, "GET", f"/procedures?q={QUERIES[i % len(QUERIES)]}")
            ok = status == 200
            if ok and time.perf_counter() - last_submit > 2:
                last_submit = time.perf_counter()
                ids = {}
                for doc, n in documents.items():
                    ids[doc] = []
                    for k in range(n):
                        bytes_ = PDF + f"% {os.getpid()} {time.time()} {doc} {k}\n".encode()
                        s, body, _ = request(conn, "POST", "/uploads?name=giay-to.pdf", bytes_, cookie=me,
                                             headers={"content-type": "application/pdf"})
                        ok = ok and s == 201
                        if s == 201:
                            ids[doc].append(json.loads(body)["id"])
                key = f"bench-{time.time()}-{i}"
                s, body, _ = request(conn, "POST", "/dossiers",
                                     {"procedure": receipt["procedure"], "answers": receipt["answers"],
                                      "documents": ids, "delivery": receipt["delivery"]},
                                     cookie=me, headers={"idempotency-key": key})
                ok = ok and s == 201
                if s == 201:
                    submitted[0] += 1
                elif not failures:
                    print(f"  submit refused: {s} {body[:200]!r}", flush=True)
        except (OSError, http.client.HTTPException):
            ok = False
            conn = connect()
        latencies.append(time.perf_counter() - t)
        if not ok:
            failures.append(i)

def pound(stop, counts, worker, n):
    def run(w):
        conn = connect()
        while not stop.is_set():
            try:
                status = worker(conn, w)
            except (OSError, http.client.HTTPException):
                status = "error"
                conn = connect()
            counts[status] = counts.get(status, 0) + 1
    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in range(n)]
    for t in threads:
        t.start()
    return threads

serial = [0]
def register(conn, w):
    serial[0] += 1
    body = {"kind": "citizen", "full_name": "Nguyễn Văn Bench", "citizen_id": f"0191900{serial[0] % 100000:05d}",
            "date_of_birth": "1990-05-27", "phone": "0912345678", "email": "bench@example.vn", "address": "Thái Nguyên",
            "password": "mot mat khau dai"}
    return request(conn, "POST", "/auth/register", body, f"10.1.0.{w + 1}")[0]

def guess(conn, w):
    return request(conn, "POST", "/auth/login", {"identifier": citizen, "password": f"sai {random.random()}"},
                   f"10.2.0.{w + 1}")[0]

def track(conn, w):
    return request(conn, "POST", "/tracking", {"code": f"000.00.01.H26-260101-{random.randint(0, 9999):04d}",
                                                "check": f"09{random.randint(0, 99999999):08d}"}, f"10.3.0.{w + 1}")[0]

flooder = sign_in(business, "10.4.0.1")
def upload(conn, w):
    body = PDF + os.urandom(256 * 1024)
    return request(conn, "POST", "/uploads?name=rac.pdf", body, "10.4.0.1", cookie=flooder,
                   headers={"content-type": "application/pdf"})[0]

def streams(stop, counts, n=500):
    _, listed, _ = request(connect(), "GET", "/dossiers", address="10.5.0.1", cookie=flooder)
    code = json.loads(listed)["items"][0]["code"]
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET /api/v1/dossiers/{code}/live HTTP/1.1\r\nHost: bench\r\nCookie: {flooder}\r\n"
                  f"X-Forwarded-For: 10.5.0.1\r\n\r\n".encode())
        socks.append(s)
    for s in socks:
        s.settimeout(10)
        try:
            status = s.recv(64).split(b" ")[1].decode()
        except (OSError, IndexError):
            status = "error"
        counts[status] = counts.get(status, 0) + 1
    stop.wait()
    for s in socks:
        s.close()
    return []

def phase(name, flood=None):
    stop = threading.Event()
    latencies, failures, counts = [], [], {}
    peak = [rss_kb()]
    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb())
            time.sleep(0.05)
    threading.Thread(target=sample, daemon=True).start()
    client = threading.Thread(target=normal_client, args=(stop, latencies, failures), daemon=True)
    client.start()
    extra = []
    if flood == "streams":
        extra = [threading.Thread(target=streams, args=(stop, counts), daemon=True)]
        extra[0].start()
    elif flood:
        worker, n = flood
        extra = pound(stop, counts, worker, n)
    time.sleep(seconds)
    stop.set()
    client.join()
    for t in extra:
        t.join(timeout=30)
    status, _, _ = request(connect(), "GET", "/health")
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    flood_text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
    print(f"{name:<14} normal p50 {q[49]*1000:6.1f} ms  p99 {q[98]*1000:6.1f} ms  ({len(latencies)} req, "
          f"{len(failures)} failed)  peak RSS {peak[0]/1024:6.1f} MB  health {status}  flood: {flood_text or '-'}",
          flush=True)

print(f"{seconds:.0f} s per phase; normal client: a search, and every 2 s a submission with its uploads; "
      f"2 cores shared by server and clients")
phase("idle")
phase("registration", (register, 16))
phase("sign-in", (guess, 16))
phase("tracking", (track, 16))
phase("uploads", (upload, 8))
phase("live x500", "streams")
phase("idle again")
# The owner still signs in after the guesses.
print(f"normal client submitted {submitted[0]} dossiers; signs in after the guesses: "
      f"{request(connect(), 'POST', '/auth/login', {'identifier': citizen, 'password': password}, '10.0.0.1')[0]}")
PY
