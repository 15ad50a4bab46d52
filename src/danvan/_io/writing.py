"""Writing a file atomically: the whole new file, or the old one, never half of either.

A file is written to a temporary file beside it, flushed to the disk, then renamed over
the target; the folder is flushed too where the platform allows, so that the rename
survives a crash. The temporary file is named for its target and for danvan
(``.data.json.danvan-1a2b3c4d-4242-k3j5x9.tmp``: target, machine, process, random);
a crash can leave one behind, and the next write to the same target removes those whose
process is gone (or, written from another machine, that are a day old).

What is not an ordinary writable file is refused unless the caller asks:

- a read-only target (no write permission, or mode 0444) is replaced only with
  ``replace_read_only=True`` (it keeps its mode);
- a symbolic link is refused, or with ``follow_symlinks=True`` the file it points to is
  replaced, and the link kept;
- a folder, device or pipe is always refused.

Errors name the target, not the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "temporary_files"]

_SUFFIX = ".tmp"
_STALE_AFTER = 24 * 3600  # seconds: no write takes a day


def _machine() -> str:
    """A short tag of this machine, so that a process id is only judged here."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _prefix(target: Path) -> str:
    return f".{target.name}.danvan-"


def temporary_files(target: Path) -> list[Path]:
    """The temporary files of writes to ``target`` (a crash may have left some)."""
    prefix = _prefix(target)
    try:
        with os.scandir(target.parent) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if entry.name.startswith(prefix) and entry.name.endswith(_SUFFIX)
            ]
    except OSError:
        return []


def _is_stale(temp: Path, target: Path, machine: str) -> bool:
    """Whether ``temp`` belongs to a write that is over: its process is gone, or it is old."""
    tag, _, rest = temp.name[len(_prefix(target)) :].partition("-")
    pid_text = rest.partition("-")[0]
    try:
        age = time.time() - temp.stat().st_mtime
    except OSError:
        return False
    if age > _STALE_AFTER:
        return True
    if tag != machine or os.name != "posix" or not pid_text.isdigit():
        return False  # another machine's process cannot be asked after
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this process writes it (another thread)
    try:
        os.kill(pid, 0)  # signal 0 asks whether the process exists (POSIX only)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, but belongs to someone else
        return False
    return False


def _clean(target: Path, machine: str) -> None:
    for temp in temporary_files(target):
        if _is_stale(temp, target, machine):
            # Another write may have cleaned it first; a leftover that stays is harmless.
            with contextlib.suppress(OSError):
                temp.unlink()


def _named(error: OSError, target: Path) -> OSError:
    """The same error, naming the target (not a temporary file)."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror or os.strerror(error.errno), str(target))


def _sync_folder(folder: Path) -> None:
    """Flush the folder, so that the rename is on the disk (not possible everywhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the data itself is flushed
    finally:
        os.close(fd)


def _target(path: Path, *, replace_read_only: bool, follow_symlinks: bool) -> tuple[Path, int]:
    """The file to replace (``path``, or what it links to), and the mode the new one gets.

    Raises:
        OSError: the target is refused (read-only, a link, not a file), or its folder
            does not exist.
    """
    if path.is_symlink():
        if not follow_symlinks:
            raise OSError(
                errno.EPERM,
                f"is a symbolic link to {os.readlink(path)!r}; pass follow_symlinks=True "
                "to replace the file it points to",
                str(path),
            )
        path = Path(os.path.realpath(path))
    if not path.parent.is_dir():  # say so, rather than name the temporary file
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    try:
        status = path.stat()
    except FileNotFoundError:
        return path, 0o644
    except OSError as error:
        raise _named(error, path) from None
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EEXIST, "is not a regular file; danvan replaces only files", str(path))
    mode = stat.S_IMODE(status.st_mode)
    read_only = not mode & 0o222 or not os.access(path, os.W_OK)
    if read_only and not replace_read_only:
        raise PermissionError(
            errno.EACCES,
            "is read-only; pass replace_read_only=True to replace it",
            str(path),
        )
    return path, mode


def atomic_write(
    path: Path,
    write: Callable[[IO[bytes]], None],
    *,
    replace_read_only: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write a file through a temporary file beside it, then rename it in place.

    Args:
        path: The file to write.
        write: Writes the content to the stream it is given.
        replace_read_only: Replace a target without write permission (it keeps its mode).
        follow_symlinks: Replace the file a symbolic link points to, keeping the link.

    Raises:
        OSError: the target is refused (see the module), or cannot be written; the error
            names the target.
    """
    path, mode = _target(path, replace_read_only=replace_read_only, follow_symlinks=follow_symlinks)
    machine = _machine()
    _clean(path, machine)
    name = f"{_prefix(path)}{machine}-{os.getpid()}-{secrets.token_hex(4)}{_SUFFIX}"
    temp = path.with_name(name)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as error:
        raise _named(error, path) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # The file was made private (0600) while written; it takes the target's mode.
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _named(error, path) from None
        raise
    _sync_folder(path.parent)
