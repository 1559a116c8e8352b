#!/usr/bin/env bash
# The project page with its forecast (GET /api/v1/projects/{id}), the company's list of projects
# (GET /api/v1/projects) and the officer queue with its project marks, over a million synthetic
# dossiers and tens of thousands of projects, under concurrent load on loopback, with a small static
# file from the same server, in the same run, as the reference. Also: how long generating takes, how
# long the server's first computation of the agencies' durations takes, and the projects' query plans
# and times.
# Usage: bench/projects.sh [--dossiers N] [--projects P]
#   (defaults 1,000,000 dossiers and generate-dossiers' default projects, three per hundred dossiers;
#   CASE_SECONDS=30 per case, CONNECTIONS=32, PORT=8795, KEEP_DATA=DIR, SERVER=path)
set -euo pipefail
cd "$(dirname "$0")/.."
count=1000000
projects=
while [ $# -gt 0 ]; do
  case $1 in
    --dossiers) count=$2; shift 2 ;;
    --projects) projects=$2; shift 2 ;;
    *) echo "usage: bench/projects.sh [--dossiers N] [--projects P]" >&2; exit 2 ;;
  esac
done
seconds=${CASE_SECONDS:-30}
connections=${CONNECTIONS:-32}
port=${PORT:-8795}
target_ms=20
out=bench/out/projects
mkdir -p "$out"
# SERVER=path measures another build (an older commit's, say) with the same script.
if [ -z "${SERVER:-}" ]; then cargo build --profile server -p motcua-server; fi
server=${SERVER:-target/server/motcua-server}

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
# KEEP_DATA=DIR generates into DIR (which must not exist yet) and leaves it there to look at after.
data=${KEEP_DATA:-$tmp/data}
db=$data/motcua.sqlite
password="bench-$(head -c 12 /dev/urandom | base64 | tr '+/' '-_')"

echo "== generating $count dossiers and ${projects:-the default number of} projects"
t0=$(date +%s.%N)
RUST_LOG=warn $server generate-dossiers --data-dir "$data" --count "$count" ${projects:+--projects "$projects"} \
  --password "$password" | grep -v '^bench-password' | tee "$out/generate.txt"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "generate-dossiers wall time (with catalogue import): %.1f s\n", b - a }'
business=$(awk '$1 == "bench-projects" { print $2 }' "$out/generate.txt")
read -r -a investors <<< "$(awk '$1 == "bench-investors" { $1 = ""; print }' "$out/generate.txt")"

# Read-only looks at the database through python3's sqlite3 module, which every machine here has.
python3 - "$db" <<'PY' | tee "$out/database.txt"
import os, sqlite3, sys
db = sys.argv[1]
size = os.path.getsize(db) + sum(os.path.getsize(db + s) for s in ("-wal",) if os.path.exists(db + s))
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
print(f"database: {size / 1e6:.0f} MB")
for label, sql in [
    ("dossiers", "SELECT COUNT(*) FROM dossiers"),
    ("projects", "SELECT COUNT(*) FROM projects"),
    ("companies", "SELECT COUNT(*) FROM companies"),
    ("steps filed", "SELECT COUNT(*) FROM dossiers WHERE project IS NOT NULL"),
    ("open steps", "SELECT COUNT(*) FROM dossiers WHERE project IS NOT NULL AND open = 1"),
]:
    print(f"{label}: {c.execute(sql).fetchone()[0]}", end="; ")
print()
print("projects by kind: " + ", ".join(f"{k} {n}" for k, n in c.execute(
    "SELECT kind, COUNT(*) FROM projects GROUP BY kind ORDER BY 2 DESC")))
print("steps by status: " + ", ".join(f"{s} {n}" for s, n in c.execute(
    "SELECT status, COUNT(*) FROM dossiers WHERE project IS NOT NULL GROUP BY status ORDER BY 2 DESC")))
