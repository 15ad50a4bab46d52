"""Benchmark: the text parsers on adversarial inputs, against a linear baseline.

Each task parses a text built to make a backtracking matcher or a quadratic loop stall
(long runs of qualifier words, number words, separators, spaces), at n and at 2n
characters. The baseline is one linear pass over the same text (``casefold`` and
``split``), timed in the same run: if a parser is linear, its ratio to the baseline
stays about the same from n to 2n; a quadratic one doubles. Nothing is asserted.
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from common import Timing, measure

from danvan import ParseError, parse_date, parse_period, parse_quantity, parse_ratio

AS_OF = pendulum.Date(2023, 7, 10)


def _inputs(n: int) -> dict[str, tuple[Callable[[str], object], str]]:
    return {
        "parse_quantity 'một nghìn ...'": (parse_quantity, "một nghìn " * (n // 10)),
        "parse_quantity 'khoảng ...'": (parse_quantity, "khoảng " * (n // 7) + "5"),
        "parse_quantity '1<spaces>kg'": (parse_quantity, "1" + " " * n + "kg"),
        "parse_period 'từ ... đến nay'": (
            lambda t: parse_period(t, as_of=AS_OF),
            "từ " * (n // 3) + "đến nay",
        ),
        "parse_date '19/10/2021 ...'": (parse_date, "19/10/2021 " * (n // 11)),
        "parse_date '1/1/...'": (parse_date, "1/" * (n // 2)),
        "parse_ratio 'khoảng ... 40%'": (parse_ratio, "khoảng " * (n // 7) + "40%"),
    }


def _attempt(parse: Callable[[str], object], text: str) -> Callable[[], object]:
    def work() -> object:
        try:
            return parse(text)
        except ParseError:
            return None

    return work


def run(n: int, *, repeat: int) -> list[Timing]:
    """Time every parser at ``n`` and ``2 * n`` characters, each beside the baseline."""
    timings = []
    for size in (n, 2 * n):
        for task, (parse, text) in _inputs(size).items():
            name = f"{task} n={size:,}"
            timings.append(measure(name, "danvan", _attempt(parse, text), repeat=repeat))
            timings.append(
                measure(
                    name,
                    "casefold + split",
                    lambda text=text: text.casefold().split(),  # type: ignore[misc]  # bound per task
                    repeat=repeat,
                    note="one linear pass",
                )
            )
    return timings
