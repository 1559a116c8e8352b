#!/usr/bin/env bash
# First-load transfer of each route of the release build: the HTML the server sends for it (catalogue
# pages are drawn per request and compressed as sent), and every stylesheet, script and WebAssembly
# module that HTML loads, as the brotli files the server sends. A drawn catalogue page fetches its app
# only when a form field is first used, a drawn dossier's when it is used or the dossier changes: that
# is shown apart ("on use") and not counted in the first load. Public pages (the catalogue and the
# tracking page a receipt's QR code opens) have a budget of PUBLIC bytes, signed-in pages SIGNED_IN.
# The application form and a dossier are measured signed out (the server sends the reader to sign in:
# that page's load) and as their readers get them, drawn by the server: the form signed in, with the
# places its addresses are chosen from; the sample company's dossier to the company and to the officer
# of the department holding it.
# Prints a table and fails if any route is over its budget.
# Run scripts/build.sh first (it writes dist/ and the .br files) and build the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PUBLIC=${PUBLIC:-150000}
SIGNED_IN=${SIGNED_IN:-250000}
port=${PORT:-8793}
server=target/server/motcua-server
[ -x "$server" ] || server=target/debug/motcua-server
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
# The sample company, its project's dossier (at the environment department), and the
# officer holding it: the dossier pages are measured as their readers get them, drawn by the server.
for agency in trung-tam-phuc-vu-hcc so-tai-chinh so-xay-dung so-nong-nghiep-moi-truong; do
  RUST_LOG=warn "$server" create-officer --data-dir "$tmp/data" --username "size.$agency" \
    --full-name "Cán bộ đo" --agency "$agency" | awk '{ print $NF }' >"$tmp/$agency.password"
done
sample=$(RUST_LOG=warn "$server" create-sample-project --data-dir "$tmp/data" --officer size.trung-tam-phuc-vu-hcc \
  --officer size.so-tai-chinh --officer size.so-xay-dung)
read -r company company_password < <(sed -E 's|^sample company ([0-9]+) [(].*[)]: password (.*)$|\1 \2|' <<<"$sample")
RUST_LOG=warn "$server" serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" --static-dir dist &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.5; done
code=$(curl -sf "$base/api/v1/procedures?q=giay%20phep%20xay%20dung&per_page=1" | sed -E 's/.*"code":"([0-9.]+)".*/\1/')

# A citizen's session, for the pages the server draws for whoever is signed in.
jar="$tmp/cookies"
curl -sf -c "$jar" -o /dev/null -H 'content-type: application/json' "$base/api/v1/auth/register" --data \
  '{"kind":"citizen","full_name":"Nguyễn Thị Lan","citizen_id":"019190001234","date_of_birth":"1990-05-27","phone":"0912 345 678","email":"lan@example.vn","address":"Phường Phan Đình Phùng, tỉnh Thái Nguyên","password":"một mật khẩu dài"}'
session=(-b "$jar")
sign_in() {
  curl -sf -c "$2" -o /dev/null -H 'content-type: application/json' "$base/api/v1/auth/login" \
    --data "$(python3 -c 'import json,sys; print(json.dumps({"identifier": sys.argv[1], "password": sys.argv[2]}))' "$1" "$3")"
}
sign_in "$company" "$tmp/company-jar" "$company_password"
# The company's dossier (its officers' queues hold only the sample's) and an officer holding it.
dossier=
for agency in so-nong-nghiep-moi-truong so-xay-dung so-tai-chinh trung-tam-phuc-vu-hcc; do
  sign_in "size.$agency" "$tmp/officer-jar" "$(cat "$tmp/$agency.password")"
  dossier=$(curl -sf -b "$tmp/officer-jar" "$base/api/v1/officer/queue" \
    | python3 -c 'import json,sys; items = json.load(sys.stdin)["items"]; print(items[0]["code"] if items else "")')
  [ -n "$dossier" ] && break
done
[ -n "$dossier" ] || { echo "no sample dossier in any officer's queue" >&2; exit 1; }

