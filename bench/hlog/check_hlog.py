#!/usr/bin/python3
"""Checks HdrHistogram's own HistogramLogProcessor output against latbench's run (bench/hlog_vs_hdrhistogram.sh).

Usage: check_hlog.py RUN_DIR PROCESSOR_CSV [BOUND]
  RUN_DIR: the run folder (samples.jsonl, summary.json); PROCESSOR_CSV: HistogramLogProcessor's -csv -o
  file made with -outputValueUnitRatio 1000 (values in ms). BOUND: relative error allowed (0.001: 3 digits).

Checks, exit 1 on any failure:
  - Java's Total_Count == the summary's total count == the measured totals in samples.jsonl;
  - Java's Total_p50/p90/p99/p99.9 and max within BOUND (+1 us of rounding to microseconds) of the
    nearest-rank value (HdrHistogram's definition: the ceil(p/100 * n)-th smallest, p 1 ulp less) of the samples;
  - each of them lies in [x_j, x_j+1] (widened by BOUND), the order statistics around the
    summary's own percentile (linear interpolation, numpy type 7: j = floor((n-1) p/100)), and it prints both.
"""
import csv
import json
import math
import sys

run_dir, processor_csv = sys.argv[1], sys.argv[2]
bound = float(sys.argv[3]) if len(sys.argv) > 3 else 0.001

totals = []
with open(f"{run_dir}/samples.jsonl") as f:
    for line in f:
        s = json.loads(line)
        # The `total` series: an HTTP answer, or a timeout (samples/series_rule.hpp); warm-up out.
        if not s["warmup"] and (s["status"] > 0 or s["error"] == "timeout"):
            totals.append(s["total_ms"])
totals.sort()
n = len(totals)
summary = json.load(open(f"{run_dir}/summary.json"))
total = next(x for x in summary["series"] if x["name"] == "total")

rows = [r for r in csv.reader(l for l in open(processor_csv) if not l.startswith("#"))]
header, last = rows[0], rows[-1]
java = dict(zip(header, last))

failures = []
def check(ok, text):
    print(("ok    " if ok else "FAIL  ") + text)
    if not ok:
        failures.append(text)

java_count = int(java["Total_Count"])
check(java_count == total["count"] == n,
      f"count: HistogramLogProcessor {java_count}, summary.json {total['count']}, samples.jsonl {n}")

def within(value, exact):
    return abs(value - exact) <= exact * bound + 0.001

for p, col, key in [(50, "Total_50%", "p50"), (90, "Total_90%", "p90"), (99, "Total_99%", "p99"),
                    (99.9, "Total_99.9%", "p99.9"), (100, "Total_Max", None)]:
    v = float(java[col])
    # As Java's getValueAtPercentile: 1 ulp below p, times n, over 100, rounded up (p99.9 of 2000 is
    # the 1998th value; ceil(0.999 * 2000) in plain floating point would say the 1999th).
    rank = max(math.ceil(math.nextafter(p, -math.inf) * n / 100), 1) - 1
    exact = totals[rank]
    check(within(v, exact), f"p{p}: HistogramLogProcessor {v:.3f} ms, nearest rank of the samples {exact:.3f} ms "
                            f"(diff {100 * (v - exact) / exact:+.4f}%, bound {100 * bound:.1f}% + 1 us)")
    if key:
        j = math.floor((n - 1) * p / 100)
        lo, hi = totals[j], totals[min(j + 1, n - 1)]
        ours = total["percentiles"][key]
        check(lo * (1 - bound) - 0.001 <= v <= hi * (1 + bound) + 0.001,
              f"p{p}: summary.json {ours:.3f} ms (type 7, between {lo:.3f} and {hi:.3f}); Java's lies there too")
    else:
        check(within(v, total["max"]), f"max: summary.json {total['max']:.3f} ms")
sys.exit(1 if failures else 0)
