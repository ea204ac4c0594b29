"""Write files atomically and never over a user's file unless asked.

A missing output folder is created. The bytes go to a temporary file beside the
target, are flushed to disk, then linked into place: an interrupted run leaves
either the whole file or nothing, and without ``force`` an existing file is never
replaced, even by a race with another process.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError


class OutputExists(InputError):
    def __init__(self, path: Path):
        super().__init__(f"{path}: 文件已存在，如需覆盖请加 --force / file exists; use --force to overwrite")
        self.path = path


class OutputError(InputError):
    """The output cannot be written there (no such device, no permission, disk full…)."""


def make_folder(folder: str | Path) -> Path:
    """``folder`` and any missing parents created; OutputError naming it when it cannot be (a file
    of that name is in the way, no permission, a read-only file system…)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: 不是文件夹（已有同名文件） / not a folder: a file of that name exists") from None
    except OSError as exc:
        raise OutputError(f"{folder}: 无法创建文件夹 / cannot create the folder: {exc.strerror or exc}") from None
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes | Iterable[bytes], force: bool = False, durable: bool = True) -> Path:
    """Write ``data`` (bytes, or pieces of bytes written one after another without being joined
    in memory) to ``path`` atomically, with the permissions the user's umask gives a new
    file; OutputExists if it exists and not ``force``, OutputError if it cannot be written.
    ``durable``: flushed to disk before it appears (a batch syncs once at its end instead)."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExists(path)
    try:
        return _write(path, data, force, durable)
    except OSError as exc:
        raise OutputError(f"{path}: 无法写入 / cannot write: {exc.strerror or exc}") from None


def _write(path: Path, data: bytes | Iterable[bytes], force: bool, durable: bool = True) -> Path:
    make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it 0600; colleagues on a shared folder must read it
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (bytes, bytearray, memoryview)):
                handle.write(data)
            else:
                handle.writelines(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise OutputExists(path) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise OutputExists(path) from None
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
