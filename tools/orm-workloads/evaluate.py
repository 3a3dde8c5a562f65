#!/usr/bin/env python3
"""For information: runs a dbprof build on every recorded log and compares its findings with expectations.tsv.

    python3 tools/orm-workloads/evaluate.py [DBPROF] [--jobs N] > report.md

DBPROF defaults to ./dbprof at the repository root. A finding is placed in the scenario whose marker
precedes the finding's first evidence line (`location.line`); findings before the first marker are `startup`.
Per (orm, db, format) it prints which expected findings were found, which were missed and which findings
fall where none (or another rule) was expected.
"""
import csv
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ORMDIR = os.path.join(REPO, "core", "src", "test", "resources", "orm")

args = [a for a in sys.argv[1:]]
jobs = 2
if "--jobs" in args:
    i = args.index("--jobs")
    jobs = int(args[i + 1])
    del args[i:i + 2]
DBPROF = args[0] if args else os.path.join(REPO, "dbprof")


def load_expectations():
    with open(os.path.join(ORMDIR, "expectations.tsv"), encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def marker_lines(path):
    """[(line number, scenario)] of the first line carrying each marker."""
    seen, out = set(), []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            k = line.find("scenario: ")
            if k < 0:
                continue
            name = ""
            for ch in line[k + 10:]:
                if ch.isalnum() or ch == "_":
                    name += ch
                else:
                    break
            if name and name not in seen:
                seen.add(name)
                out.append((n, name))
    return out


def scenario_at(markers, line):
    cur = "startup"
    for n, name in markers:
        if n <= line:
            cur = name
        else:
            break
    return cur


def norm(text):
    """lower-cased, one space at most, none next to punctuation"""
    text = re.sub(r"\s+", " ", text.lower())
    return re.sub(r" ?([^\w\s'\"`$]) ?", r"\1", text)


def slices(path, markers):
    """{scenario: its normalised text}; csv's doubled and json's escaped quotes undone first"""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    bounds = [(1, "startup")] + markers
    out = {}
    for i, (n, name) in enumerate(bounds):
        end = bounds[i + 1][0] - 1 if i + 1 < len(bounds) else len(lines)
        text = "\n".join(lines[n - 1:end])
        if path.endswith(".csv"):
            text = text.replace('""', '"')
        elif path.endswith(".json"):
            text = text.replace('\\"', '"').replace("\\n", " ").replace("\\t", " ")
        out[name] = norm(text)
    return out


VALUE = r"(?:'(?:[^']|'')*'|[\w.$:+-]+)"


def scenarios_of(fingerprint, texts):
    """The scenarios with a statement that the fingerprint matches (each `?` one value, `?+` a list)."""
    if not fingerprint:
        return []
    rx = ""
    for tok in re.split(r"(\?\+|\?)", norm(fingerprint)):
        rx += "[^()]*" if tok == "?+" else " ?" + VALUE + " ?" if tok == "?" else re.escape(tok)
    rx = re.compile(rx)
    return [name for name, text in texts.items() if rx.search(text)]


def analyze(path):
    p = subprocess.run([DBPROF, "analyze", path, "--fail-on", "never", "--format", "json"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip()[-300:]
    return json.loads(p.stdout), None


def main():
    exp = load_expectations()
    runs = {}
    for r in exp:
        runs.setdefault((r["orm"], r["db"]), []).append(r)
    tasks = []
    for (orm, db), rows in runs.items():
        for f in rows[0]["files"].split(","):
            tasks.append((orm, db, f, os.path.join(ORMDIR, "%s-%s" % (orm, db), f)))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda t: analyze(t[3]), tasks))

    print("| orm | db | format | found | missed | false / other findings |")
    print("|---|---|---|---|---|---|")
    details = []
    for (orm, db, f, path), (report, err) in zip(tasks, results):
        if report is None:
            print("| %s | %s | %s | (dbprof failed: %s) | | |" % (orm, db, f, err.replace("|", "/")))
            continue
        markers = marker_lines(path)
        texts = slices(path, markers)
        placed = {}
        for fd in report["findings"]:
            line = (fd.get("location") or {}).get("line")
            if line:
                sc = scenario_at(markers, line)
            elif fd["rule"] == "connection-churn":
                sc = "(whole log)"
            else:  # no location: the scenario(s) whose SQL the fingerprint matches
                where = scenarios_of(fd.get("fingerprint"), texts)
                sc = where[0] if len(where) == 1 else "(no location: %s)" % ",".join(where)
            placed.setdefault(sc, []).append(fd)
        found, missed, false = [], [], []
        expected_by = {r["scenario"]: r for r in runs[(orm, db)]}
        for r in runs[(orm, db)]:
            sc, want = r["scenario"], r["expected"]
            got = placed.get(sc, [])
            if want != "none":
                hit = [g for g in got if g["rule"] == want]
                if hit:
                    found.append("%s (%s)" % (sc, "+".join(str(g["occurrences"]) for g in hit)))
                else:
                    # the scenario's statements counted inside a finding placed in another scenario?
                    # (same rule and table, the SQL is in this scenario too, and the finding counts more
                    # than the loop of the scenario it was placed in)
                    merged = [(k, g) for k, gs in placed.items() if k != sc and k in expected_by for g in gs
                              if g["rule"] == want == expected_by[k]["expected"]
                              and r["table"] in (g.get("tables") or [])
                              and g["occurrences"] > int(expected_by[k]["iterations"])
                              and sc in scenarios_of(g.get("fingerprint"), texts)]
                    if merged:
                        missed.append("%s (only inside %s)" % (sc, ", ".join(
                            "%s's %d× in %d units" % (k, g["occurrences"], g["unitsOfWork"]) for k, g in merged)))
                    else:
                        missed.append(sc)
            for g in got:
                if g["rule"] != want:
                    false.append("%s: %s %s×%s" % (sc, g["rule"], ",".join(g.get("tables") or []) or "-",
                                                   g["occurrences"]))
        for sc, got in placed.items():
            if sc not in expected_by:
                for g in got:
                    false.append("%s: %s %s×%s" % (sc, g["rule"], ",".join(g.get("tables") or []) or "-",
                                                   g["occurrences"]))
        fmt = report["summary"]["inputs"][0]["format"]
        print("| %s | %s | %s | %s | %s | %s |" % (orm, db, fmt, "; ".join(found) or "-", "; ".join(missed) or "-",
                                                 "; ".join(false) or "-"))
        details.append((orm, db, f, report))
    print()
    print("Summary per file: statements, units of work, skipped lines")
    print()
    for orm, db, f, report in details:
        s = report["summary"]
        i = s["inputs"][0]
        print("- %s-%s/%s: %s, %d events, %d statements, %d units, %d skipped lines, %d findings" % (
            orm, db, f, i["format"], i["events"], s["statements"], s["unitsOfWork"], i["skippedLines"],
            len(report["findings"])))


if __name__ == "__main__":
    main()
