#!/usr/bin/env bash
# The public statistics (GET /api/v1/stats for the province, the busiest agency and the busiest
# procedure over a year) and the Decision 766 index (GET /api/v1/stats/index over the same year) over
# COUNT generated dossiers with their events and ratings, under concurrent load on loopback, with a
# small static file from the same server, in the same run, as the reference (target: p99 <= 20 ms).
# Then the aggregates kept current: citizens submit and officers act (receive, forward, result,
# return) and citizens rate, for LOAD_SECONDS, while the statistics are read every 2 s; once the
# load stops, the statistics' change must equal exactly what the load did, and with the server
# stopped the stored rows must equal a recount from the event log.
# Usage: bench/stats.sh   (COUNT=1000000 dossiers; CASE_SECONDS=10 per case, CONNECTIONS=32,
#   LOAD_SECONDS=30, CITIZENS=4 and OFFICERS=2 threads in the load, PORT=8796, KEEP_DATA=DIR,
#   SERVER=path)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-1000000}
seconds=${CASE_SECONDS:-10}
connections=${CONNECTIONS:-32}
load_seconds=${LOAD_SECONDS:-30}
citizens=${CITIZENS:-4}
officers=${OFFICERS:-2}
port=${PORT:-8796}
target_ms=20
. bench/lib.sh
bench_start bench/out/stats

echo "== generating $count dossiers"
generate

# A full year of the generated two: last year's. The load runs in this month.
year=$(( $(TZ=Asia/Ho_Chi_Minh date +%Y) - 1 ))
month=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)
period="from=$year-01&to=$year-12"

database_counts \
  "dossiers|SELECT COUNT(*) FROM dossiers" \
  "events|SELECT COUNT(*) FROM dossier_events" \
  "ratings|SELECT COUNT(*) FROM ratings" \
  "monthly rows|SELECT COUNT(*) FROM stats_monthly" \
  "day rows|SELECT COUNT(*) FROM stats_days" \
  "rating rows|SELECT COUNT(*) FROM stats_ratings"