over=0
printf '%-34s %9s %9s %9s %9s %9s %9s\n' route html css js wasm total 'on use'
measure() {
  local name=$1 path=$2 budget=$3 form=${4:-} signed_in=${5:-}
  # A page that sends its reader elsewhere (to sign in) is measured where they land.
  local post=(-L)
  [ -n "$form" ] && post+=(--data "$form")
  case $signed_in in
    yes) post+=("${session[@]}") ;;
    company) post+=(-b "$tmp/company-jar") ;;
    officer) post+=(-b "$tmp/officer-jar") ;;
  esac
  # The HTML as sent to a browser that accepts brotli: drawn pages are compressed on the fly, the
  # app's page is its precompressed file.
  local html_br
  html_br=$(curl -s "${post[@]}" -H 'accept-encoding: br' -o "$tmp/page.br" -w '%{size_download}' "$base$path")
  local html
  html=$(curl -s "${post[@]}" "$base$path")
  # A loader that imports the app when the page is first used (a field focused: the catalogue's; a
  # field, a button or the dossier changing: a dossier's) rather than at once.
  local lazy=0
  grep -q '"focusin"' <<<"$html" && lazy=1
  local css=0 js=0 wasm=0 later=0 f
  for f in $(grep -oE '(href|src|module_or_path: |import\()=?["'"'"']?/[^ "'"'"'>]+\.(css|js|wasm)' <<<"$html" \
    | grep -oE '/[^ "'"'"'>]+\.(css|js|wasm)$' | sort -u); do
    local size
    size=$(stat -c%s "dist$f.br")
    case $lazy:$f in
      *.css) css=$((css + size)) ;;
      1:*) later=$((later + size)) ;;
      *.js) js=$((js + size)) ;;
      *.wasm) wasm=$((wasm + size)) ;;
    esac
  done
  local total=$((html_br + css + js + wasm))
  local verdict="ok"
  if [ "$total" -gt "$budget" ]; then verdict="OVER $budget"; over=1; fi
  printf '%-34s %9d %9d %9d %9d %9d %9d  %s\n' "$name" "$html_br" "$css" "$js" "$wasm" "$total" "$later" "$verdict"
}
measure "home /" "/" "$PUBLIC"
measure "home /en" "/en" "$PUBLIC"
measure "results /tim-kiem?q=giay phep" "/tim-kiem?q=giay%20phep" "$PUBLIC"
measure "detail /thu-tuc/$code" "/thu-tuc/$code" "$PUBLIC"
measure "detail /en/thu-tuc/$code" "/en/thu-tuc/$code" "$PUBLIC"
measure "tracking /tra-cuu" "/tra-cuu" "$PUBLIC"
measure "tracking answer (POST /tra-cuu)" "/tra-cuu" "$PUBLIC" "ma=000.00.00.H55-250527-0001&kiem-tra=ABCD2345"
measure "sign in /dang-nhap" "/dang-nhap" "$SIGNED_IN"
measure "apply, signed out (→ sign in)" "/nop-ho-so/$code" "$SIGNED_IN"
measure "apply, signed in (drawn)" "/nop-ho-so/$code" "$SIGNED_IN" "" yes
measure "dossier, signed out (→ sign in)" "/ho-so/$dossier" "$SIGNED_IN"
measure "dossier, its owner's (drawn)" "/ho-so/$dossier" "$SIGNED_IN" "" company
measure "my dossiers /ho-so" "/ho-so" "$SIGNED_IN"
measure "receipt /ho-so/…/bien-nhan" "/ho-so/000.00.00.H55-250527-0001/bien-nhan" "$SIGNED_IN"
measure "officer queue /can-bo" "/can-bo" "$SIGNED_IN"
measure "company /doanh-nghiep" "/doanh-nghiep" "$SIGNED_IN"
measure "officer's dossier (drawn)" "/can-bo/ho-so/$dossier" "$SIGNED_IN" "" officer
measure "ratings /can-bo/danh-gia" "/can-bo/danh-gia" "$SIGNED_IN"
measure "feedback queue /can-bo/phan-anh" "/can-bo/phan-anh" "$SIGNED_IN"
measure "account /tai-khoan" "/tai-khoan" "$SIGNED_IN"
measure "projects /du-an" "/du-an" "$SIGNED_IN"
measure "new project /du-an/tao-moi" "/du-an/tao-moi" "$SIGNED_IN"
measure "feedback /phan-anh" "/phan-anh" "$SIGNED_IN"
measure "feedback case /phan-anh/…" "/phan-anh/PA-1" "$SIGNED_IN"
measure "questions /hoi-dap" "/hoi-dap" "$SIGNED_IN"
measure "statistics /thong-ke" "/thong-ke" "$SIGNED_IN"
measure "index /thong-ke/chi-so-766" "/thong-ke/chi-so-766" "$SIGNED_IN"
exit "$over"
