#!/usr/bin/env python3
"""Medians over the rounds printed by postgres_rounds.sh, and the engine's ratio to pgbench.

    docs/bench/postgres_rounds.sh postgres://… | tee rounds.txt
    python3 docs/bench/postgres_medians.py rounds.txt

Ratios are taken round by round (engine and pgbench measured minutes apart at most) and
their median is reported beside the ratio of the medians.
"""

import collections
import re
import statistics
import sys

ENGINE = re.compile(r"round (\d+) \(load [^)]*\) engine, (\d+) instance\(s\): \| ([a-z ]+?) \|(.*)")
PGBENCH = re.compile(r"round (\d+) \(load [^)]*\) pgbench, (\d+) client\(s\): ([0-9.]+) tps")

# (engine configuration, pgbench clients) pairs worth a ratio.
RATIOS = [
    (("1", "group commit", "1"), "1"),
    (("1", "group commit", "64"), "64"),
    (("2", "group commit", "1"), "2"),
    (("2", "group commit", "64"), "64"),
]


def main(path):
    engine = collections.defaultdict(dict)  # (instances, mode, submitters) -> round -> row
    pgbench = collections.defaultdict(dict)  # clients -> round -> tps
    for line in open(path, encoding="utf-8"):
        if m := ENGINE.match(line):
            round_, instances, mode = m.group(1), m.group(2), m.group(3)
            cols = [c.strip() for c in m.group(4).split("|") if c.strip()]
            if instances != "1":
                cols = cols[1:]  # the instances column
            submitters, _commands, rate, p50, p99, batch = cols
            engine[(instances, mode, submitters)][round_] = tuple(
                map(float, (rate, p50, p99, batch))
            )
        elif m := PGBENCH.match(line):
            pgbench[m.group(2)][m.group(1)] = float(m.group(3))
    print("| instances | mode | submitters per instance | commands/s (median) | p50 ms | p99 ms | commands per commit | rounds |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    for (instances, mode, submitters), rows in sorted(engine.items()):
        runs = list(rows.values())
        med = [statistics.median(r[i] for r in runs) for i in range(4)]
        print(
            f"| {instances} | {mode} | {submitters} | {med[0]:.0f} | {med[1]:.2f} | {med[2]:.2f}"
            f" | {med[3]:.1f} | {', '.join(f'{r[0]:.0f}' for r in runs)} |"
        )
    print()
    print("| pgbench clients | tps (median) | rounds |")
    print("|---:|---:|---|")
    for clients, rows in sorted(pgbench.items(), key=lambda kv: int(kv[0])):
        print(f"| {clients} | {statistics.median(rows.values()):.0f} | {', '.join(f'{v:.0f}' for v in rows.values())} |")
    print()
    print("| engine | pgbench clients | ratio of medians | median of per-round ratios |")
    print("|---|---:|---:|---:|")
    for key, clients in RATIOS:
        if key not in engine or clients not in pgbench:
            continue
        rounds = sorted(set(engine[key]) & set(pgbench[clients]), key=int)
        of_medians = statistics.median(engine[key][r][0] for r in rounds) / statistics.median(
            pgbench[clients][r] for r in rounds
        )
        per_round = statistics.median(engine[key][r][0] / pgbench[clients][r] for r in rounds)
        instances, mode, submitters = key
        print(f"| {instances} instance(s) × {submitters} submitter(s), {mode} | {clients} | {of_medians:.2f}× | {per_round:.2f}× |")


if __name__ == "__main__":
    main(sys.argv[1])
