"""Writing files so that nobody ever sees half of one: the one atomic-write helper.

Content files, generated documents and the search index's manifest all go through `write_atomic`:
the data goes into a temporary file in the same folder, is flushed to disk, and replaces the
target in one rename. A crash or a full disk leaves the old file as it was, and the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with \\n line ends).

    The new file gets the permissions of the file it replaces, or those a new file gets under the
    user's umask (tempfile.mkstemp would make it 0600, unreadable to a web server or a colleague).
    Raises OSError naming `path` (the folder does not exist, is read-only, the disk is full …).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the kernel applies the umask
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:  # name the file the caller asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
