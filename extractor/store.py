"""Files the tool writes: checked before any work, replaced atomically, never through a device.

One home for writing: every output (run records, reports, gold files, exports) goes through
`check_target` before the work starts and `write_atomic` when it is done, so a target that
cannot be written fails in one line before minutes of model time are spent, and a reader
never sees a half-written file.

Symlinks are followed deliberately: the file the link points to is written (the link stays
a link), as shells and editors do. Anything that is not a regular file -- a directory, a
device such as /dev/null or /dev/full, a FIFO, a socket -- is refused: replacing /dev/null
with a regular file (as root) or reading /dev/full without end (on resume) is never what the
user meant.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class TargetError(ValueError):
    """An output path that cannot be written; the message is one line naming it."""


def resolve_target(path: Path) -> Path:
    """The path writes go to: a symlink's final target, else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_target(path: Path, what: str = "output") -> Path:
    """Refuse an output path that is not a regular file (or absent) in a writable directory.

    Probes for real (opens the file for appending without changing it, creates and removes
    a temporary file beside it) so read-only file systems and permissions are caught even
    for root, for whom permission bits say nothing. Returns the path writes go to."""
    target = resolve_target(path)
    if path.is_symlink() and not target.parent.exists():
        raise TargetError(f"{path}: {what} is a symlink to {target}, whose directory is missing")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise TargetError(f"{path}: cannot use as {what}: {error.strerror or error}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a device or pipe)"
        raise TargetError(f"{path}: {what} is {kind}; give a file path")
    directory = _existing_ancestor(target.parent)
    if not directory.is_dir():
        raise TargetError(f"{path}: cannot create {what}: {directory} is not a directory")
    try:
        if mode is not None:
            # Append mode with nothing written: the file is unchanged, but EACCES/EROFS show.
            with open(target, "a", encoding="utf-8"):
                pass
        if directory == target.parent:
            fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=directory)
            os.close(fd)
            os.unlink(probe)
        elif not os.access(directory, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as error:
        reason = error.strerror or str(error)
        raise TargetError(f"{path}: {what} cannot be written: {reason}") from None
    return target


def _existing_ancestor(directory: Path) -> Path:
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    return directory


def write_atomic(path: Path, text: str) -> None:
    """Write text so that readers see the old file or the new one, never half of either.

    A symlink's target is replaced (the link survives); a non-regular file is refused."""
    target = check_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make reports private to their writer
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_lines(path: Path) -> tuple[list[str], bool]:
    """The lines of a JSONL file and whether its last line is torn.

    The one rule for JSONL written here: every record is one line ending in a newline,
    written in one call, so a last line with no newline is a record cut by a crash (whatever
    character it happens to end with) and is the only line a reader may skip."""
    target = resolve_target(path)
    if target.exists() and not target.is_file():
        raise TargetError(f"{path}: not a regular file")
    text = target.read_text(encoding="utf-8")
    torn = bool(text) and not text.endswith("\n")
    return text.splitlines(), torn
