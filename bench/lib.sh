# What the benchmarks over generated dossiers share, sourced by bench/dossiers.sh, bench/projects.sh
# and bench/stats.sh: the server to measure, a database generated into a temporary directory, the
# server serving it with a small static file as the reference, sessions, and wrk runs.
# Each caller sets `count` (dossiers to generate) and `port` first.

# bench_start OUT: the server built (unless SERVER=path names another build, an older commit's, say),
# `$out`, `$tmp` (removed on exit, with the server stopped), `$data` and `$db`, and the password
# generate-dossiers gives the accounts a benchmark signs in as. With DATABASE=postgres the data is in
# a throwaway PostgreSQL server started in `$pg` (scripts/postgres.sh: no fsync, as for the tests)
# rather than SQLite in `$data`; every command finds it through MOTCUA_DATABASE_URL.
bench_start() {
  out=$1
  mkdir -p "$out"
  if [ -z "${SERVER:-}" ]; then cargo build --profile server -p motcua-server; fi
  server=${SERVER:-target/server/motcua-server}
  tmp=$(mktemp -d)
  pid=
  pg=
  trap '[ -n "$pid" ] && kill $pid 2>/dev/null; [ -n "$pg" ] && bash scripts/postgres.sh stop "$pg"; rm -rf "$tmp"' EXIT
  if [ "${DATABASE:-sqlite}" = postgres ]; then
    pg=$(mktemp -d /tmp/motcua-bench-pg.XXXXXX)
    local server_url
    server_url=$(bash scripts/postgres.sh start "$pg" "${PG_PORT:-55499}")
    psql "$server_url/postgres" -qc "CREATE DATABASE motcua"
    export MOTCUA_DATABASE_URL=$server_url/motcua
  fi
  # KEEP_DATA=DIR generates into DIR (which must not exist yet) and leaves it there to look at after.
  data=${KEEP_DATA:-$tmp/data}
  db=$data/motcua.sqlite
  password="bench-$(head -c 12 /dev/urandom | base64 | tr '+/' '-_')"
}

# generate [OPTION...]: `count` dossiers (with generate-dossiers' OPTIONs), what it printed kept in
# $out/generate.txt, and its wall time.
generate() {
  local t0 t1
  t0=$(date +%s.%N)
  RUST_LOG=warn $server generate-dossiers --data-dir "$data" --count "$count" "$@" --password "$password" \
    | grep -v '^bench-password' | tee "$out/generate.txt"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "generate-dossiers wall time (with catalogue import): %.1f s\n", b - a }'
}

officer() { # username, agency → password
  RUST_LOG=warn $server create-officer --data-dir "$data" --username "$1" --full-name "Cán bộ thử tải" \
    --agency "$2" | awk '{ print $NF }'
}

# serve: the server on `port` with robots.txt as its static file, once it answers; `$started` is when
# it was started, `$base` its address. `serve_flags` (an array, if the caller sets one) are added.
serve() {
  mkdir -p "$tmp/dist"
  printf 'User-agent: *\nAllow: /\n' > "$tmp/dist/robots.txt"
  started=$(date +%s)
  # sqlx's slow-statement warnings would flood the output; the numbers below tell the same.
  RUST_LOG=warn,sqlx=error $server serve --listen "127.0.0.1:$port" --data-dir "$data" --static-dir "$tmp/dist" ${serve_flags[@]+"${serve_flags[@]}"} &
  pid=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.5; done
  base="http://127.0.0.1:$port"
}

# stop: the server stopped, so what follows measures the database alone.
stop() {
  kill $pid
  wait $pid 2>/dev/null || true
  pid=
}

# The session cookie is Secure, so curl keeps it out of a jar over http: read it off Set-Cookie.
login() { # identifier, password → "motcua_session=…"
  curl -sf -D - -o /dev/null -H 'content-type: application/json' "$base/api/v1/auth/login" \
    -d "{\"identifier\": \"$1\", \"password\": \"$2\"}" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(motcua_session=[^;]*\).*/\1/p'
}

# answers_200 NAME COOKIE PATH: every answer measured must be a 200, so a failing endpoint cannot
# look fast.
answers_200() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' ${2:+-H "cookie: $2"} "$base$3")" = 200 ] \
    || { echo "$1: $3 does not answer 200" >&2; exit 1; }
}

# measure NAME WRK-ARGUMENT...: wrk with a long timeout (slow answers are measured rather than dropped
# as its 2 s timeouts), its output in $out/NAME.txt and its rate in $out/NAME.rps; sets `rps`,
# `p50`, `p99`, `errors` and `static_rps` (the static file's rate, or this one's if it is the static
# file) for the caller's line.
measure() {
  local name=$1
  shift
  wrk --latency --timeout 30s "$@" > "$out/$name.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  errors=$(awk '/Non-2xx/ {print $NF} /Socket errors/ && $NF > 0 {print $NF}' "$out/$name.txt" | head -1)
  errors=${errors:-0}
  echo "$rps" > "$out/$name.rps"
  static_rps=$(cat "$out/static-file.rps" 2>/dev/null || echo "$rps")
}

# sql QUERY: the first column of the first row, read-only, from whichever database holds the data.
sql() {
  if [ -n "$pg" ]; then
    psql "$MOTCUA_DATABASE_URL" -Atqc "$1"
  else
    python3 -c 'import sqlite3, sys
print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(sys.argv[2]).fetchone()[0])' "$db" "$1"
  fi
}

# pg_sizes: the PostgreSQL database's size and its largest tables and indexes.
pg_sizes() {
  echo "database: $(sql "SELECT pg_database_size(current_database()) / 1000000") MB"
  echo "largest tables and indexes: $(sql "SELECT string_agg(name || ' ' || mb || ' MB', ', ') FROM (
    SELECT relname AS name, pg_relation_size(oid) / 1000000 AS mb FROM pg_class
    WHERE relkind IN ('r', 'i') ORDER BY pg_relation_size(oid) DESC LIMIT 12) t")"
}

# database_counts "LABEL|SQL"...: the database's size and each count, in $out/database.txt. Read-only,
# through python3's sqlite3 module, which every machine here has.
database_counts() {
  if [ -n "$pg" ]; then
    { pg_sizes; for arg in "$@"; do printf '%s: %s; ' "${arg%%|*}" "$(sql "${arg#*|}")"; done; echo; } \
      | tee "$out/database.txt"
    return
  fi
  python3 - "$db" "$@" <<'PY' | tee "$out/database.txt"
import os, sqlite3, sys
db = sys.argv[1]
size = os.path.getsize(db) + sum(os.path.getsize(db + s) for s in ("-wal",) if os.path.exists(db + s))
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
print(f"database: {size / 1e6:.0f} MB")
for arg in sys.argv[2:]:
    label, sql = arg.split("|", 1)
    try:
        print(f"{label}: {c.execute(sql).fetchone()[0]}", end="; ")
    except sqlite3.OperationalError as e:
        print(f"{label}: {e}", end="; ")
print()
PY
}
