#!/usr/bin/env python3
"""The rhythm of the recorded request streams: how long a connection is idle between two statements of ONE
request, and between the last statement of a request and the first of the next one on the same connection.

    /usr/bin/python3 tools/orm-workloads/rhythm.py [--markdown]

Reads the PostgreSQL stderr logs (postgresql.log) of core/src/test/resources/orm/*-pg/: their timestamps have
millisecond resolution (log_line_prefix %m) and each entry has the statement's duration, so the idle gap before
a statement is (its log time - its duration) - (the previous statement's log time) on the same backend pid.
An extended-protocol statement (parse/bind/execute entries) counts as one statement from the start of its first
entry to the end of its execute entry. MariaDB's slow and general logs only have whole seconds: no gap below
1 s can be measured in them, so they are left out (the same workloads run against both servers).

A statement belongs to the scenario of the last `SELECT 'scenario: ...'` marker before it. Requests:
  - in the tagged scenarios (marked_requests, tagged_requests) a request is a run of statements carrying the same
    tag comment (the workloads tag every statement and give consecutive requests different tags): a gap between
    two statements with the same comment is "inside", a gap where the comment changes is "between";
  - every other scenario except the untagged multi-request ones is ONE request (a loop, a clean twin): all its gaps are
    "inside"; the gap from the marker to the first statement is left out.
"""
import glob
import os
import re
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ORM_DIR = os.path.join(HERE, "..", "..", "core", "src", "test", "resources", "orm")

ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC \[(\d+)\] \S* ?LOG:  duration: ([0-9.]+) ms  "
                   r"(statement|parse|bind|execute)([^:]*): (.*)$")
MARKER = re.compile(r"SELECT 'scenario: ([a-z_]+)'")
COMMENT = re.compile(r"/\*(.*?)\*/")
TAGGED = {"marked_requests", "tagged_requests"}
MULTI = {"back_to_back_requests", "pooled_requests", "connection_per_request", "connection_per_request_fixed"}


def entries(path):
    """(header match, full text) per log entry; continuation lines of a multi-line statement start with a tab."""
    current = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("\t") and current is not None:
                current[1] += "\n" + line[1:].rstrip("\n")
                continue
            if current is not None:
                yield current
            m = ENTRY.match(line.rstrip("\n"))
            current = [m, m.group(6)] if m else None
    if current is not None:
        yield current


def statements(path):
    """(pid, start_ms, end_ms, sql) per statement, in log order."""
    pending = {}
    for m, sql in entries(path):
        ts, pid, dur, kind = m.group(1), m.group(2), m.group(3), m.group(4)
        end = datetime.strptime(ts, "%Y-%m-%d %H:%M:%S.%f").timestamp() * 1000.0
        start = end - float(dur)
        if kind in ("parse", "bind"):
            pending.setdefault(pid, start)
            continue
        start = min(start, pending.pop(pid, start))
        yield pid, start, end, sql


BEGINS = re.compile(r"^\s*(BEGIN|START TRANSACTION|SET autocommit\s*=\s*0)", re.I)


def gaps(path):
    inside, between, worst = [], [], []
    scenario = None
    runs = {}  # (scenario, pid) -> [(start, end, comment, sql)] in order
    order = []
    for pid, start, end, sql in statements(path):
        m = MARKER.search(sql)
        if m:
            scenario = m.group(1)
            continue
        if scenario is None or scenario in MULTI or sql.startswith("DEALLOCATE"):
            continue  # DEALLOCATE: Rails closing its connection after the last request, not request work
        c = COMMENT.search(sql)
        key = (scenario, pid)
        if key not in runs:
            runs[key] = []
            order.append(key)
        runs[key].append([start, end, c.group(1) if c else None, sql])
    for key in order:
        run = runs[key]
        if key[0] in TAGGED:
            # the ORM's own transaction statements carry no tag: a BEGIN belongs to the request after it,
            # anything else (COMMIT, ROLLBACK, SET autocommit=1) to the request before it
            for i, st in enumerate(run):
                if st[2] is None and BEGINS.match(st[3]):
                    st[2] = next((n[2] for n in run[i + 1:] if n[2] is not None), None)
            for i, st in enumerate(run):
                if st[2] is None and i > 0:
                    st[2] = run[i - 1][2]
        for prev, st in zip(run, run[1:]):
            gap = max(0.0, st[0] - prev[1])
            if key[0] in TAGGED and st[2] != prev[2]:
                between.append(gap)
            else:
                inside.append(gap)
                worst.append((gap, key[0], prev[3][:40].replace("\n", " "), st[3][:40].replace("\n", " ")))
    worst.sort(key=lambda w: -w[0])
    return inside, between, worst[:3]


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    md = "--markdown" in sys.argv
    head = ["run", "inside n", "inside p50", "p90", "p99", "max", "between n", "between min", "p50", "max"]
    rows, worst = [], []
    for d in sorted(glob.glob(os.path.join(ORM_DIR, "*-pg"))):
        inside, between, w = gaps(os.path.join(d, "postgresql.log"))
        worst += [(os.path.basename(d),) + x for x in w]
        rows.append([os.path.basename(d), str(len(inside))]
                    + ["%.1f" % pct(inside, p) for p in (50, 90, 99, 100)]
                    + [str(len(between)), "%.1f" % min(between or [float("nan")]),
                       "%.1f" % pct(between, 50), "%.1f" % pct(between, 100)])
    if md:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        print("\t".join(head))
        for r in rows:
            print("\t".join(r))
    print("\n(gaps in ms; PostgreSQL stderr logs, millisecond timestamps)\n\nlongest gaps inside a request:")
    for run, gap, scenario, before, after in worst:
        print("%s%s %.1f ms in %s, after `%s` before `%s`" % ("- " if md else "", run, gap, scenario, before, after))


if __name__ == "__main__":
    main()
