#!/usr/bin/env bash
# HTTP benchmark: full ticket lifecycles through `redress serve` on loopback, driven by wrk
# (docs/bench/lifecycle.lua), at saturation and at about half of it, on SQLite and on
# PostgreSQL; then `redress-bench engine` in the same run for the engine-only figure.
#
#   docs/bench/http.sh                       # both backends, 3 rounds each
#   BACKENDS=sqlite ROUNDS=1 docs/bench/http.sh
#
# Needs wrk (apt-get install -y wrk) and, for PostgreSQL, a server at $POSTGRES
# (default postgres://postgres@127.0.0.1:5432/test), where it creates and drops a scratch
# database. Prints one RESULT line per wrk run and the engine's table; the medians go to
# docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."

BACKENDS="${BACKENDS:-sqlite postgres}"
ROUNDS="${ROUNDS:-3}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
MERCHANTS="${MERCHANTS:-8}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }

cargo build --release --quiet -p redress_cli --bin redress --bin redress-bench
redress="$PWD/target/release/redress"
redress_bench="$PWD/target/release/redress-bench"
work="$(mktemp -d "$PWD/target/bench-http.XXXXXX")"
server_pid=""
scratch_db=""
pg_base="${POSTGRES%/*}"
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
cleanup() {
    stop_server
    if [[ -n "$scratch_db" ]]; then
        psql "$POSTGRES" -qc "drop database if exists $scratch_db" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores; uptime: $(uptime)"
for backend in $BACKENDS; do
    case "$backend" in
        sqlite) database="$work/http.db" ;;
        postgres)
            scratch_db="redress_bench_http_$$"
            psql "$POSTGRES" -qc "create database $scratch_db" >/dev/null
            database="$pg_base/$scratch_db"
            ;;
        *) echo "unknown backend $backend" >&2; exit 1 ;;
    esac
    key() { "$redress" keys create --database "$database" "$@" 2>/dev/null; }
    integration="$(key --role integration)"
    keys=()
    for ((m = 0; m < MERCHANTS; m++)); do
        keys+=("$(key --role merchant --merchant "M-$m")" "$(key --role buyer --buyer "B-$m")")
    done
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    REDRESS_LOG=warn "$redress" serve --listen "127.0.0.1:$port" --database "$database" \
        >"$work/serve-$backend.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
        sleep 0.1
    done
    drive() { # name, connections, seconds, delay_ms
        wrk -t "$2" -c "$2" -d "${3}s" --latency -s docs/bench/lifecycle.lua \
            "http://127.0.0.1:$port" -- "$1" "$integration" "$MERCHANTS" "${keys[@]}" "$4" \
            | grep '^RESULT' | sed "s/^RESULT/RESULT $backend $1/"
    }
    drive warmup "$CONNECTIONS" 3 0 >/dev/null
    for ((round = 1; round <= ROUNDS; round++)); do
        saturated="$(drive "sat$round" "$CONNECTIONS" "$SECONDS_PER_RUN" 0)"
        echo "$saturated"
        rps="$(field rps <<<"$saturated")"
        # Each connection waits this long before each request, so that with the shorter latency
        # of a lighter load it sends at about half the saturated rate (the measured rate is
        # what is reported).
        delay_ms="$(awk -v c="$CONNECTIONS" -v r="$rps" 'BEGIN { printf "%d", 1.6 * c * 1000 / r }')"
        drive "half$round" "$CONNECTIONS" "$SECONDS_PER_RUN" "$delay_ms" | sed "s/\$/ delay_ms=$delay_ms/"
    done | tee "$work/results-$backend"
    for run in sat half; do
        for figure in rps p50_ms p99_ms; do
            printf '%s %s median %s=%s\n' "$backend" "$run" "$figure" \
                "$(grep " $run[0-9]" "$work/results-$backend" | field "$figure" | median)"
        done
    done
    # The server's memory after every run above: resident in all, its own (anonymous), and
    # the database's memory map (file-backed, the operating system's cache).
    echo "$backend serve memory: $(grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' "/proc/$server_pid/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
    stop_server
    if grep -q panicked "$work/serve-$backend.log"; then cat "$work/serve-$backend.log" >&2; exit 1; fi

    echo "# engine only, same run ($backend), uptime: $(uptime)"
    case "$backend" in
        sqlite) "$redress_bench" engine --seconds 4 --submitters 64 --ceiling-rounds 1 --dir "$work" ;;
        postgres) "$redress_bench" engine --database "$pg_base/$scratch_db" --seconds 4 --submitters 64 --ceiling-rounds 1 ;;
    esac 2>&1 | grep -E '^\|' || true
done
