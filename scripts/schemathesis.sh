#!/usr/bin/env bash
# Schema fuzzing: schemathesis (from PyPI) against /openapi.json of a fresh `redress serve`.
#
# Builds the binary, starts it on a random free loopback port with a new SQLite database and
# an operator key, fuzzes every operation (the stateful phase follows the description's links
# from a created resource to the operations behind its id), and stops the server. Fails on
# any 5xx and on any answer that breaks the description (schema, content type). Rules that
# relate fields to each other or to the clock (an order's items add up to what was paid, by
# now) are stated in words in the description and applied to generated bodies by
# scripts/schemathesis_hooks.py. schemathesis's "validation_mismatch" warning (an operation
# whose schema-valid generated requests the server all rejected as invalid, 400/422: a rule
# the server enforces that the description does not state) is printed but not yet fatal:
# six operations still raise it with the default seed (issue 17, point 4). Set
# FAIL_ON_MISMATCH=1 to make it fail the run.
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
operator="$("$redress" keys create --role operator --name schemathesis --database "$database" 2>/dev/null)"

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
if [[ "${FAIL_ON_MISMATCH:-0}" == 1 ]]; then
    printf '[warnings]\nfail-on = ["validation_mismatch"]\n' >"$work/schemathesis.toml"
else
    : >"$work/schemathesis.toml"
fi

hooks="$PWD/scripts/schemathesis_hooks.py"
status=0
(cd "$work" && SCHEMATHESIS_HOOKS="$hooks" "$SCHEMATHESIS" --config-file "$work/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: Bearer $operator" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$EXAMPLES" \
    --seed "$SEED" \
    --generation-database none \
    --workers 1 \
    --no-color \
    "$@") || status=$?
if grep -q "panicked" "$work/serve.log"; then
    echo "the server panicked during the run:" >&2
    grep -A3 "panicked" "$work/serve.log" >&2
    status=1
fi
exit "$status"
