#!/usr/bin/env bash
# The server the end-to-end tests run against: the real binary, a fresh database with the sample
# catalogue, and the release build of the app. The officers the journeys sign in as are created here,
# with fresh passwords that the tests read from end2end/.officers-<port>.json (one file per server, so
# suites run side by side on different ports never read each other's).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8787}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
server=target/debug/motcua-server
officers=end2end/.officers-$port.json
entries=()
# canbo.xa and canbo.xa2 work at two communes' own offices: Phường Đức Xuân and Phường Bắc Kạn.
# canbo.mt, at the environment department, gives its opinion on investment projects.
for officer in canbo.hcc:trung-tam-phuc-vu-hcc canbo.ca:cong-an-tinh canbo.sxd:so-xay-dung canbo.stc:so-tai-chinh \
  canbo.mt:so-nong-nghiep-moi-truong canbo.xa:ubnd-xa-01840 canbo.xa2:ubnd-xa-01843; do
  username=${officer%%:*}
  agency=${officer#*:}
  line=$($server create-officer --data-dir "$data" --username "$username" \
    --full-name "Cán bộ $username" --agency "$agency")
  entries+=("\"$username\": \"${line##* }\"")
done
(IFS=,; echo "{${entries[*]}}") >"$officers.tmp"
mv "$officers.tmp" "$officers"
source scripts/sims.sh
start_sims "$port" 3
# Every browser of the suite comes from 127.0.0.1: the per-address limits are raised so that the
# journeys, not the limits, are what is tested (the API tests test the limits).
exec $server serve --listen "127.0.0.1:$port" --data-dir "$data" --static-dir dist \
  --registrations-per-address 10000 --submits-per-address 10000 --uploads-per-address 100000 \
  "${sim_flags[@]}"
