"""Is the index on disk the one that was written? Fingerprints of its files, checked on every open.

An index whose files were deleted, truncated or overwritten fails in numpy's or json's depths
(FileNotFoundError, "cannot reshape array", a bad zip file) or, worse, reads records at the wrong
offsets. The manifest therefore records each file's size and a hash, and `damage()` compares them
with what is on disk before anything is read.

Cost: sizes are always compared (one stat per file). Files up to `WHOLE_HASH_BYTES` are hashed
whole; larger ones (postings, terms and stored fields of a big corpus) by their size, first and
last `EDGE_BYTES` and `SAMPLES` evenly spaced blocks — a deleted, truncated, emptied or replaced
file is caught for a few hundred kilobytes of reading, where a whole hash would read every byte on
every open (bench/bench_search.py prints both costs, the first with the manifest read that every
open does anyway). A byte changed in place between the samples of a large file is not caught, and
the search then fails (or ranks) in its own way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WHOLE_HASH_BYTES = 1 << 20
EDGE_BYTES = 1 << 16
SAMPLES = 16
SAMPLE_BYTES = 1 << 12
@dataclass(frozen=True)
class FileDamage:
    """One file of the index that is not as it was written."""

    name: str
    problem: str  # in Chinese: 缺失 / 大小不符（…）/ 内容不符

    def __str__(self) -> str:
        return f"{self.name} {self.problem}"


def fingerprint(path: Path) -> dict[str, Any]:
    """{"size": bytes, "hash": hex} of one file (whole or sampled, see the module docstring)."""
    size = path.stat().st_size
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        if size <= WHOLE_HASH_BYTES:
            digest.update(f.read())
        else:
            step = (size - SAMPLE_BYTES) // (SAMPLES + 1)
            for offset in (0, *(step * i for i in range(1, SAMPLES + 1)), size - EDGE_BYTES):
                f.seek(offset)
                digest.update(f.read(EDGE_BYTES if offset in (0, size - EDGE_BYTES) else SAMPLE_BYTES))
    return {"size": size, "hash": digest.hexdigest()}


def damage(folder: Path, recorded: dict[str, dict[str, Any]] | None) -> list[FileDamage]:
    """What differs between the index files in `folder` and their recorded fingerprints.

    An index with no record (written before fingerprints existed) counts as damaged: it cannot be
    checked, and rebuilding it is the safe answer.
    """
    if recorded is None:
        return [FileDamage("manifest.json", "没有索引文件的校验记录")]
    found = []
    for name, expected in sorted(recorded.items()):
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            found.append(FileDamage(name, "缺失"))
            continue
        if size != expected["size"]:
            found.append(FileDamage(name, f"大小不符（应为 {expected['size']} 字节，实为 {size} 字节）"))
        elif fingerprint(path)["hash"] != expected["hash"]:
            found.append(FileDamage(name, "内容与建索引时不同"))
    return found