read -r agency procedure <<< "$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
a = c.execute("SELECT agency FROM dossiers GROUP BY agency ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
p = c.execute("SELECT procedure FROM dossiers GROUP BY procedure ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
print(a, p)
PY
)"
# The load's dossiers: birth registrations at the first commune of the province, whose office does
# every step, with its officers.
office=$(python3 -c '
import json
places = json.load(open("catalogue/places.json"))
agencies = json.load(open("catalogue/agencies.json"))
per = next(a["per_commune"] for a in agencies if a["id"] == "ubnd-xa")
province = next(p for p in places["provinces"] if p["code"] == per["province"])
print(per["id"].replace("{commune}", province["communes"][0]["code"]))')
officer_password=$(officer bench.stats "$office")

# Eight clients on one loopback address for a minute are not a commune's desk: the per-address
# allowances are raised, as bench/crash.sh does.
serve_flags=(--uploads-per-address 1000000 --submits-per-address 1000000)
# An error under load is counted by the load; its backtrace would flood the output.
export RUST_BACKTRACE=0 RUST_LIB_BACKTRACE=0
serve
echo "server answering $(( $(date +%s) - started )) s after start (the rows are counted from the log at the first start)"

run() { # name, path
  local name=$1 path=$2
  answers_200 "$name" "" "$path"
  # The answer's size, as sent (no compression asked for, as wrk asks for none).
  local bytes
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "$base$path")
  measure "$name" -t2 -c"$connections" -d"${seconds}s" "$base$path"
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v s="$static_rps" -v e="$errors" -v t="$target_ms" -v z="$bytes" '
    function ms(x) { return x ~ /us$/ ? x / 1000 : x ~ /ms$/ ? x + 0 : x * 1000 }
    BEGIN { printf "%-20s %10s req/s   p50 %9s   p99 %9s   %8d B   static/this %5.1f   p99 <= %d ms: %s%s\n",
      n, r, a, b, z, s / r, t, (ms(b) <= t ? "yes" : "NO"), (e > 0 ? "   ERRORS/TIMEOUTS " e : "") }'
}

echo "== $count dossiers; $year; agency $agency, procedure $procedure;" \
  "wrk -t2 -c$connections -d${seconds}s on loopback; 2 cores shared by server and wrk"
run static-file /robots.txt
run stats-province "/api/v1/stats?scope=province&$period"
run stats-agency "/api/v1/stats?scope=agency:$agency&$period"
run stats-procedure "/api/v1/stats?scope=procedure:$procedure&$period"
run stats-index "/api/v1/stats/index?$period"
curl -sf "$base/api/v1/stats/index?$period" > "$tmp/index.json"
python3 - "$tmp/index.json" <<'PY' | tee "$out/index.txt"
import json, sys
ix = json.load(open(sys.argv[1]))
p = ix["province"]
groups = ", ".join(f"{g['id']} {g['points']}/{g['out_of']}" for g in p["groups"])
print(f"index {ix['from']} to {ix['to']}: province {p['points']} of {p['out_of']} ({p['on_100']} on 100); {groups}")
for a in ix["agencies"][:3] + ix["agencies"][-1:]:
    down = ", ".join(f"{l['figure']} -{l['lost']}" for l in a["pulls_down"][:3])
    print(f"  {a['rank']:>3}. {a['agency']}: {a['score']['on_100']} on 100; pulled down by {down}")
print(f"  ({len(ix['agencies'])} agencies ranked)")
PY

echo "== the aggregates while $citizens citizens submit and rate and $officers officers act at $office for ${load_seconds}s"
failed=0
python3 - "$base" "$office" bench.stats "$officer_password" "$load_seconds" "$citizens" "$officers" "$month" \
  <<'PY' | tee "$out/current.txt" || failed=1
import json, os, random, sys, threading, time
sys.path.insert(0, "bench")
import application as a

base, office, officer, officer_password, seconds, citizens, officers, month = sys.argv[1:]
seconds, citizens, officers = float(seconds), int(citizens), int(officers)
api = base + "/api/v1"
commune = office.rsplit("-", 1)[1]
lock = threading.Lock()
done = {"submitted": 0, "result_ready": 0, "rated": 0, "conflicts": 0, "errors": 0}
stop = threading.Event()
# What the load submitted, waiting for a desk's next step.
arrived = []


failures = {}


def count(what):
    with lock:
        done[what] += 1


def failed(what, r):
    with lock:
        done["errors"] += 1
        key = f"{what} {r.status} {r.body[:80].decode(errors='replace')}"
        failures[key] = failures.get(key, 0) + 1


def citizen(n):
    cookie = a.sign_in(api, 800000 + n)
    proc = a.Procedure(api)
    # Only what is uploaded: the identity document comes from the e-ID account.
    detail = a.request(api, "GET", f"/procedures/{proc.code}").json()["procedure"]["documents"]
    proc.mandatory = [i for i in proc.mandatory if detail[i].get("provided", "upload") == "upload"]
    mine = []
    k = 0
    while not stop.is_set():
        k += 1
        documents = {}
        for i in proc.mandatory:
            r = a.upload(api, cookie, f"giấy tờ {i}.pdf", a.PDF + f"% {n} {k} {i}\n".encode())
            if r.status != 201:
                failed("upload", r)
                stop.wait(1)
                continue
            documents[i] = [r.json()["id"]]
        body = dict(proc.body(documents), commune=commune)
        r = a.request(api, "POST", "/dossiers", body, cookie, {"idempotency-key": f"stats-{n}-{k}-{os.urandom(4).hex()}"})
        if r.status == 201:
            count("submitted")
            mine.append(r.json()["code"])
            with lock:
                arrived.append(r.json()["code"])
        else:
            failed("submit", r)
        # Rate what has been handed back (3 to 5: a 1 or 2 opens a feedback case, not measured here).
        for code in list(mine[:3]):
            v = a.request(api, "GET", f"/dossiers/{code}", None, cookie).json()
            if v.get("can_rate"):
                r = a.request(api, "PUT", f"/dossiers/{code}/rating", {"overall": random.randint(3, 5)}, cookie)
                if r.status == 200:
                    count("rated")
                else:
                    failed("rate", r)
                mine.remove(code)


def desk(n):
    r = a.request(api, "POST", "/auth/login", {"identifier": officer, "password": officer_password})
    cookie = a.session_cookie(r)
    while not stop.is_set():
        # The desks work through what the load submitted, oldest first: at a million dossiers the
        # office's queue is mostly generated ones, and desks paging through it never reached the
        # load's (a run at 1M gave no results that way).
        with lock:
            code = arrived.pop(0) if arrived else None
        if code is None:
            time.sleep(0.05)
            continue
        # One desk takes a dossier through every step it can, to its return.
        while not stop.is_set():
            v = a.request(api, "GET", f"/dossiers/{code}", None, cookie).json()
            action = next((x for x in ("receive", "forward", "result_ready", "return") if x in v.get("actions", [])), None)
            if action is None:
                break
            body = {"action": action, "version": v["version"]}
            if action == "result_ready":
                f = a.upload(api, cookie, "Trích lục khai sinh.pdf", a.PDF + f"% {code}\n".encode()).json()["id"]
                body["files"] = [f]
            r = a.request(api, "POST", f"/dossiers/{code}/actions", body, cookie)
            if r.status == 200:
                if action == "result_ready":
                    count("result_ready")
            elif r.status == 409:
                count("conflicts")  # a fee is unpaid
                break
            else:
                failed(action, r)
                break


def figures():
    t = time.perf_counter()
    r = a.request(api, "GET", f"/stats?scope=agency:{office}&from={month}&to={month}")
    ms = (time.perf_counter() - t) * 1000
    f = r.json()["totals"]
    overall = next((c for c in f["satisfaction"] if c["criterion"] == "overall"), {"distribution": [0] * 5})
    return (f["received"], f["resolved_early"] + f["resolved_on_time"] + f["resolved_late"],
            sum(overall["distribution"])), ms


before, _ = figures()
threads = [threading.Thread(target=citizen, args=(n,)) for n in range(citizens)]
threads += [threading.Thread(target=desk, args=(n,)) for n in range(officers)]
for t in threads:
    t.start()
print(f"{'s':>4} {'submitted':>10} {'received+':>10} {'results':>8} {'resolved+':>10} {'rated':>6} {'ratings+':>9} {'read ms':>8}")
t0 = time.time()
while time.time() - t0 < seconds:
    time.sleep(2)
    with lock:
        d = dict(done)
    now, ms = figures()
    print(f"{time.time() - t0:4.0f} {d['submitted']:10d} {now[0] - before[0]:10d} {d['result_ready']:8d} "
          f"{now[1] - before[1]:10d} {d['rated']:6d} {now[2] - before[2]:9d} {ms:8.1f}", flush=True)
stop.set()
for t in threads:
    t.join()
after, _ = figures()
change = tuple(x - y for x, y in zip(after, before))
load = (done["submitted"], done["result_ready"], done["rated"])
print(f"stopped: the load submitted {load[0]}, gave {load[1]} results and {load[2]} ratings "
      f"({done['conflicts']} actions refused for an unpaid fee, {done['errors']} errors); "
      f"the statistics moved by {change[0]} received, {change[1]} resolved, {change[2]} ratings: "
      + ("AGREE" if change == load else "DIFFER"))
for key, n in sorted(failures.items()):
    print(f"  failed {n}x: {key}")
sys.exit(0 if change == load and done["errors"] == 0 else 1)
PY

echo "== the stored rows against a recount from the event log (server stopped)"
stop
if $server --help | grep -q stats-check; then
  $server stats-check --data-dir "$data" | tee "$out/recount.txt" || failed=1
else
  # Without the server's own recount: what can be counted plainly, per month, for the province.
  python3 - "$db" <<'PY' | tee "$out/recount.txt" || failed=1
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
vn = "strftime('%Y-%m', {} + 7 * 3600, 'unixepoch')"
def by_month(sql):
    return dict(c.execute(sql).fetchall())
counted = {
    "received": by_month(f"SELECT {vn.format('received_at')}, COUNT(*) FROM dossiers GROUP BY 1"),
    "resolved": by_month(f"SELECT {vn.format('at')}, COUNT(*) FROM dossier_events WHERE kind = 'result_ready' GROUP BY 1"),
    "refused": by_month(f"SELECT {vn.format('at')}, COUNT(*) FROM dossier_events WHERE kind = 'refused' GROUP BY 1"),
    "withdrawn": by_month(f"SELECT {vn.format('at')}, COUNT(*) FROM dossier_events WHERE kind = 'withdrawn' GROUP BY 1"),
    "supplement_requests": by_month(f"SELECT {vn.format('at')}, COUNT(*) FROM dossier_events WHERE kind = 'supplement_requested' GROUP BY 1"),
    "ratings": by_month(f"SELECT {vn.format('rated_at')}, COUNT(*) FROM ratings GROUP BY 1"),
}
stored = {
    k: by_month(f"SELECT month, {col} FROM stats_monthly WHERE agency = '' AND procedure = '' AND {col} <> 0")
    for k, col in [("received", "received"), ("resolved", "resolved_early + resolved_on_time + resolved_late"),
                   ("refused", "refused"), ("withdrawn", "withdrawn"), ("supplement_requests", "supplement_requests")]
}
stored["ratings"] = by_month("SELECT month, p1 + p2 + p3 + p4 + p5 FROM stats_ratings WHERE agency = '' "
                             "AND procedure = '' AND criterion = 'overall' AND p1 + p2 + p3 + p4 + p5 <> 0")
bad = [(k, m, counted[k].get(m, 0), stored[k].get(m, 0)) for k in counted
       for m in sorted(set(counted[k]) | set(stored[k])) if counted[k].get(m, 0) != stored[k].get(m, 0)]
months = len(set().union(*counted.values()))
print(f"{months} months x {len(counted)} figures counted from the log and the ratings: "
      + ("all agree with the stored rows" if not bad else f"{len(bad)} DIFFER: {bad[:10]}"))
sys.exit(1 if bad else 0)
PY
fi
exit $failed
