#!/usr/bin/env python3
"""Writes bench/hardening.md from bench/hardening-results.jsonl (bench/hardening's records): the fuzzing counts and
the A/B of the hot paths. Usage: hardening-report.py RESULTS.jsonl OUT.md"""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1])]
out = []
p = out.append
p("# Hardening figures (issue 22)\n")
p("Written by `bench/hardening-report.py` from `bench/hardening-results.jsonl`, which `bench/hardening` appends to.\n")
for run in (r for r in rows if r["kind"] == "hardening-run"):
    p(f"- run `{run['what']}` at commit `{run['commit']}` on {run['cores']} cores ({run['cpu']}), load {run['load']}")
fuzz = [r for r in rows if r["kind"] == "fuzz"]
if fuzz:
    f = fuzz[-1]
    p("\n## Fuzzing the readers (`cmir-bench fuzz`)\n")
    p(f"Seed {f['seed']}, {f['seconds']:.0f} s. Model: mutations of `{f['model']}` (hostile header numbers, entries added or "
      "dropped, value bytes changed, all with the checksum made valid again; cuts and extensions); an accepted model "
      "is also run on a 32 px image. Index: damaged copies of an index of the demo's BF images (bytes, 64-byte runs "
      "in pages, zeroed pages, cuts, header bytes), each opened, searched with re-ranking and its words read.\n")
    p("| reader | files tried | clean one-line errors | accepted and working | multi-line errors | crashes |")
    p("|---|---|---|---|---|---|")
    for name in ("models", "indexes"):
        t = f[name]
        p(f"| {name} | {t['tried']} | {t['clean_errors']} | {t['accepted']} | {t['multi_line_errors']} | {t['crashes']} |")
    p("\nA crash ends the run, so a finished run has 0.")
features = [r for r in rows if r["kind"] == "hardening-features"]
stages = [r for r in rows if r["kind"] == "index-stages" and ("-before-" in r["label"] or "-after-" in r["label"])]
queries = [r for r in rows if r["kind"] == "hardening-query"]
if features:
    p("\n## A/B of the hot paths against the build before (the fastest of the alternated rounds: the least disturbed by other load)\n")
    p("| measure | before | after | change |")
    p("|---|---|---|---|")
    def line(name, before, after):
        if before and after:
            b, a = min(before), min(after)
            p(f"| {name} | {b:.1f} | {a:.1f} | {100 * (a - b) / b:+.0f} % |")
    for extractor in dict.fromkeys(r["extractor"] for r in features):
        line(f"{extractor} extraction, CPU ms per image",
             [r["cpu_ms"] for r in features if r["extractor"] == extractor and r["side"] == "before"],
             [r["cpu_ms"] for r in features if r["extractor"] == extractor and r["side"] == "after"])
    for label in ("raw", "comir"):
        for stage in ("load", "represent", "extract", "quantize", "store"):
            def per(side):
                return [statistics.median(r["stage_ms"][stage]) for r in stages if r["label"].startswith(f"{label}-{side}-")]
            line(f"indexing {label}: {stage}, ms per image (median)", per("before"), per("after"))
    for stage in dict.fromkeys(r["stage"] for r in queries):
        line(f"query (CoMIR index of 31): {stage}, p50 ms",
             [r["p50_ms"] for r in queries if r["stage"] == stage and r["side"] == "before"],
             [r["p50_ms"] for r in queries if r["stage"] == stage and r["side"] == "after"])
    p("\nEach round gives a value per side (a median over images or queries); the table keeps each side's fastest round. "
      "Wall-clock stages carry the load of whatever else ran (here, other builds in some rounds).")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
