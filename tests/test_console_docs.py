"""The shell sessions in the documentation run, and print what the pages show.

Every ```console block of the pages listed below is run: each ``$ danvan ...`` line is
a command (run in a scratch folder holding ``examples/`` and ``tests/``, the commands of a page in
order, so that a file one writes is there for the next), and the lines under it are its
output, stdout and stderr as a terminal shows them. A line ``...`` stands for any
number of lines. A command shown without output must succeed; the exit status of the
others is not checked (errors are part of what pages show). Lines of other programs
(``$ make demo``) are not run: a page that shows only those is not listed here.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from danvan._cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "docs/howto/command-line.md",
    "docs/howto/quick-start-vi.md",
]


def sessions(page: Path) -> list[tuple[int, str, list[str]]]:
    """The danvan commands of a page: (line number, command, expected output lines)."""
    found: list[tuple[int, str, list[str]]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    inside = False
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            inside = line.strip() == "```console" and not inside
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            found.append((number, line[2:], []))
        elif found and found[-1][0] < number:
            found[-1][2].append(line)
    return [s for s in found if s[1].startswith("danvan ")]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``expected``, where "..." stands for any lines."""
    pattern = "".join(
        "(?:[^\\n]*\\n)*?" if line == "..." else re.escape(line.rstrip()) + "\\n"
        for line in expected
    )
    return re.fullmatch(pattern, "".join(f"{line.rstrip()}\n" for line in actual)) is not None


def run(command: str) -> tuple[int, list[str]]:
    """Run a ``danvan ...`` line in-process; its status and output lines (stdout, stderr)."""
    argv = shlex.split(command)[1:]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(argv)
    return status, out.getvalue().splitlines()


@pytest.mark.parametrize("name", PAGES)
def test_console_sessions_print_what_the_page_shows(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command of the page's shell sessions prints the output shown under it."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for folder in ("examples", "tests"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    commands = sessions(ROOT / name)
    assert commands, f"{name} shows no danvan command"
    for number, command, expected in commands:
        status, actual = run(command)
        if not expected:
            assert 0 == status, f"{name}:{number}: {command}\n" + "\n".join(actual)
            continue
        assert matches(expected, actual), (
            f"{name}:{number}: {command}\nexpected:\n"
            + "\n".join(expected)
            + "\nactual:\n"
            + "\n".join(actual)
        )


def test_the_matcher_fails_on_a_difference() -> None:
    """The matcher tells output apart: "..." stands for lines, other lines must agree."""
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert not matches(["a", "...", "d"], ["a", "b", "c", "e"])
    assert not matches(["a", "b"], ["a", "b", "c"])
