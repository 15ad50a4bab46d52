"""Fuzz danvan's loaders, coverage-guided (``make fuzz``).

Usage::

    python fuzz/run.py                     # every target, 60 s each
    python fuzz/run.py json csv --seconds 600

Each target (see `targets.py`) runs in a process of its own under atheris (libFuzzer
for Python), which instruments danvan's code and keeps the inputs that reach new
branches, starting from the seed corpus of the target's format. Every input's outcome
is checked by the target's oracle; escapes are printed as found and counted at the end,
with the inputs tried. An input that takes over 10 s or 2 GB stops the target and is
reported (libFuzzer's ``timeout-``/``oom-`` file). Without atheris (a Python it has no
wheel for), the targets run on random mutations of the corpus instead.
Corpora grow in ``fuzz/.corpus/`` and escapes are kept in ``fuzz/.escapes/``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

NAMES = ("json", "jsonl", "csv", "records", "xlsx", "xlsx-zip")


def _child(name: str, seconds: int) -> None:
    """Fuzz one target under atheris, in this process (started by `main`)."""
    atheris: Any = importlib.import_module("atheris")
    with atheris.instrument_imports(include=["danvan"]):
        import targets
    corpus = HERE / ".corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(targets.corpus(name)):
        (corpus / f"seed-{index}").write_bytes(seed)
    escapes_dir = HERE / ".escapes"
    escapes_dir.mkdir(exist_ok=True)
    stats = HERE / ".escapes" / f"{name}.json"

    def report(text: str) -> None:
        print(text, file=sys.stderr, flush=True)
        stats.write_text(json.dumps(sorted(record.found)), encoding="utf-8")
        for key, data in record.found.items():
            safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", key)
            (escapes_dir / f"{name}-{safe}").write_bytes(data)

    record = targets.Escapes(report)
    stats.write_text("[]", encoding="utf-8")
    target = targets.TARGETS[name]
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={seconds}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-max_len=65536",
            f"-artifact_prefix={escapes_dir}/{name}-",
            str(corpus),
        ],
        lambda data: record.run(target, data),
    )
    atheris.Fuzz()


def _mutate(data: bytes, rnd: random.Random, others: list[bytes]) -> bytes:
    """A random change of ``data``, as libFuzzer's mutators make (without the coverage)."""
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        choice = rnd.randrange(6)
        at = rnd.randrange(len(buf) + 1)
        if choice == 0 and buf:
            buf[min(at, len(buf) - 1)] = rnd.randrange(256)
        elif choice == 1:
            buf[at:at] = bytes([rnd.randrange(256)])
        elif choice == 2 and buf:
            del buf[at : at + rnd.randint(1, 16)]
        elif choice == 3 and buf:
            end = min(len(buf), at + rnd.randint(1, 64))
            buf[at:at] = buf[at:end]
        elif choice == 4:
            buf[at:at] = rnd.choice(TOKENS)
        elif others:
            other = rnd.choice(others)
            start = rnd.randrange(len(other) + 1)
            buf[at:] = other[start:]
    return bytes(buf)


TOKENS = [
    *(t.encode() for t in ['"', "{", "}", "[", "]", ",", ";", ":", "\n", "\r\n", "\\u0000", "'"]),
    *(t.encode() for t in ["1e9999999999999999999", "-0", "NaN", "null", "9" * 50, "=1+1"]),
    *(t.encode() for t in ["٢٠٢١", "\u0301", "＝", "\u200b", "gần 9.000", "204/204=100%"]),
    *(t.encode() for t in ["[1; 2]", "merged-into:37@2025-07-01", " " * 64, "quý III/2021"]),
    *(t.encode() for t in ['<row r="1048576">', '<c r="XFD1" t="s"><v>9</v></c>', "<!DOCTYPE"]),
    *(t.encode() for t in ['<mergeCell ref="A1:A1048576"/>', "_x0041_", '<c t="e"><v>#N/A']),
]


def mutations(name: str, count: int, seed: int = 0) -> list[bytes]:
    """The target's corpus and ``count`` deterministic mutations of it."""
    import targets

    base = targets.corpus(name)
    rnd = random.Random(f"{name}-{seed}")
    return base + [_mutate(rnd.choice(base), rnd, base) for _ in range(count)]


def _without_atheris(name: str, seconds: int) -> tuple[int, dict[str, bytes]]:
    import targets

    record = targets.Escapes(lambda text: print(text, file=sys.stderr, flush=True))
    until = time.monotonic() + seconds
    seed = 0
    while time.monotonic() < until:
        for data in mutations(name, 200, seed):
            record.run(targets.TARGETS[name], data)
        seed += 1
    return record.tried, record.found


def main(argv: list[str] | None = None) -> int:
    """Fuzz the targets named (all by default); the exit status is 1 if anything escaped."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(NAMES))
    parser.add_argument("--seconds", type=int, default=60, help="per target")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.targets) - set(NAMES)
    if unknown:
        parser.error(f"unknown targets {sorted(unknown)}; the targets are {', '.join(NAMES)}")
    if args.child:
        _child(args.child, args.seconds)
        return 0
    try:
        importlib.import_module("atheris")
        guided = True
    except ImportError:
        guided = False
        print("atheris is not installed: random mutations of the corpus, without coverage")
    total = 0
    for name in args.targets or NAMES:
        if not guided:
            tried, found = _without_atheris(name, args.seconds)
            print(f"{name}: {tried} inputs tried, {len(found)} escapes")
            total += len(found)
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--child", name, "--seconds", str(args.seconds)],
            capture_output=True,
            text=True,
            check=False,
        )
        runs = re.findall(r"Done (\d+) runs", done.stderr)
        found = json.loads((HERE / ".escapes" / f"{name}.json").read_text(encoding="utf-8"))
        crash = [line for line in done.stderr.splitlines() if "ERROR: libFuzzer" in line]
        for line in done.stderr.splitlines():
            if line.startswith(("ESCAPE", "  input:")) or "artifact" in line:
                print(line)
        inputs = runs[-1] if runs else "?"
        stopped = f"; {crash[0]}" if crash else ""
        print(f"{name}: {inputs} inputs tried, {len(found)} escapes{stopped}")
        total += len(found) + len(crash)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
