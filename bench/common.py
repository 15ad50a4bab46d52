"""Timing and reporting helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

DATA = Path(__file__).parent / ".data"


@attrs.frozen
class Timing:
    """The median (and spread) of several runs of one contender on one task."""

    task: str
    contender: str
    median: float  # seconds
    runs: tuple[float, ...]
    note: str = ""


@attrs.frozen
class Figure:
    """A measured quantity that is not a time (bytes per observation, milliseconds added)."""

    task: str
    contender: str
    value: float
    unit: str
    note: str = ""


def measure(
    task: str, contender: str, work: Callable[[], Any], *, repeat: int, note: str = ""
) -> Timing:
    """Run ``work`` ``repeat`` times (after one untimed warm-up) and keep the median.

    The collector runs before each run, not during it: a full collection triggered by
    a previous contender's garbage would otherwise land on whoever runs next.
    """
    work()
    runs = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return Timing(task, contender, statistics.median(runs), tuple(runs), note)


def measure_together(
    task: str, contenders: list[tuple[str, Callable[[], Any], str]], *, repeat: int
) -> list[Timing]:
    """Like `measure`, for several ``(contender, work, note)`` whose runs take turns.

    On a machine others share, the load changes from one second to the next: taking
    turns gives each contender its share of quiet and busy moments, so their ratio
    holds where their medians drift.
    """
    for _, work, _ in contenders:
        work()
    runs: list[list[float]] = [[] for _ in contenders]
    for _ in range(repeat):
        for i, (_, work, _) in enumerate(contenders):
            gc.collect()
            start = time.perf_counter()
            work()
            runs[i].append(time.perf_counter() - start)
    return [
        Timing(task, name, statistics.median(r), tuple(r), note)
        for (name, _, note), r in zip(contenders, runs, strict=True)
    ]


def once(task: str, contender: str, work: Callable[[], Any], *, note: str = "") -> Timing:
    """Time a single run of ``work`` (for what can only happen once, such as a cold cache)."""
    gc.collect()
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    return Timing(task, contender, elapsed, (elapsed,), note)


def ratio_table(timings: list[Timing], *, subject: str = "danvan") -> str:
    """A Markdown table: each task's contenders, medians, and danvan's time over each baseline."""
    lines = [
        "| task | contender | median | runs | danvan / this | note |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    by_task: dict[str, list[Timing]] = {}
    for t in timings:
        by_task.setdefault(t.task, []).append(t)
    for task, group in by_task.items():
        mine = next((t for t in group if t.contender == subject), None)
        for t in group:
            ratio = "" if mine is None or t is mine else f"{mine.median / t.median:.2f}"
            lines.append(
                f"| {task} | {t.contender} | {_seconds(t.median)} | {len(t.runs)} | {ratio} "
                f"| {t.note} |"
            )
    return "\n".join(lines)


def figure_table(figures: list[Figure]) -> str:
    """A Markdown table of measured figures."""
    lines = ["| task | contender | value | note |", "| --- | --- | ---: | --- |"]
    lines += [f"| {f.task} | {f.contender} | {f.value:,.1f} {f.unit} | {f.note} |" for f in figures]
    return "\n".join(lines)


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"
