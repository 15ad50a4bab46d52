"""Benchmark 5: what ``import danvan`` adds to importing its dependencies.

Each measurement is a fresh interpreter that imports the dependencies (attrs, cattrs,
pendulum) and then danvan, with ``-X importtime``: the dependencies' top-level lines
give their own time, and danvan's line what it adds on top of them, in the same
process. Medians over several runs. The run also checks that numpy is not imported.

Bytecode is cached as in any installed package: ``PYTHONDONTWRITEBYTECODE``, which
some machines set, is removed and one warm-up run writes the ``.pyc`` files. Without
them every run would compile danvan's sources (its dependencies, installed by pip,
have theirs), which measures the compiler rather than the import.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

from common import Figure

DEPENDENCIES = ("attrs", "cattrs", "pendulum")
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
SRC = Path(__file__).parent.parent / "src"


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _top_level(code: str) -> dict[str, int]:
    """Cumulative microseconds of each top-level import made by ``python -c code``."""
    env = _env()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match and len(match[3]) == 1:  # one space: imported at top level
            found[match[4]] = int(match[2])
    return found


def heaviest(n: int = 5) -> list[tuple[str, int]]:
    """The danvan modules with the largest own import time (microseconds), from one run."""
    env = _env()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import danvan"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    own = [
        (m[4], int(m[1]))
        for line in done.stderr.splitlines()
        if (m := _LINE.match(line)) and m[4].startswith("danvan")
    ]
    return sorted(own, key=lambda item: -item[1])[:n]


def run(repeat: int) -> list[Figure]:
    """Milliseconds: the dependencies alone, what danvan adds to them, and both."""
    deps, added = [], []
    code = (
        "import " + ", ".join(DEPENDENCIES) + "; import danvan; import sys; "
        "assert 'numpy' not in sys.modules"
    )
    _top_level(code)  # warm-up: writes the bytecode cache
    for _ in range(repeat):
        times = _top_level(code)
        deps.append(sum(times[d] for d in DEPENDENCIES) / 1000)
        added.append(times["danvan"] / 1000)
    alone, extra = statistics.median(deps), statistics.median(added)
    heavy = heaviest()
    return [
        Figure("import", "dependencies alone", alone, "ms", " + ".join(DEPENDENCIES)),
        Figure(
            "import",
            "danvan adds",
            extra,
            "ms",
            "target <= 30 ms; numpy not imported; heaviest own: "
            + ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in heavy),
        ),
        Figure("import", "import danvan, in all", alone + extra, "ms", ""),
    ]
