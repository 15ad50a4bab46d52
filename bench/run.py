"""Run every danvan benchmark and print medians and ratios danvan / baseline (``make bench``).

Usage::

    python bench/run.py                 # the sizes of issue 8 (a few minutes)
    python bench/run.py --quick         # a tenth of the sizes, for a smoke test
    python bench/run.py --only aggregate --repeat 7

Benchmarks: ``json`` (load + validate 100,000 observations from JSON; construct them in
Python), ``aggregate`` (1,000,000 observations: grouped sum and roll-up), ``memory``
(bytes per observation in a Dataset), ``import`` (what ``import danvan`` adds),
``gazetteer`` (loading the national gazetteer and a first look-up, cold), ``parsers``
(each parser and loader on adversarial input of 10³ to 10⁶ characters: growth per ×10),
``loaders`` (peak memory of each loader per MB of input), ``extract`` (figures from a
200 KB and a 1 MB report against a plain regex number finder, and precision and recall
on the annotated corpus), ``sql`` (the DuckDB engine against plain DuckDB SQL on
1,000,000 figures in memory and 10,000,000 in Parquet, peak memory printed; with
``--spark``, the Spark engine in local mode). Generated data is written to
``bench/.data/``. Nothing here is a test: timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

import bench_aggregate
import bench_extract
import bench_gazetteer
import bench_import
import bench_json
import bench_loaders
import bench_memory
import bench_parsers
import bench_sql
from common import Figure, Timing, figure_table, ratio_table

BENCHMARKS = (
    "json",
    "aggregate",
    "memory",
    "import",
    "gazetteer",
    "parsers",
    "loaders",
    "extract",
    "sql",
)


def machine() -> str:
    """What the figures were measured on."""
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {cpus} CPUs ({model}); "
        f"load average before the run: {load}; commit {commit or '?'}"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks named on the command line (all by default) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=BENCHMARKS, action="append")
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per contender")
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="skip timing danvan's reference engine (the 'before' figures)",
    )
    parser.add_argument(
        "--sql-size", type=int, default=10_000_000, help="figures in Parquet for 'sql'"
    )
    parser.add_argument("--spark", action="store_true", help="'sql' also times Spark (slow)")
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    scale = 10 if args.quick else 1
    print(f"# danvan benchmarks\n\n{machine()}\n")
    timings: list[Timing] = []
    figures: list[Figure] = []
    started = time.perf_counter()
    if "json" in chosen:
        timings += bench_json.run(100_000 // scale, repeat=args.repeat)
    if "aggregate" in chosen:
        bench_aggregate.check(20_000 // scale)
        print("Both danvan engines give equal results on the benchmark data.\n")
        n = 1_000_000 // scale
        reference = 0 if args.no_reference else n // 10
        timings += bench_aggregate.run(n, repeat=args.repeat, reference_n=reference)
    if "memory" in chosen:
        figures += bench_memory.run(100_000 // scale)
    if "import" in chosen:
        figures += bench_import.run(max(args.repeat, 9))
    if "gazetteer" in chosen:
        gazetteer_timings, gazetteer_figures = bench_gazetteer.run(max(args.repeat, 7))
        timings += gazetteer_timings
        figures += gazetteer_figures
    if "loaders" in chosen:
        figures += bench_loaders.run(100_000 // scale)
    if "parsers" in chosen:
        bench_parsers.run(quick=args.quick)
    if "extract" in chosen:
        extract_timings, extract_figures = bench_extract.run(
            (200_000 // scale, 1_000_000 // scale), repeat=args.repeat
        )
        timings += extract_timings
        figures += extract_figures
        print("Figures from report prose, on the annotated corpus (tests/data/extract):\n")
        print(bench_extract.quality(), "\n")
    if "sql" in chosen:
        sql_timings, sql_figures = bench_sql.run(
            1_000_000 // scale,
            args.sql_size // scale,
            repeat=args.repeat,
            spark_n=1_000_000 // scale if args.spark else 0,
        )
        timings += sql_timings
        figures += sql_figures
    if timings:
        print(ratio_table(timings), "\n")
    if figures:
        print(figure_table(figures), "\n")
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
