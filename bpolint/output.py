"""Writing an output (report, SARIF, baseline, annotated copy) without ever losing data.

One function, :func:`write_output` (or :func:`streamed_output` for content written piece by piece), for every
command:

* ``None`` or ``-``: standard output.
* A regular file, or a path where nothing exists yet: the content goes to a temporary
  file in the target's directory, which is then renamed over the target, so a reader
  never sees half a report and a failure or Ctrl-C leaves the old file as it was and
  no temporary file behind. A new file gets the mode a newly created file gets (0666
  less the umask); a file that is replaced keeps its mode (and, where permitted, its
  owner).
* A symlink: written through. The link stays a link; the file it points to is
  replaced as above (a dangling link's target is created).
* A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe): opened and
  written directly, never replaced; so is anything reached through ``/proc``
  (``/dev/stdout`` is a link to ``/proc/self/fd/1``).
* An input file (the same file, however it is reached): refused with E107.
"""
from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import BpolintError

StrPath = str | os.PathLike


def write_output(target: StrPath | None, content: str | bytes, inputs: Iterable[StrPath] = ()) -> None:
    """Write ``content`` (text as UTF-8) to ``target``; see the module notes for what that means."""
    with streamed_output(target, inputs) as write:
        write(content)


@contextmanager
def streamed_output(target: StrPath | None, inputs: Iterable[StrPath] = ()) -> Iterator[Callable[[str | bytes], None]]:
    """Like :func:`write_output`, for content written piece by piece: yields ``write(text)``.

    A regular file is written to its temporary file and renamed over the target only
    when the block ends without an exception; otherwise the old file stays as it was.
    """
    if target is None or str(target) == "-":
        yield _to_stdout
        return
    name = str(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _cannot(name, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise BpolintError("E105", name, None, {"detail": "it is a directory"})
    refuse_input(name, inputs)
    if info is not None and (not stat.S_ISREG(info.st_mode) or _through_proc(target)):
        fd = _open_in_place(name, target)
        try:
            yield _writer(name, fd)
        finally:
            os.close(fd)
        return
    final = Path(os.path.realpath(target))
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot(name, exc) from None
    tmp, fd = _create_temporary(name, final)
    try:
        try:
            yield _writer(name, fd)
            if info is not None:
                _keep_mode_and_owner(fd, info)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, final)
    except BaseException as exc:  # KeyboardInterrupt too: no temporary file is left behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot(name, exc) from None
        raise


def _writer(name: str, fd: int) -> Callable[[str | bytes], None]:
    def write(content: str | bytes) -> None:
        try:
            _write_all(fd, content.encode("utf-8") if isinstance(content, str) else content)
        except OSError as exc:
            raise _cannot(name, exc) from None
    return write


def refuse_input(target: StrPath, inputs: Iterable[StrPath]) -> None:
    """Raise E107 if ``target`` is one of ``inputs`` (same file, through links or not)."""
    try:
        out = os.stat(target)
    except OSError:
        return  # nothing there: it cannot be an input
    if not stat.S_ISREG(out.st_mode):
        return
    for path in inputs:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (out.st_dev, out.st_ino):
            raise BpolintError("E107", str(target), None, {"detail": f"it is {path}"})


def _to_stdout(content: str | bytes) -> None:
    import click  # click handles the console's encoding and strips colour from pipes

    click.echo(content, nl=False)


def _through_proc(target: StrPath) -> bool:
    """Whether resolving ``target`` passes a /proc link (``/dev/stdout``, ``/dev/fd/1``):
    those name an open descriptor, which must be written, not replaced by a new file."""
    path = os.path.abspath(target)
    for _ in range(40):  # the kernel's own limit on links followed
        parent, leaf = os.path.split(path)
        path = os.path.join(os.path.realpath(parent), leaf)
        if path.startswith("/proc/"):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
    return False


def _open_in_place(name: str, target: StrPath) -> int:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _cannot(name, exc) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            # Standard output redirected to a file: write after what is already there.
            os.lseek(fd, 0, os.SEEK_END)
    except OSError as exc:
        os.close(fd)
        raise _cannot(name, exc) from None
    return fd


def _create_temporary(name: str, final: Path) -> tuple[Path, int]:
    """A new file beside ``final``, created with mode 0666 so that the umask applies,
    exactly as for any newly created file (``mkstemp`` would make it 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for attempt in range(100):
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{attempt}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _cannot(name, exc) from None
    raise BpolintError("E105", name, None, {"detail": f"cannot create a temporary file in {final.parent}"})


def _keep_mode_and_owner(fd: int, old: os.stat_result) -> None:
    """The replaced file's permissions (without set-id bits) and, as root, its owner."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o1777)
    if hasattr(os, "fchown") and hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except OSError:
            pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _cannot(name: str, exc: OSError) -> BpolintError:
    return BpolintError("E105", name, None, {"detail": exc.strerror or str(exc)})
