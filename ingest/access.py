"""Why a path cannot be used: missing, a looping or broken link, or not ours to read.

One place turns the operating system's errors into an :class:`IngestError` that names the
path and says what to do, for files and for folders alike.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ingest.errors import IngestError

_DENIED = (errno.EACCES, errno.EPERM)


def path_error(path: Path | str, exc: BaseException, *, folder: bool = False) -> IngestError:
    """The error for ``path`` given what the OS raised (``OSError``, or pathlib's
    ``RuntimeError`` for a symlink loop)."""
    name = str(path)
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        return IngestError(name, "symlink_loop", "is a symbolic link that loops back on itself",
                           "point the link at a real file or folder, or remove it")
    if code == errno.ENOENT and os.path.islink(name):
        return IngestError(name, "broken_link",
                           f"is a symbolic link to {os.readlink(name)!r}, which does not exist",
                           "point the link at a real file or folder, or remove it")
    if code == errno.ENOENT:
        return IngestError(name, "not_found", "no such file",
                           "check the path (folders are expanded by `graphmap add`)")
    if code in _DENIED:
        what, mode = ("folder", "u+rx") if folder else ("file", "u+r")
        return IngestError(name, "unreadable", f"permission denied: you may not read this {what}",
                           f"allow reading it (chmod {mode} '{name}') or run graphmap as a "
                           "user who may")
    reason = getattr(exc, "strerror", None) or str(exc)
    return IngestError(name, "unreadable", f"cannot read it ({reason})",
                       "check that it exists and you may read it")


def resolve(path: Path | str) -> Path:
    """The absolute real path of an existing ``path``.

    Raises
    ------
    IngestError
        When it is missing, a looping or broken link, or inside a folder we may not enter.
    """
    try:
        return Path(path).expanduser().resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise path_error(path, exc) from None


def key(path: Path | str) -> str:
    """The path a file is stored under: resolved when it exists, else absolute (so a broken
    or looping link is named as given, not by where it points)."""
    try:
        return str(Path(path).resolve(strict=True))
    except (OSError, RuntimeError):
        return os.path.abspath(path)
