#!/usr/bin/env bash
# Schema fuzzing: schemathesis (from PyPI) against /openapi.json of a fresh `redress serve`.
#
# Builds the binary, starts it on a random free loopback port with a new SQLite database and
# a key for each role, fuzzes every operation (the stateful phase follows the description's
# links from a created resource to the operations behind its id), and stops the server.
# Fails on any 5xx, on any answer that breaks the description (schema, content type), and on
# schemathesis's "validation_mismatch" warning (an operation whose schema-valid generated
# requests the server all rejected as invalid, 400/422: a rule the server enforces that the
# description does not state). Rules that relate a request to others or to the clock (an
# order's items add up to what was paid, by now; an idempotency key names one command; a
# cursor is one the API gave out) are stated in words in the description and applied to the
# generated requests by scripts/schemathesis_hooks.py.
#
# Each call carries the key of the party its operation is for (a buyer's key opens tickets, a
# merchant's takes the merchant's ticket actions, the integration key reports parcels and
# refund results, the operator's does the rest): the hooks pick it from the keys made here.
#
#   scripts/schemathesis.sh                # the bounded run CI uses (a few minutes on 2 cores)
#   EXAMPLES=500 scripts/schemathesis.sh   # a longer run
#   SEED=7 scripts/schemathesis.sh         # another seed (the default seed is fixed)
#
# schemathesis is installed into a virtual environment under ~/.cache/redress (override with
# SCHEMATHESIS_VENV); set SCHEMATHESIS to use an installed one instead.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${EXAMPLES:-100}"
SEED="${SEED:-20261122}"
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/redress/schemathesis-venv}"
if [[ -z "${SCHEMATHESIS:-}" ]]; then
    if [[ ! -x "$VENV/bin/schemathesis" ]] || ! "$VENV/bin/schemathesis" --version | grep -q "$VERSION"; then
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet "schemathesis==$VERSION"
    fi
    SCHEMATHESIS="$VENV/bin/schemathesis"
fi

cargo build --quiet -p redress_cli --bin redress
redress="$PWD/target/debug/redress"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

database="$work/schemathesis.db"
key() { "$redress" keys create --name schemathesis --database "$database" "$@" 2>/dev/null; }
merchant_id=M-fuzz
buyer_id=B-fuzz
keys="operator=$(key --role operator),integration=$(key --role integration)"
keys+=",merchant=$(key --role merchant --merchant "$merchant_id"),buyer=$(key --role buyer --buyer "$buyer_id")"

# A free port: bind port 0, read what the kernel chose, release it.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
REDRESS_LOG=warn "$redress" serve --listen "127.0.0.1:$port" --database "$database" \
    >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
    sleep 0.1
done

# One worker: with two, hypothesis's lambda-source cache raced once ("AST constructor
# recursion depth mismatch"), an error in the tool, not in the API.
# From the scratch directory, so that schemathesis's cache (.schemathesis/) stays out of the
# tree; give report paths (--report-dir) as absolute paths.
printf '[warnings]\nfail-on = ["validation_mismatch"]\n' >"$work/schemathesis.toml"

hooks="$PWD/scripts/schemathesis_hooks.py"
status=0
(cd "$work" && SCHEMATHESIS_HOOKS="$hooks" REDRESS_FUZZ_KEYS="$keys" \
    REDRESS_FUZZ_MERCHANT="$merchant_id" REDRESS_FUZZ_BUYER="$buyer_id" \
    "$SCHEMATHESIS" --config-file "$work/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$EXAMPLES" \
    --seed "$SEED" \
    --generation-database none \
    --workers 1 \
    --no-color \
    "$@") || status=$?
if [[ "$status" != 0 ]] && grep -q "ERROR" "$work/serve.log"; then
    echo "the server logged errors during the run:" >&2
    grep -A3 "ERROR" "$work/serve.log" | tail -40 >&2
fi
if grep -q "panicked" "$work/serve.log"; then
    echo "the server panicked during the run:" >&2
    grep -A3 "panicked" "$work/serve.log" >&2
    status=1
fi
exit "$status"
