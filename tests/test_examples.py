"""The example scripts run and print the article's figures."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_demo_script_prints_honest_totals(capsys: pytest.CaptureFixture[str]) -> None:
    """examples/demo.py prints the seed's figures with their qualifiers and the 2026 view."""
    runpy.run_path(str(EXAMPLES / "demo.py"), run_name="__main__")
    out = capsys.readouterr().out
    for expected in [
        "gần 9.000 tin",
        "hơn 3.100 lượt",
        "ít nhất 36 quả",
        "32 quả",
        "Ninh Bình: 153 khẩu",
        "no problems found",
    ]:
        assert expected in out


def test_seed_script_lists_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """examples/nam_dinh_2017_2021.py prints its 16 figures and the validation."""
    runpy.run_path(str(EXAMPLES / "nam_dinh_2017_2021.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "16 figures, 14 named models, 8 campaigns, 5 charity drives" in out
    assert "3.089 viên" in out


def test_make_demo_runs_the_demo_script() -> None:
    """examples/demo.py says `make demo` runs it: the Makefile's demo recipe does."""
    makefile = (EXAMPLES.parent / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/python examples/demo.py" in recipe
    assert "make demo" in (EXAMPLES / "demo.py").read_text(encoding="utf-8")
