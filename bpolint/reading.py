"""Reading an input file: read-only, regular files only, never more than a limit.

The size is checked on the opened file (``fstat``), so a file swapped between a check
and the read cannot slip past it, and the bytes are read in bounded chunks, so a file
that grows while it is read stops at the limit too. Devices, FIFOs and sockets are
refused before they are opened for reading (a symlink to ``/dev/zero`` would never
end, a FIFO would block) and again on the opened descriptor.
"""
from __future__ import annotations

import errno
import os
import stat

from .errors import BpolintError

CHUNK_BYTES = 1024 * 1024

# O_NONBLOCK: opening a FIFO that slipped past the first check must not wait for a writer.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def stat_input(path: str | os.PathLike, name: str) -> os.stat_result:
    """``os.stat`` (links followed), with failures as coded errors naming ``name``."""
    try:
        return os.stat(path)
    except (OSError, ValueError) as exc:
        raise _os_error(name, exc) from None


def read_input(path: str | os.PathLike, name: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``limit`` of them.

    Raises E101 (missing), E311 (permission denied), E312 (device, FIFO, socket),
    E304 (too large) or E308 (any other read failure), naming ``name``.
    """
    kind = file_kind(stat_input(path, name).st_mode)
    if kind:
        raise BpolintError("E312", name, detail={"kind": kind})
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        raise _os_error(name, exc) from None
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind:
            raise BpolintError("E312", name, detail={"kind": kind})
        if info.st_size > limit:
            raise BpolintError("E304", name, detail={"size": info.st_size, "limit": limit})
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(CHUNK_BYTES, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise BpolintError("E304", name, detail={"size": f"more than {limit}", "limit": limit})
        return b"".join(chunks)
    except OSError as exc:
        raise _os_error(name, exc) from None
    finally:
        os.close(fd)


def _os_error(name: str, exc: OSError | ValueError) -> BpolintError:
    if isinstance(exc, ValueError):  # an embedded NUL in the path
        return BpolintError("E308", name, detail={"detail": str(exc)})
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return BpolintError("E101", name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return BpolintError("E311", name)
    return BpolintError("E308", name, detail={"detail": exc.strerror or str(exc)})