PY
# The officer: at the agency holding the most open steps of projects.
agency=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(c.execute("SELECT holder FROM dossiers WHERE project IS NOT NULL AND open = 1 "
                "GROUP BY holder ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0])
PY
)
officer_password=$(RUST_LOG=warn $server create-officer --data-dir "$data" --username bench.projects \
  --full-name "Cán bộ thử tải" --agency "$agency" | awk '{ print $NF }')

mkdir -p "$tmp/dist"
printf 'User-agent: *\nAllow: /\n' > "$tmp/dist/robots.txt"
started=$(date +%s)
# sqlx's slow-statement warnings would flood the output; the numbers below tell the same.
RUST_LOG=warn,sqlx=error $server serve --listen "127.0.0.1:$port" --data-dir "$data" --static-dir "$tmp/dist" &
pid=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done
base="http://127.0.0.1:$port"

# The forecast reads the agencies' durations, computed from the event log in the background at
# start: measure once they are there.
python3 - "$db" "$started" <<'PY' | tee "$out/durations.txt"
import sqlite3, sys, time
db, started = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
for _ in range(1200):
    at = c.execute("SELECT MAX(computed_at) FROM procedure_durations").fetchone()[0]
    if at is not None and at >= started:
        break
    time.sleep(0.5)
else:
    sys.exit("the durations were not computed within 10 minutes")
print(f"durations computed {time.time() - started:.1f} s after the server started (within 0.5 s): "
      f"{c.execute('SELECT COUNT(*) FROM procedure_durations').fetchone()[0]} (procedure, agency) pairs; "
      f"{c.execute('SELECT COUNT(*) FROM procedure_durations WHERE samples >= 5').fetchone()[0]} with 5 results or more")
PY

# The session cookie is Secure, so curl keeps it out of a jar over http: read it off Set-Cookie.
login() { # identifier, password → "motcua_session=…"
  curl -sf -D - -o /dev/null -H 'content-type: application/json' "$base/api/v1/auth/login" \
    -d "{\"identifier\": \"$1\", \"password\": \"$2\"}" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(motcua_session=[^;]*\).*/\1/p'
}
officer_cookie=$(login bench.projects "$officer_password")
[ -n "$officer_cookie" ] || { echo "no session for the officer" >&2; exit 1; }
# Each member's projects, from its own list: the requests the cases rotate through.
: > "$tmp/pages"; : > "$tmp/lists"; : > "$tmp/big-list"
for member in "$business" "${investors[@]}"; do
  cookie=$(login "$member" "$password")
  [ -n "$cookie" ] || { echo "no session for $member" >&2; exit 1; }
  ids=$(curl -sf -H "cookie: $cookie" "$base/api/v1/projects" \
    | python3 -c 'import json, sys; print(" ".join(p["id"] for p in json.load(sys.stdin)["items"]))')
  printf '%s\t/api/v1/projects\n' "$cookie" >> "$tmp/lists"
  [ "$member" = "$business" ] && printf '%s\t/api/v1/projects\n' "$cookie" > "$tmp/big-list"
  for id in $ids; do printf '%s\t/api/v1/projects/%s\n' "$cookie" "$id" >> "$tmp/pages"; done
  echo "member $member: $(echo $ids | wc -w) projects"
done
# The officer's: projects with a dossier at its agency, which it may read.
python3 - "$db" "$agency" <<'PY' | while read -r id; do printf '%s\t/api/v1/projects/%s\n' "$officer_cookie" "$id"; done > "$tmp/officer-pages"
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for (p,) in c.execute("SELECT DISTINCT project FROM dossiers WHERE project IS NOT NULL AND open = 1 AND holder = ? LIMIT 200", (sys.argv[2],)):
    print(p)
PY
echo "officer at $agency: $(curl -sf -H "cookie: $officer_cookie" "$base/api/v1/officer/queue" \
  | python3 -c 'import json, sys; q = json.load(sys.stdin); print(q["total"], "open,", sum(1 for i in q["items"] if i.get("project")), "of the first", len(q["items"]), "marked as steps of projects")'); $(wc -l < "$tmp/officer-pages") of its projects to read"

run() { # name, then a path or "lua FILE" (cookie and path per request), then a cookie for a path
  local name=$1 what=$2 cookie=${3:-}
  # A long timeout, so slow answers are measured rather than dropped as wrk's 2 s timeouts.
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency --timeout 30s)
  if [ "$what" = lua ]; then
    # Every answer must be a 200: a failing endpoint must not look fast.
    while IFS=$'\t' read -r c p; do
      [ "$(curl -s -o /dev/null -w '%{http_code}' -H "cookie: $c" "$base$p")" = 200 ] \
        || { echo "$name: $p does not answer 200" >&2; exit 1; }
    done < <(head -3 "$3")
    REQUESTS=$3 wrk "${args[@]}" -s bench/projects.lua "$base" > "$out/$name.txt"
  else
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    [ "$(curl -s -o /dev/null -w '%{http_code}' ${cookie:+-H "cookie: $cookie"} "$base$what")" = 200 ] \
      || { echo "$name: $what does not answer 200" >&2; exit 1; }
    wrk "${args[@]}" "$base$what" > "$out/$name.txt"
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  errors=$(awk '/Non-2xx/ {print $NF} /Socket errors/ && $NF > 0 {print $NF}' "$out/$name.txt" | head -1)
  echo "$rps" > "$out/$name.rps"
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v s="$(cat "$out/static-file.rps" 2>/dev/null || echo "$rps")" \
    -v e="${errors:-0}" -v t="$target_ms" '
    function ms(x) { return x ~ /us$/ ? x / 1000 : x ~ /ms$/ ? x + 0 : x * 1000 }
    BEGIN { printf "%-22s %10s req/s   p50 %9s   p99 %9s   static/this %5.1f   p99 <= %d ms: %s%s\n",
      n, r, a, b, s / r, t, (ms(b) <= t ? "yes" : "NO"), (e > 0 ? "   ERRORS/TIMEOUTS " e : "") }'
}

