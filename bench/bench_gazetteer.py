"""Benchmark 6: loading the national gazetteer and answering a first look-up, cold.

Targets (issue 12): under 0.3 s and under 30 MB on the benchmark machine. Each run is a
fresh interpreter that has imported danvan (and so pendulum and attrs), then times, with
nothing cached: reading the shipped file, building the places, and one question, by code
(`Gazetteer.ancestor_at` of a 2019 commune as of 2026) or by name (`resolve_place` of
"huyện Hải Hậu", which also builds the name index). The baseline reads the same file into
a dict of dicts (one dict of strings per unit, successors and aliases as lists) and
answers the same questions by following parents and successors, and through a dict of
lower-cased names. Memory: the growth of the process's peak RSS in the timed runs, and,
in separate runs, tracemalloc's peak and what stays allocated after the look-up.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from common import Figure, Timing

SRC = Path(__file__).parent.parent / "src"

_WORKER = r"""
import gc, gzip, json, resource, sys, time, tracemalloc
from pathlib import Path
from importlib import resources
import pendulum
import danvan
from danvan import Level, national_gazetteer, resolve_place

contender, question, traced = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
AFTER, BEFORE = pendulum.Date(2026, 1, 1), pendulum.Date(2021, 1, 1)


def dict_of_dicts():
    raw = resources.files("danvan").joinpath("data", "national_gazetteer.tsv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    columns = None
    units = {}
    for line in lines:
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if columns is None:
            columns = fields
            continue
        unit = dict(zip(columns, fields))
        unit["successors"] = unit["successors"].split(" ")[2:] if unit["successors"] else []
        unit["aliases"] = unit["aliases"].split("|") if unit["aliases"] else []
        units[unit["code"]] = unit
    return units


def baseline_by_code(units):
    unit = units["14293"]
    while unit["valid_to"] and unit["successors"]:  # follow the first successor
        unit = units[unit["successors"][0]]
    while unit["level"] != "province":
        unit = units[unit["parent"]]
    return unit["code"]


def baseline_by_name(units):
    names = {}
    for code, unit in units.items():
        for name in (unit["name"], *unit["aliases"]):
            names.setdefault(name.lower(), []).append(code)
    return [c for c in names["hải hậu"] if units[c]["kind"] == "huyện"]


def peak_rss_kb():
    # VmHWM is this process's own peak; ru_maxrss starts at the parent's (it survives exec).
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


gc.collect()
rss_before = peak_rss_kb()
if traced:
    tracemalloc.start()
start = time.perf_counter()
if contender == "danvan":
    if question == "code":
        answer = national_gazetteer().ancestor_at("14293", Level.PROVINCE, as_of=AFTER).code
    else:
        answer = resolve_place("huyện Hải Hậu", as_of=BEFORE).one().code
else:
    units = dict_of_dicts()
    answer = baseline_by_code(units) if question == "code" else baseline_by_name(units)[0]
elapsed = time.perf_counter() - start
kept, peak = tracemalloc.get_traced_memory() if traced else (0, 0)
rss_after = peak_rss_kb()
print(json.dumps({"answer": answer, "seconds": elapsed, "kept": kept, "peak": peak,
                  "rss_kb": rss_after - rss_before}))
"""

EXPECTED = {"code": "37", "name": "366"}
CONTENDERS = {"danvan": "danvan", "dict of dicts": "baseline"}


def _run(contender: str, question: str, *, traced: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, contender, question, "1" if traced else "0"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    if result["answer"] != EXPECTED[question]:
        raise AssertionError(f"{contender} answered {result['answer']} to {question}")
    return result


def run(repeat: int) -> tuple[list[Timing], list[Figure]]:
    """Cold load + first look-up (by code, by name): times, then memory."""
    timings: list[Timing] = []
    figures: list[Figure] = []
    for question, task in (
        ("code", "gazetteer: load + first look-up by code"),
        ("name", "gazetteer: load + first look-up by name"),
    ):
        for name, contender in CONTENDERS.items():
            _run(contender, question, traced=False)  # warm-up: bytecode and disk cache
            plain = [_run(contender, question, traced=False) for _ in range(repeat)]
            runs = tuple(r["seconds"] for r in plain)
            note = "target < 0.3 s, fresh interpreter" if name == "danvan" else ""
            timings.append(Timing(task, name, statistics.median(runs), runs, note))
            # tracemalloc slows the run and grows the process: RSS comes from plain runs.
            rss = statistics.median(r["rss_kb"] for r in plain) / 1024
            traced = [_run(contender, question, traced=True) for _ in range(3)]
            kept = statistics.median(r["kept"] for r in traced) / 2**20
            peak = statistics.median(r["peak"] for r in traced) / 2**20
            figures.append(
                Figure(
                    f"{task}: memory",
                    name,
                    peak,
                    "MB peak",
                    f"{kept:.1f} MB kept; peak RSS grows {rss:.1f} MB"
                    + ("; target < 30 MB" if name == "danvan" else ""),
                )
            )
    return timings, figures
