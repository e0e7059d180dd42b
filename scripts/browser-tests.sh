#!/usr/bin/env bash
# Browser tests of the web console: builds `redress`, creates a fresh SQLite database with
# one key per role (and foreign-scope keys), starts `redress serve --sandbox` on a free port,
# seeds it through the JSON API (console-tests/seed.mjs), and runs the Playwright tests
# (console-tests/*.test.mjs, Node's own test runner) in Debian's chromium, headless.
# Screenshots land in target/screenshots/. The server is stopped however the script ends.
#
#   scripts/browser-tests.sh                 # every test
#   scripts/browser-tests.sh merchant        # only console-tests/merchant*.test.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ ! -x /usr/bin/chromium ]]; then
    echo "installing Debian's chromium (the tests never download a browser)" >&2
    apt-get install -y chromium
fi
# Chinese pages need a CJK font, or the screenshots show boxes.
if command -v fc-list > /dev/null && ! fc-list :lang=zh | grep -q .; then
    apt-get install -y fonts-wqy-microhei
fi
if [[ ! -d console-tests/node_modules/playwright-core ]]; then
    (cd console-tests && npm ci --no-audit --no-fund)
fi

cargo build --quiet -p redress_cli --bin redress
redress="$root/target/debug/redress"

work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ "${KEEP_WORK:-}" == 1 ]]; then
        echo "kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

export REDRESS_DATABASE="$work/console.db"
key() { "$redress" keys create "$@" --name "browser tests" 2>/dev/null; }
cat > "$work/keys.json" <<JSON
{
  "operator": "$(key --role operator)",
  "arbitrator": "$(key --role arbitrator)",
  "integration": "$(key --role integration)",
  "merchant": "$(key --role merchant --merchant M-TEA)",
  "other_merchant": "$(key --role merchant --merchant M-SHOE)",
  "penalised_merchant": "$(key --role merchant --merchant M-BERRY)",
  "buyer": "$(key --role buyer --buyer B-LI)",
  "bulk_merchant": "$(key --role merchant --merchant M-BULK)",
  "bulk_buyer": "$(key --role buyer --buyer B-BULK)",
  "other_buyer": "$(key --role buyer --buyer B-WANG)"
}
JSON

# A staff account for the staff tests: the shop's first owner, as an operator makes it.
owner_password="owner password $(date +%s)"
REDRESS_STAFF_PASSWORD="$owner_password" "$redress" staff add --merchant M-TEA \
    --name "Wang Li" --role owner > /dev/null 2>&1
cat > "$work/staff.json" <<JSON
{ "merchant": "M-TEA", "owner": { "name": "Wang Li", "password": "$owner_password" } }
JSON

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$redress" serve --sandbox --listen "127.0.0.1:$port" --evidence-dir "$work/evidence" \
    > "$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "$base/healthz" 2> /dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
    sleep 0.1
done

export REDRESS_BASE_URL="$base"
export REDRESS_KEYS="$work/keys.json"
export REDRESS_STAFF="$work/staff.json"
export REDRESS_SEED="$work/seed.json"
export REDRESS_SCREENSHOTS="$root/target/screenshots"
mkdir -p "$REDRESS_SCREENSHOTS"
node console-tests/seed.mjs
cd console-tests
status=0
node --test --test-concurrency=1 ./${1:-}*.test.mjs || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$work/server.log" >&2
fi
exit $status
