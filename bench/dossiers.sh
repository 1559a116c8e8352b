#!/usr/bin/env bash
# "My dossiers" (GET /api/v1/dossiers) and the officer queue (GET /api/v1/officer/queue) over COUNT
# synthetic dossiers in SQLite, under concurrent load on loopback, with a small static file from the
# same server, in the same run, as the reference. Also: how long generating takes, the database size,
# the query plans of the list and queue queries, and each query's own time.
# Usage: bench/dossiers.sh [--postgres] [COUNT]   (default 1000000; CASE_SECONDS=10 per case,
# PORT=8794, KEEP_DATA=DIR). --postgres: the same in a throwaway PostgreSQL server (bench/lib.sh), its
# sizes and counts from psql; the plans and single-query times are SQLite's only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --postgres ]; then
  export DATABASE=postgres
  shift
fi
count=${1:-1000000}
seconds=${CASE_SECONDS:-10}
port=${PORT:-8794}
. bench/lib.sh
bench_start bench/out/dossiers

echo "== generating $count dossiers"
generate
citizen=$(awk '$1 == "bench-citizen" { print $2 }' "$out/generate.txt")
business=$(awk '$1 == "bench-business" { print $2 }' "$out/generate.txt")

today=$(TZ=Asia/Ho_Chi_Minh date +%F)
if [ -n "$pg" ]; then
  database_counts "dossiers|SELECT COUNT(*) FROM dossiers" "open|SELECT COUNT(*) FROM dossiers WHERE open = 1" \
    "events|SELECT COUNT(*) FROM dossier_events" "files|SELECT COUNT(*) FROM uploads" \
    "accounts|SELECT COUNT(*) FROM accounts" \
    "dossiers the overdue sweep would still mark|SELECT COUNT(*) FROM dossiers WHERE open = 1
       AND overdue_notified = 0 AND due_date < '$today' AND status NOT IN ('supplement_requested', 'result_ready')"
else
# Read-only looks at the database (sizes, plans, query times) through python3's sqlite3 module, which
# every machine here has; the server's own SQLite is the bundled one, a newer version.
python3 - "$db" <<'PY' | tee "$out/database.txt"
import os, sqlite3, sys
db = sys.argv[1]
size = os.path.getsize(db) + sum(os.path.getsize(db + s) for s in ("-wal",) if os.path.exists(db + s))
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
page = c.execute("PRAGMA page_size").fetchone()[0]
free = c.execute("PRAGMA freelist_count").fetchone()[0]
print(f"database: {size / 1e6:.0f} MB ({page}-byte pages, {free * page / 1e6:.1f} MB free); ANALYZE ran after the load")
try:
    rows = c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12").fetchall()
    print("largest tables and indexes: " + ", ".join(f"{n} {s / 1e6:.0f} MB" for n, s in rows))
except sqlite3.OperationalError:
    pass
for label, sql in [
    ("dossiers", "SELECT COUNT(*) FROM dossiers"),
    ("open", "SELECT COUNT(*) FROM dossiers WHERE open = 1"),
    ("events", "SELECT COUNT(*) FROM dossier_events"),
    ("files", "SELECT COUNT(*) FROM uploads"),
    ("accounts", "SELECT COUNT(*) FROM accounts"),
]:
    print(f"{label}: {c.execute(sql).fetchone()[0]}", end="; ")
print()
print("open by holder: " + ", ".join(f"{h} {n}" for h, n in c.execute(
    "SELECT holder, COUNT(*) FROM dossiers WHERE open = 1 GROUP BY holder ORDER BY 2 DESC")))
import datetime
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
# The server's overdue sweep runs at start: the load must leave it nothing to do mid-benchmark.
left = c.execute("SELECT COUNT(*) FROM dossiers WHERE open = 1 AND overdue_notified = 0 AND due_date < ? "
                 "AND status NOT IN ('supplement_requested', 'result_ready')", (str(today),)).fetchone()[0]
