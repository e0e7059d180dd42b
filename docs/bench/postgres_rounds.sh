#!/usr/bin/env bash
# The PostgreSQL figures of docs/BENCHMARKS.md: rounds of `redress-bench engine` with one
# instance and with two, and of pgbench running a transaction of the same shape
# (pgbench_engine_shape.sql) at 1, 2 and 64 clients, on the same server. The disk's fsync
# rate swings from minute to minute, so the runs of a round are back to back, the side that
# goes first alternates, and the figures to compare are medians over rounds. Prints one line per figure, each tagged with its round
# and the machine's load average (1, 5, 15 min) when the round began.
#
#   cargo build --release -p redress_cli
#   docs/bench/postgres_rounds.sh postgres://postgres@127.0.0.1:5432/test
#
# Environment: ROUNDS (default 5), SECONDS_EACH (default 4), REDRESS_BENCH (the binary,
# default target/release/redress-bench). `redress-bench` drops each of its `redress_bench_*` schemas when
# done with it; pgbench's `pgb` is dropped at the end, also after a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

url="${1:?usage: $0 postgres://user@host:port/db}"
rounds="${ROUNDS:-5}"
seconds="${SECONDS_EACH:-4}"
redress_bench="${REDRESS_BENCH:-target/release/redress-bench}"

# The tools' progress and errors go here; shown only if something fails.
errors="$(mktemp)"
cleanup() {
    local status=$?
    psql -q "$url" -c 'DROP SCHEMA IF EXISTS pgb CASCADE' >/dev/null 2>&1 || true
    if ((status != 0)); then
        tail -n 20 "$errors" >&2
    fi
    rm -f "$errors"
}
trap cleanup EXIT
psql -q "$url" -f docs/bench/pgbench_setup.sql >/dev/null 2>>"$errors"

engine() {
    for instances in 1 2; do
        "$redress_bench" engine --database "$url" --seconds "$seconds" --submitters 1,64 \
            --instances "$instances" 2>>"$errors" |
            grep -E '^\| (group|one)' |
            sed "s/^/round $round (load $load) engine, $instances instance(s): /"
    done
}

pgbench_shape() {
    for clients in 1 2 64; do
        threads=$((clients < 8 ? clients : 8))
        tps="$(PGOPTIONS='-c search_path=pgb' pgbench -n -f docs/bench/pgbench_engine_shape.sql \
            -c "$clients" -j "$threads" -T "$seconds" "$url" 2>>"$errors" |
            sed -n 's/^tps = \([0-9.]*\).*/\1/p')"
        echo "round $round (load $load) pgbench, $clients client(s): $tps tps"
    done
}

for round in $(seq 1 "$rounds"); do
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    # Alternate which side goes first, so that a drift within a round favours neither.
    if ((round % 2)); then
        engine
        pgbench_shape
    else
        pgbench_shape
        engine
    fi
done
