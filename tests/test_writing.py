"""Atomic writes: recognisable temporary files, cleaned after a crash; targets refused
unless asked (read-only files, symbolic links, what is not a file); errors naming them."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from danvan import Dataset, Observation, Period, Quantity
from danvan import serialization as ser
from danvan._io.writing import _machine, atomic_write, temporary_files

DATASET = Dataset(
    observations=(
        Observation(
            id="a", metric="tips", value=Quantity(value=5, unit="tin"), period=Period.year(2021)
        ),
    )
)


def _data(stream: IO[bytes]) -> None:
    stream.write(b"new\n")


def test_the_temporary_file_is_named_for_its_target(tmp_path: Path) -> None:
    """While written, the file is ".NAME.danvan-MACHINE-PID-RANDOM.tmp" beside the target."""
    target = tmp_path / "data.json"
    seen: list[str] = []

    def write(stream: IO[bytes]) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())
        stream.write(b"x")

    atomic_write(target, write)
    [name] = seen
    assert name.startswith(f".data.json.danvan-{_machine()}-{os.getpid()}-")
    assert name.endswith(".tmp")
    assert ["data.json"] == [p.name for p in tmp_path.iterdir()]


def _leftover(target: Path, machine: str, pid: int, age: float = 0) -> Path:
    temp = target.with_name(f".{target.name}.danvan-{machine}-{pid}-0000abcd.tmp")
    temp.write_bytes(b"half")
    if age:
        os.utime(temp, (time.time() - age, time.time() - age))
    return temp


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def test_stale_temporary_files_of_the_target_are_removed(tmp_path: Path) -> None:
    """The next write removes leftovers of the same target whose process is gone, or that
    are a day old; it keeps those of live processes, other machines' recent ones, and
    other targets' files."""
    target = tmp_path / "data.json"
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _leftover(target, _machine(), _dead_pid())
        old = _leftover(target, "ffffffff", 12345, age=2 * 24 * 3600)
        running = _leftover(target, _machine(), alive.pid)
        elsewhere = _leftover(target, "ffffffff", 12346)
        other = _leftover(tmp_path / "other.json", _machine(), _dead_pid())
        atomic_write(target, _data)
        assert not dead.exists()
        assert not old.exists()
        assert running.exists()
        assert elsewhere.exists()
        assert other.exists()
        assert {running, elsewhere} == set(temporary_files(target))
    finally:
        alive.kill()
        alive.wait()


KILLED = """
import sys, time
from pathlib import Path
from danvan._io.writing import atomic_write

def write(stream):
    stream.write(b"half of a big file")
    stream.flush()
    print("writing", flush=True)
    time.sleep(60)

atomic_write(Path(sys.argv[1]), write)
"""


def test_a_write_killed_midway_is_cleaned_by_the_next(tmp_path: Path) -> None:
    """kill -9 during a write leaves the old file and a temporary file; the next write to
    the same target removes it."""
    target = tmp_path / "data.json"
    target.write_bytes(b"old\n")
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert "writing\n" == writer.stdout.readline()  # the temporary file is half written
    writer.kill()
    writer.wait()
    writer.stdout.close()
    assert 1 == len(temporary_files(target))
    assert b"old\n" == target.read_bytes()
    ser.dump(DATASET, target)
    assert DATASET == ser.load(target)
    assert ["data.json"] == [p.name for p in tmp_path.iterdir()]


def test_errors_name_the_target_not_the_temporary_file(tmp_path: Path) -> None:
    """A write that fails (disk full) raises an OSError naming the target."""
    target = tmp_path / "data.json"

    def full(stream: IO[bytes]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left") as caught:
        atomic_write(target, full)
    assert (errno.ENOSPC, str(target)) == (caught.value.errno, caught.value.filename)
    assert [] == list(tmp_path.iterdir())


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    """Writing into a folder that does not exist names the folder."""
    with pytest.raises(FileNotFoundError) as caught:
        ser.dump(DATASET, tmp_path / "no" / "data.json")
    assert str(tmp_path / "no") == caught.value.filename


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".xlsx"])
def test_a_read_only_target_is_refused_unless_asked(tmp_path: Path, suffix: str) -> None:
    """A read-only file (0444; replaced silently before) raises PermissionError naming it,
    unchanged; with replace_read_only=True it is replaced and stays read-only."""
    target = tmp_path / f"data{suffix}"
    target.write_bytes(b"keep me")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only") as caught:
        ser.dump(DATASET, target)
    assert str(target) == caught.value.filename
    assert b"keep me" == target.read_bytes()
    ser.dump(DATASET, target, replace_read_only=True)
    assert DATASET == ser.load(target)
    assert 0o444 == target.stat().st_mode & 0o777


def test_records_and_observations_follow_the_same_policy(tmp_path: Path) -> None:
    """dump_observations and dump_records refuse a read-only target alike."""
    target = tmp_path / "x.csv"
    target.write_bytes(b"keep me")
    target.chmod(0o444)
    with pytest.raises(PermissionError):
        ser.dump_observations(DATASET.observations, target)
    with pytest.raises(PermissionError):
        ser.dump_records(DATASET.sources, target, kind="sources")
    ser.dump_records(DATASET.sources, target, kind="sources", replace_read_only=True)
    assert () == ser.load_records(target, "sources")


def test_a_symbolic_link_is_refused_unless_asked(tmp_path: Path) -> None:
    """A link (made a regular file before) is refused; with follow_symlinks=True the file
    it points to is replaced and the link kept."""
    real = tmp_path / "real.json"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(OSError, match="is a symbolic link") as caught:
        ser.dump(DATASET, link)
    assert str(link) == caught.value.filename
    assert (True, b"keep me") == (link.is_symlink(), real.read_bytes())
    ser.dump(DATASET, link, follow_symlinks=True)
    assert link.is_symlink()
    assert DATASET == ser.load(real)


def test_a_dangling_link_followed_creates_its_target(tmp_path: Path) -> None:
    """Following a link to a file not yet there writes that file."""
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    ser.dump(DATASET, link, follow_symlinks=True)
    assert DATASET == ser.load(tmp_path / "new.json")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_what_is_not_a_file_is_never_replaced(tmp_path: Path, kind: str) -> None:
    """A folder or a pipe at the target's name is refused, whatever is asked."""
    target = tmp_path / "data.json"
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    with pytest.raises(OSError, match="not a regular file"):
        ser.dump(DATASET, target, replace_read_only=True, follow_symlinks=True)
    assert target.is_dir() == (kind == "folder")


def test_a_new_file_is_readable_by_all(tmp_path: Path) -> None:
    """A new file gets mode 0644, not the 0600 of its temporary file."""
    ser.dump(DATASET, tmp_path / "data.json")
    assert 0o644 == (tmp_path / "data.json").stat().st_mode & 0o777
