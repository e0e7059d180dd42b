#!/usr/bin/env bash
# Screenshots of every console screen on `redress demo`'s simulated marketplace, into
# docs/screenshots/ (demo-<screen>-desktop.png and -phone.png). Not part of CI: run it when
# the console changes, look at the pictures, and commit the ones that changed.
#
#   scripts/demo-screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-$root/docs/screenshots}

if [[ ! -x /usr/bin/chromium ]]; then apt-get install -y chromium; fi
if command -v fc-list > /dev/null && ! fc-list :lang=zh | grep -q .; then
    apt-get install -y fonts-wqy-microhei
fi
if [[ ! -d console-tests/node_modules/playwright-core ]]; then
    (cd console-tests && npm ci --no-audit --no-fund)
fi
# REDRESS_PROFILE=debug uses (and builds) the debug binary instead: slower, but no release
# build on a busy machine.
profile=${REDRESS_PROFILE:-release}
if [[ "$profile" == release ]]; then cargo build --quiet --release -p redress_cli --bin redress
else cargo build --quiet -p redress_cli --bin redress; fi

work=$(mktemp -d)
demo_pid=
cleanup() {
    if [[ -n "$demo_pid" ]]; then kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/target/$profile/redress" demo --port "$port" --dir "$work/demo" > "$work/demo.out" 2> "$work/demo.err" &
demo_pid=$!
for _ in $(seq 1 600); do
    if grep -q '^The clock stands still' "$work/demo.out" 2>/dev/null; then break; fi
    if ! kill -0 "$demo_pid" 2>/dev/null; then cat "$work/demo.err" >&2; exit 1; fi
    sleep 0.2
done
cat "$work/demo.out"
keys=$(awk '$2 ~ /^rk_live_/ { printf "%s\"%s\": \"%s\"", (n++ ? ", " : ""), $1, $2 }' "$work/demo.out")
export REDRESS_DEMO_KEYS="{ $keys }"
export REDRESS_BASE_URL="http://127.0.0.1:$port"
export REDRESS_SCREENSHOTS="$out"
node console-tests/demo-screenshots.mjs
