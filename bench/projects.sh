#!/usr/bin/env bash
# The project page with its forecast (GET /api/v1/projects/{id}), the company's list of projects
# (GET /api/v1/projects) and the officer queue with its project marks, over a million synthetic
# dossiers and tens of thousands of projects, under concurrent load on loopback, with a small static
# file from the same server, in the same run, as the reference. Also: how long generating takes, how
# long the server's first computation of the agencies' durations takes, and the projects' query plans
# and times.
# Usage: bench/projects.sh [--dossiers N] [--projects P]
#   (defaults 1,000,000 dossiers and generate-dossiers' default projects, three per hundred dossiers;
#   CASE_SECONDS=30 per case, CONNECTIONS=32, OFFICERS=8 at the officers' agency, PORT=8795,
#   KEEP_DATA=DIR, SERVER=path)
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
officers=${OFFICERS:-8}
port=${PORT:-8795}
target_ms=20
. bench/lib.sh
bench_start bench/out/projects

echo "== generating $count dossiers and ${projects:-the default number of} projects"
generate ${projects:+--projects "$projects"}
business=$(awk '$1 == "bench-projects" { print $2 }' "$out/generate.txt")
read -r -a investors <<< "$(awk '$1 == "bench-investors" { $1 = ""; print }' "$out/generate.txt")"

database_counts \
  "dossiers|SELECT COUNT(*) FROM dossiers" \
  "projects|SELECT COUNT(*) FROM projects" \
  "companies|SELECT COUNT(*) FROM companies" \
  "steps filed|SELECT COUNT(*) FROM dossiers WHERE project IS NOT NULL" \
  "open steps|SELECT COUNT(*) FROM dossiers WHERE project IS NOT NULL AND open = 1"
python3 - "$db" <<'PY' | tee -a "$out/database.txt"
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print("projects by kind: " + ", ".join(f"{k} {n}" for k, n in c.execute(
    "SELECT kind, COUNT(*) FROM projects GROUP BY kind ORDER BY 2 DESC")))
print("steps by status: " + ", ".join(f"{s} {n}" for s, n in c.execute(
    "SELECT status, COUNT(*) FROM dossiers WHERE project IS NOT NULL GROUP BY status ORDER BY 2 DESC")))
PY
# The officers: at the agency holding the most open steps of projects, each signed in on its own
# desk, as an agency's staff are.
agency=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(c.execute("SELECT holder FROM dossiers WHERE project IS NOT NULL AND open = 1 "
                "GROUP BY holder ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0])
PY
)
officer_passwords=()
for k in $(seq 1 "$officers"); do
  officer_passwords+=("$(officer "bench.projects.$k" "$agency")")
done

serve

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

officer_cookies=()
for k in $(seq 1 "$officers"); do
  officer_cookies+=("$(login "bench.projects.$k" "${officer_passwords[$((k - 1))]}")")
  [ -n "${officer_cookies[$((k - 1))]}" ] || { echo "no session for officer $k" >&2; exit 1; }
done
officer_cookie=${officer_cookies[0]}
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
# The officers': projects with a dossier at their agency, which they may read, each read by every
# officer.
python3 - "$db" "$agency" <<'PY' | while read -r id; do for c in "${officer_cookies[@]}"; do printf '%s\t/api/v1/projects/%s\n' "$c" "$id"; done; done > "$tmp/officer-pages"
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for (p,) in c.execute("SELECT DISTINCT project FROM dossiers WHERE project IS NOT NULL AND open = 1 AND holder = ? LIMIT 200", (sys.argv[2],)):
    print(p)
PY
echo "$officers officers at $agency: $(curl -sf -H "cookie: $officer_cookie" "$base/api/v1/officer/queue" \
  | python3 -c 'import json, sys; q = json.load(sys.stdin); print(q["total"], "open,", sum(1 for i in q["items"] if i.get("project")), "of the first", len(q["items"]), "marked as steps of projects")'); $(( $(wc -l < "$tmp/officer-pages") / officers )) of its projects to read"

run() { # name, then a path or "lua FILE" (cookie and path per request), then a cookie for a path
  local name=$1 what=$2 cookie=${3:-}
  local args=(-t2 -c"$connections" -d"${seconds}s")
  if [ "$what" = lua ]; then
    while IFS=$'\t' read -r c p; do answers_200 "$name" "$c" "$p"; done < <(head -3 "$3")
    REQUESTS=$3 measure "$name" "${args[@]}" -s bench/projects.lua "$base"
  else
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    answers_200 "$name" "$cookie" "$what"
    measure "$name" "${args[@]}" "$base$what"
  fi
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v s="$static_rps" -v e="$errors" -v t="$target_ms" '
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
stop
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
