"""Benchmark 6: peak memory of each loader per MB of input, against the stdlib in the same run.

Each loader reads a file of realistic observations (or records) of a few MB. Measured
with tracemalloc (Python's allocations; the interpreter itself is not counted):

- *peak*: the most memory held while loading, per MB of the file;
- *kept*: what the result holds once loaded (the dataset itself), per MB;
- *peak − kept*: what loading needs beyond its result: the loader's own cost.

Streaming (`iter_observations`, each observation dropped once read) is measured on a
file and on one ten times longer naming the same places and metrics: its peak does not
grow with the number of rows (it keeps each code it has seen once, as the loaders share
them: a bound set by the codes, not the rows). The baselines read the same
file with the standard library: `json.loads` of the whole text, `csv.reader` into a list.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import bench_json
import gen
from common import DATA, Figure

from danvan import Dataset, Source, serialization

MB = 1024 * 1024


def _peak(load: Callable[[], Any]) -> tuple[int, int]:
    """(peak, kept) bytes of ``load()``, its result kept alive until measured."""
    gc.collect()
    tracemalloc.start()
    try:
        result = load()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak, kept


def _files(n: int) -> dict[str, Path]:
    folder = DATA / "loaders"
    folder.mkdir(parents=True, exist_ok=True)
    obs = bench_json.observations(gen.records(n))
    paths = {suffix: folder / f"obs-{n}{suffix}" for suffix in (".json", ".jsonl", ".csv")}
    serialization.dump(
        Dataset(sources=(Source(id="bench", title="generated"),), observations=obs),
        paths[".json"],
        replace_read_only=True,
    )
    serialization.dump_observations(obs, paths[".jsonl"])
    serialization.dump_observations(obs, paths[".csv"])
    paths[".xlsx"] = folder / f"obs-{n // 4}.xlsx"
    serialization.dump_observations(obs[: n // 4], paths[".xlsx"])
    paths["places"] = folder / "places.csv"
    serialization.dump_records(gen.places(), paths["places"], kind="places")
    return paths


def _figures(task: str, contender: str, path: Path, load: Callable[[], Any]) -> list[Figure]:
    size = path.stat().st_size / MB
    peak, kept = _peak(load)
    return [
        Figure(task, contender, peak / MB / size, "MB/MB", f"peak, on {size:.1f} MB"),
        Figure(task, contender, (peak - kept) / MB / size, "MB/MB", "peak − kept"),
    ]


def _repeated(suffix: str, n: int, repeat: int) -> Path:
    """``n`` observations written ``repeat`` times over (ids made unique): a file ``repeat``
    times longer that names the same places and metrics, which a stream keeps once each."""
    obs = bench_json.observations(gen.records(n))
    many = [attrs.evolve(o, id=f"{o.id}-{k}") for k in range(repeat) for o in obs]
    path = DATA / "loaders" / f"repeated-{n}x{repeat}{suffix}"
    serialization.dump_observations(many, path)
    return path


def _stream(path: Path) -> Callable[[], int]:
    return lambda: sum(1 for _ in serialization.iter_observations(path))


def run(n: int) -> list[Figure]:
    """Peak memory per MB of input of every loader, and of the stdlib baselines."""
    out: list[Figure] = []
    paths = _files(n)
    json_path = paths[".json"]
    out += _figures(
        "memory: .json", "danvan load", json_path, lambda: serialization.load(json_path)
    )
    out += _figures(
        "memory: .json",
        "stdlib json.loads (baseline)",
        json_path,
        lambda: json.loads(json_path.read_text(encoding="utf-8")),
    )
    for suffix in (".jsonl", ".csv"):
        path = paths[suffix]
        out += _figures(
            f"memory: {suffix}", "danvan load", path, lambda p=path: serialization.load(p)
        )
    csv_path = paths[".csv"]
    out += _figures(
        "memory: .csv",
        "stdlib csv.reader to a list (baseline)",
        csv_path,
        lambda: list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")))),
    )
    xlsx = paths[".xlsx"]
    with zipfile.ZipFile(xlsx) as z:
        xml = sum(info.file_size for info in z.infolist()) / MB
    found = _figures("memory: .xlsx", "danvan load", xlsx, lambda: serialization.load(xlsx))
    ratio = xml / (xlsx.stat().st_size / MB)
    out += [
        attrs.evolve(f, note=f"{f.note}; {f.value / ratio:.1f} MB per MB of XML") for f in found
    ]
    places = paths["places"]
    out += _figures(
        "memory: places .csv",
        "danvan load_records",
        places,
        lambda: serialization.load_records(places, "places"),
    )
    for suffix in (".jsonl", ".csv"):
        # Once first, unmeasured: the bounded tables of shared codes and periods fill up.
        _stream(_repeated(suffix, n // 10, 1))()
        for repeat in (5, 50):
            path = _repeated(suffix, n // 10, repeat)
            size = path.stat().st_size / MB
            peak, _ = _peak(_stream(path))
            out.append(
                Figure(
                    f"memory: {suffix} streamed",
                    "danvan iter_observations",
                    peak / 1024,
                    "KB",
                    f"peak on {size:.1f} MB ({repeat}× the same codes): flat",
                )
            )
    return out
