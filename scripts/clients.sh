#!/usr/bin/env bash
# The generated API clients (clients/): a typed TypeScript client (openapi-typescript types
# for openapi-fetch, from npm) and a Python client (openapi-python-client, from PyPI), both
# generated from the OpenAPI document the server emits. Nothing under clients/typescript/src
# /schema.d.ts or clients/python/ is written by hand.
#
#   scripts/clients.sh generate   # after an API change: snapshot /openapi.json into
#                                 # clients/openapi.json and regenerate both clients
#   scripts/clients.sh check      # CI: fail if the server's document differs from the
#                                 # snapshot or the committed code from a fresh generation,
#                                 # then run each client's example (open, approve, refund a
#                                 # ticket) against a sandbox server
#
# Needs node with npm (the generator and openapi-fetch install into
# clients/typescript/node_modules from its lock file) and python3 (openapi-python-client
# installs into a virtual environment under ~/.cache/redress; override with CLIENTS_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode="${1:-check}"
case "$mode" in
    generate | check) ;;
    *) echo "usage: scripts/clients.sh generate|check" >&2; exit 2 ;;
esac

GENERATOR_VERSION=0.29.1
VENV="${CLIENTS_VENV:-$HOME/.cache/redress/clients-venv}"
if [[ ! -x "$VENV/bin/openapi-python-client" ]] \
    || ! "$VENV/bin/openapi-python-client" --version | grep -q "$GENERATOR_VERSION"; then
    python3 -m venv "$VENV"
    # python-dateutil: the generated client parses date-time values with it.
    "$VENV/bin/pip" install --quiet "openapi-python-client==$GENERATOR_VERSION" \
        "python-dateutil==2.9.0.post0"
fi
if [[ ! -x clients/typescript/node_modules/.bin/openapi-typescript ]]; then
    (cd clients/typescript && npm ci --no-audit --no-fund)
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
    rm -rf "$work"
}
trap cleanup EXIT

export REDRESS_DATABASE="$work/clients.db"
key() { "$redress" keys create "$@" --name "client examples" 2>/dev/null; }
cat > "$work/keys.json" <<JSON
{
  "operator": "$(key --role operator)",
  "integration": "$(key --role integration)",
  "merchant": "$(key --role merchant --merchant M-TS)",
  "buyer": "$(key --role buyer --buyer B-TS)",
  "py_merchant": "$(key --role merchant --merchant M-PY)",
  "py_buyer": "$(key --role buyer --buyer B-PY)"
}
JSON

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REDRESS_LOG=warn "$redress" serve --sandbox --listen "127.0.0.1:$port" \
    --evidence-dir "$work/evidence" > "$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "$base/healthz" 2> /dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
    sleep 0.1
done

# The document as the server emits it, indented so that a change reads as a diff.
python3 - "$base/openapi.json" > "$work/openapi.json" <<'PY'
import json, sys, urllib.request
document = json.load(urllib.request.urlopen(sys.argv[1], timeout=10))
json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
print()
PY

# Both generators, from `$1` (a document) into `$2` (a copy of clients/).
generate() {
    local document=$1 out=$2
    (cd clients/typescript \
        && node_modules/.bin/openapi-typescript "$document" --output "$out/typescript/src/schema.d.ts" \
            > /dev/null)
    # The generator formats its output with ruff, installed beside it.
    (cd "$out" && PATH="$VENV/bin:$PATH" "$VENV/bin/openapi-python-client" generate --path "$document" \
        --config "$root/clients/python-config.yaml" --output-path "$out/python" --overwrite \
        > /dev/null)
    rm -rf "$out/python/.ruff_cache"
}

if [[ "$mode" == generate ]]; then
    cp "$work/openapi.json" clients/openapi.json
    generate "$root/clients/openapi.json" "$root/clients"
    echo "regenerated clients/ from the server's /openapi.json"
    exit 0
fi

if ! diff -u clients/openapi.json "$work/openapi.json" > "$work/document.diff"; then
    head -50 "$work/document.diff" >&2
    echo "the API description changed: run scripts/clients.sh generate and commit clients/" >&2
    exit 1
fi
mkdir -p "$work/fresh/typescript/src"
generate "$root/clients/openapi.json" "$work/fresh"
if ! diff -u clients/typescript/src/schema.d.ts "$work/fresh/typescript/src/schema.d.ts" > /dev/null \
    || ! diff -ru --exclude=__pycache__ clients/python "$work/fresh/python" > /dev/null; then
    echo "clients/ differs from a fresh generation: run scripts/clients.sh generate" >&2
    exit 1
fi

export REDRESS_BASE_URL="$base"
export REDRESS_KEYS="$work/keys.json"
(cd clients/typescript && node_modules/.bin/tsc -p . && node dist/examples/refund.js)
PYTHONPATH="$root/clients/python" "$VENV/bin/python" clients/python-examples/refund.py
if grep -q "panicked" "$work/server.log"; then
    echo "the server panicked:" >&2
    grep -A3 "panicked" "$work/server.log" >&2
    exit 1
fi