echo "== $count dossiers; wrk -t2 -c$connections -d${seconds}s on loopback; 2 cores shared by server and wrk"
run static-file /robots.txt
run project-page lua "$tmp/pages"
run project-list-big lua "$tmp/big-list"
run project-lists lua "$tmp/lists"
run officer-queue /api/v1/officer/queue "$officer_cookie"
[ -s "$tmp/officer-pages" ] && run officer-project lua "$tmp/officer-pages"

echo "== query plans and single-query times (python3 sqlite3 $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'), server idle)"
kill $pid; wait $pid 2>/dev/null || true; pid=
python3 - "$db" "$business" <<'PY' | tee "$out/plans.txt"
import sqlite3, statistics, sys, time
db, business = sys.argv[1:]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
project = c.execute("SELECT id FROM projects WHERE company = ? LIMIT 1", (business,)).fetchone()[0]
ids = [r[0] for r in c.execute("SELECT id FROM projects WHERE company = ?", (business,))]
marks = ", ".join("?" * len(ids))
# What a project page and a company's list read (store::projects), as they stood when this was written.
queries = [
    ("project", "SELECT * FROM projects WHERE id = ?", (project,)),
    ("company's projects", "SELECT * FROM projects WHERE company = ? ORDER BY created_at DESC", (business,)),
    ("a project's dossiers", "SELECT code, project, project_step, procedure, agency, status, received_at, due_date, owner, workflow "
     "FROM dossiers WHERE project = ? ORDER BY received_at", (project,)),
    (f"{len(ids)} projects' dossiers", "SELECT code, project, project_step, procedure, agency, status, received_at, due_date, owner, workflow "
     f"FROM dossiers WHERE project IN ({marks})", tuple(ids)),
    ("a project's events", "SELECT e.dossier, e.at, e.kind, e.data FROM dossier_events e JOIN dossiers d ON d.code = e.dossier "
     "WHERE d.project = ?", (project,)),
]
for name, sql, args in queries:
    plan = " | ".join(r[-1] for r in c.execute("EXPLAIN QUERY PLAN " + sql, args))
    times = []
    for _ in range(30):
        t = time.perf_counter(); c.execute(sql, args).fetchall(); times.append(time.perf_counter() - t)
    print(f"{name:28s} median {statistics.median(times) * 1000:7.2f} ms  max {max(times) * 1000:7.2f} ms   {plan}")
PY
