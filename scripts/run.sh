#!/usr/bin/env bash
# One command from a fresh clone to a running app with the sample catalogue: installs what is missing,
# builds, and serves on http://127.0.0.1:8080 (LISTEN=addr:port to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
server=target/server/motcua-server
# Demo officer accounts: passwords are generated afresh on every run and printed here, never stored in
# the code or the data files.
echo "Demo officer accounts (sign in with the user name and the password shown):"
$server create-officer --data-dir data --reset --username canbo.hcc --full-name "Nguyễn Thị Mai" --agency trung-tam-phuc-vu-hcc
$server create-officer --data-dir data --reset --username canbo.ca --full-name "Trần Quốc Huy" --agency cong-an-tinh
$server create-officer --data-dir data --reset --username canbo.stp --full-name "Lê Văn Bình" --agency so-tu-phap
$server create-officer --data-dir data --reset --username canbo.sxd --full-name "Phạm Thu Hà" --agency so-xay-dung
$server create-officer --data-dir data --reset --username canbo.xa --full-name "Hoàng Minh Tuấn" --agency ubnd-xa-01840
# The business register: checks the companies that ask to be verified (Tài khoản → Doanh nghiệp).
$server create-officer --data-dir data --reset --username canbo.stc --full-name "Đỗ Thị Lan" --agency so-tai-chinh
# A verified company with a project under way (its investment certificate issued, its environmental
# impact assessment at the agency), acted on by the officers above; a fresh password on every run. A
# database older than the journeys has no sample project: the app serves without it.
$server create-sample-project --data-dir data --officer canbo.hcc --officer canbo.stc --officer canbo.sxd \
  || echo "No sample project (see above); delete data/ to start again from the sample."
port=${LISTEN:-127.0.0.1:8080}
port=${port##*:}
source scripts/sims.sh
start_sims "$port"
echo "Một Cửa: open http://${LISTEN:-127.0.0.1:8080}/"
exec $server serve --listen "${LISTEN:-127.0.0.1:8080}" --data-dir data --static-dir dist \
  "${sim_flags[@]}"