print(f"dossiers the overdue sweep would still mark: {left}")
PY
fi
specialist=$(sql "SELECT d.holder FROM dossiers d JOIN agencies a ON a.id = d.holder WHERE d.open = 1
  AND a.level = 'tinh' AND d.holder <> 'trung-tam-phuc-vu-hcc' GROUP BY d.holder ORDER BY COUNT(*) DESC LIMIT 1")
centre_password=$(officer bench.centre trung-tam-phuc-vu-hcc)
specialist_password=$(officer bench.specialist "$specialist")

serve
citizen_cookie=$(login "$citizen" "$password")
business_cookie=$(login "$business" "$password")
centre_cookie=$(login bench.centre "$centre_password")
specialist_cookie=$(login bench.specialist "$specialist_password")
for c in citizen_cookie business_cookie centre_cookie specialist_cookie; do
  [ -n "${!c}" ] || { echo "no session for ${c%_cookie}" >&2; exit 1; }
done
total() { # cookie, path → the answer's total
  curl -sf -H "cookie: $1" "$base$2" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'
}
business_total=$(total "$business_cookie" /api/v1/dossiers)
last_page=$(( (business_total + 19) / 20 ))
echo "citizen $citizen: $(total "$citizen_cookie" /api/v1/dossiers) dossiers; business $business (all branches):" \
  "$business_total, last page $last_page; queue $(total "$centre_cookie" /api/v1/officer/queue) open at" \
  "trung-tam-phuc-vu-hcc, $(total "$specialist_cookie" /api/v1/officer/queue) at $specialist"

run() { # name, cookie, path
  local name=$1 cookie=$2 path=$3
  local args=(-t2 -c32 -d"${seconds}s")
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  answers_200 "$name" "$cookie" "$path"
  measure "$name" "${args[@]}" "$base$path"
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v s="$static_rps" -v e="$errors" \
    'BEGIN { printf "%-24s %10s req/s   p50 %9s   p99 %9s   static/this %6.1f%s\n", n, r, a, b, s / r, (e > 0 ? "   ERRORS/TIMEOUTS " e : "") }'
}

echo "== $count dossiers; wrk -t2 -c32 -d${seconds}s on loopback; 2 cores shared by server and wrk"
run static-file "" /robots.txt
run citizen-list "$citizen_cookie" /api/v1/dossiers
run citizen-status "$citizen_cookie" "/api/v1/dossiers?status=returned"
run business-list "$business_cookie" /api/v1/dossiers
run business-page-100 "$business_cookie" "/api/v1/dossiers?page=100"
run business-last-page "$business_cookie" "/api/v1/dossiers?page=$last_page"
# The same depths read from where the page before ended (keyset paging: `next`, `?after=`); the
# places are the company's own 1,980th newest and 20th oldest dossiers.
place() { sql "SELECT received_at || '.' || rowid FROM dossiers WHERE company = '$business' ORDER BY $1 LIMIT 1 OFFSET $2"; }
run business-after-100 "$business_cookie" "/api/v1/dossiers?after=$(place 'received_at DESC, rowid DESC' 1979)"
run business-after-last "$business_cookie" "/api/v1/dossiers?after=$(place 'received_at, rowid' 20)"
# "Previous" from page 101 (its first dossier, the company's 2,001st newest): page 100 read backwards.
run business-before-101 "$business_cookie" "/api/v1/dossiers?before=$(place 'received_at DESC, rowid DESC' 2000)"
run business-status "$business_cookie" "/api/v1/dossiers?status=processing"
run queue-centre "$centre_cookie" /api/v1/officer/queue
run queue-specialist "$specialist_cookie" /api/v1/officer/queue

stop
[ -n "$pg" ] && exit 0
echo "== query plans and single-query times (python3 sqlite3 $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'), server idle)"
python3 - "$db" "$citizen" "$business" "$specialist" <<'PY' | tee "$out/plans.txt"
import datetime, sqlite3, statistics, sys, time
db, citizen, business, specialist = sys.argv[1:]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
owner = c.execute("SELECT id FROM accounts WHERE identifier = ?", (citizen,)).fetchone()[0]
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
near = today + datetime.timedelta(days=4)
cols = "code, procedure, status, received_at, due_date, step_due, applicant, done_on, step_id, step_name"
head = c.execute("SELECT id FROM accounts WHERE identifier = ?", (business,)).fetchone()[0]


def member_queries(cols, account, company):
    def tallies(status):
        # Which sources hold any: the account's own by company ('' for none), and the company's.
        f = " AND status = ?" if status else ""
        s = (status,) if status else ()
        return (f"SELECT 'own' AS kind, company, CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM dossier_tallies "
                f"WHERE owner = ?{f} GROUP BY company UNION ALL SELECT 'company' AS kind, company, "
                f"CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM company_tallies WHERE company IN (?){f} GROUP BY company",
                (account,) + s + (company,) + s)

    def arms(status):
        # One arm per source the tallies say holds any, as store::dossiers::list_dossiers reads them.
        f = " AND status = ?" if status else ""
        s = (status,) if status else ()
        found = []
        for kind, source, n in c.execute(*tallies(status)):
            if n == 0:
                continue
            if kind == "company":
                found.append((f"dossiers WHERE company = ?{f}", (source,) + s))
            elif source == "":
                found.append((f"dossiers WHERE owner = ? AND company IS NULL{f}", (account,) + s))
            elif source != company:
                found.append((f"dossiers INDEXED BY dossiers_owner_company WHERE owner = ? AND company = ?{f}",
                              (account, source) + s))
        return found

    def page(status, offset):
        # The page's places from the indexes, each arm no further than the page's end, then its rows.
        a = arms(status)
        places = " UNION ALL ".join(
            f"SELECT * FROM (SELECT received_at, rowid AS r FROM {w} ORDER BY received_at DESC, rowid DESC "
            f"LIMIT {offset + 21}) a" for w, _ in a)
        sql = (f"SELECT {cols}, rowid AS r FROM dossiers WHERE rowid IN (SELECT r FROM ({places}) p "
               f"ORDER BY received_at DESC, r DESC LIMIT 21 OFFSET {offset}) ORDER BY received_at DESC, rowid DESC")
        return sql, sum((b for _, b in a), ())

    def counted(status):
        a = arms(status)
        return "SELECT " + " + ".join(f"(SELECT COUNT(*) FROM {w})" for w, _ in a), sum((b for _, b in a), ())

    return [
        ("page 1", *page(None, 0)),
        ("page 100", *page(None, 1980)),
        ("page 2000", *page(None, 39980)),
        # The sources and the total, from the tallies: read before the page.
        ("tallies", *tallies(None)),
        # What the total would cost without the tallies: counting the company's dossiers for every page.
        ("count by counting", *counted(None)),
        ("status page 1", *page("processing", 0)),
        ("status tallies", *tallies("processing")),
    ]


# The statements of store::dossiers::list_dossiers and queue, as they are.
queries = [
    ("citizen page 1", f"SELECT {cols} FROM dossiers WHERE owner = ? ORDER BY received_at DESC, rowid DESC LIMIT 20 OFFSET 0", (owner,)),
    ("citizen tallies", "SELECT company, SUM(n) FROM dossier_tallies WHERE owner = ? GROUP BY company", (owner,)),
    ("citizen status page 1", f"SELECT {cols} FROM dossiers WHERE owner = ? AND status = ? ORDER BY received_at DESC, rowid DESC LIMIT 20 OFFSET 0", (owner, "returned")),
    ("citizen status tallies", "SELECT company, SUM(n) FROM dossier_tallies WHERE owner = ? AND status = ? GROUP BY company", (owner, "returned")),
] + [
    # A member of one company (the head office, its administrator): its own dossiers for no company,
    # its own for companies it left, and the company's, merged.
    (f"business {what}", sql, args)
    for what, sql, args in member_queries(cols, head, business)
]
for agency in ("trung-tam-phuc-vu-hcc", specialist):
    # The step filter as an officer picks it: the agency's busiest step.
    step = c.execute("SELECT step_id FROM dossiers WHERE holder = ? AND open = 1 GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1",
                     (agency,)).fetchone()[0]
    queries += [
        (f"queue rows {agency}", f"SELECT {cols} FROM dossiers WHERE holder = ? AND open = 1 ORDER BY step_due, rowid LIMIT 20 OFFSET 0", (agency,)),
        (f"queue matched {agency}", "SELECT COALESCE(SUM(n), 0) FROM queue_tallies WHERE holder = ?", (agency,)),
        (f"queue counts {agency}", "SELECT COALESCE(SUM(n), 0) AS total, "
         "COALESCE(SUM(CASE WHEN step_due <> '' AND step_due < ? THEN n ELSE 0 END), 0) AS overdue, "
         "COALESCE(SUM(CASE WHEN step_due >= ? AND step_due <= ? THEN n ELSE 0 END), 0) AS near "
         "FROM queue_tallies WHERE holder = ?", (str(today), str(today), str(near), agency)),
        # What the counts cost before the tallies (migration 0026): every open dossier of the agency.
        (f"queue counts by counting {agency}", "SELECT COUNT(*) AS total, COALESCE(SUM(step_due < ?), 0) AS overdue, "
         "COALESCE(SUM(step_due >= ? AND step_due <= ?), 0) AS near FROM dossiers WHERE holder = ? AND open = 1",
         (str(today), str(today), str(near), agency)),
        (f"queue steps {agency}", "SELECT s.step_id AS id, s.n AS n, d.step_index AS at, "
         "d.step_name AS name "
         "FROM (SELECT step_id, SUM(n) AS n FROM queue_tallies WHERE holder = ?1 GROUP BY step_id) s "
         "JOIN dossiers d ON d.rowid = (SELECT rowid FROM dossiers WHERE holder = ?1 AND open = 1 AND step_id = s.step_id "
         "ORDER BY step_index LIMIT 1) ORDER BY at, id", (agency,)),
        (f"queue step rows {agency}", f"SELECT {cols} FROM dossiers WHERE holder = ? AND open = 1 AND step_id = ? "
         "ORDER BY step_due, rowid LIMIT 20 OFFSET 0", (agency, step)),
        (f"queue step matched {agency}", "SELECT COALESCE(SUM(n), 0) FROM queue_tallies WHERE holder = ? AND step_id = ?", (agency, step)),
    ]
for name, sql, args in queries:
    plan = " | ".join(r[-1] for r in c.execute("EXPLAIN QUERY PLAN " + sql, args))
    times = []
    for _ in range(30):
        t = time.perf_counter(); c.execute(sql, args).fetchall(); times.append(time.perf_counter() - t)
    print(f"{name:42s} median {statistics.median(times) * 1000:7.2f} ms  max {max(times) * 1000:7.2f} ms   {plan}")
PY
