"""The derived columns of the engine's expenditures table, cached on the exact content of the ledger they come from.

``prepare_expenditures`` adds to the loaded lines the columns the rules' SQL needs and cannot compute well: the text
keys of ``qlaudit.ledgers.keys`` (normalised payee and 摘要, stem, periods, voucher word and number), ledger and
evidence order, month, group codes. On a district-sized ledger that is the largest cost of opening the engine
(about 2 s CPU at 10^6 lines), and it is the same on every rerun: auditors run ``check``, the notebook, ``report``
and ``batch`` on the same ledgers again and again. So the derived columns are kept, like the import cache keeps the
parsed frame, under ``$QLAUDIT_CACHE_DIR/derived`` (``QLAUDIT_NO_CACHE=1`` turns it off, as for imports).

The key is the SHA-256 of the exact values of every column of the lines (:func:`fingerprint`: type, length, nulls,
the bytes of each value, chunk by chunk) and of the code that derives the columns (this package's engine and the key
functions, pyarrow's version for its Unicode kernels, Python's Unicode version for the reference functions). Any
changed cell, row, order or version is a miss; nothing about a file name or a date decides. A hit gives the same
columns, value for value (tests/columnar/test_derived.py); an entry that cannot be read or written is ignored (the
columns are computed, it only costs time). Entries are uncompressed Arrow IPC files, memory-mapped when read: no
decoding, the pages come from the operating system's file cache as the queries touch them (about 230 MB for 10^6
lines, a little more than the CSV export they come from). Compressed with LZ4 they were a third of that, and
``check`` at 10^6 lines took 1.3 s more CPU (decoding into fresh memory; interleaved runs, 5 each).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

from qlaudit.ledgers.cache import cache_dir as import_cache_dir
from qlaudit.ledgers.cache import enabled

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The code whose output is cached: a change of any of these files is a miss.
DERIVED_BY = ("columnar/engine.py", "columnar/derived.py", "ledgers/keys.py")
FORMAT = "2"


def cache_dir() -> Path:
    """Beside the import cache: ``$QLAUDIT_CACHE_DIR/derived``."""
    return import_cache_dir().parent / "derived"


def _code_version() -> bytes:
    digest = hashlib.sha256(f"{FORMAT}|{pa.__version__}|{unicodedata.unidata_version}".encode())
    for name in DERIVED_BY:
        digest.update(name.encode())
        digest.update(hashlib.sha256((PACKAGE_DIR / name).read_bytes()).digest())
    return digest.digest()


class Unhashable(Exception):
    """A column type :func:`fingerprint` does not read (the derived columns are then computed, not cached)."""


def _chunk_content(chunk: pa.Array, with_nulls: bool) -> tuple[bytes, bytes | memoryview, bytes]:
    """One chunk's (value lengths, value bytes, validity) exactly, from the part of the buffers it covers (a slice of
    a larger array gives its own values); concatenated over the chunks of a column they do not depend on where the
    chunks begin and end."""
    kind, n, offset = chunk.type, len(chunk), chunk.offset
    valid = chunk.is_valid().to_numpy(zero_copy_only=False).tobytes() if with_nulls else b""
    buffers = chunk.buffers()
    if n == 0:
        return b"", b"", b""  # nothing to add to any of the three
    if pa.types.is_large_string(kind) or pa.types.is_string(kind):
        dtype = np.int64 if pa.types.is_large_string(kind) else np.int32
        offsets = np.frombuffer(buffers[1], dtype=dtype)[offset: offset + n + 1].astype(np.int64)
        data = memoryview(buffers[2])[int(offsets[0]):int(offsets[-1])] if buffers[2] is not None else b""
        return np.diff(offsets).tobytes(), data, valid
    if pa.types.is_boolean(kind):
        return b"", chunk.fill_null(False).to_numpy(zero_copy_only=False).tobytes(), valid
    if pa.types.is_integer(kind) or pa.types.is_timestamp(kind) or pa.types.is_floating(kind):
        width = kind.bit_width // 8
        return b"", memoryview(buffers[1])[offset * width: (offset + n) * width], valid
    raise Unhashable(str(kind))


def fingerprint(table: pa.Table) -> str:
    """SHA-256 of the exact content of ``table``: the code version, column names and types, and every value with
    its length and nulls (see :func:`_chunk_content`); the same values give the same fingerprint whatever the
    chunks."""
    digest = hashlib.sha256(_code_version())
    for name, column in zip(table.column_names, table.columns, strict=True):
        digest.update(f"\x00{name}\x00{column.type}\x00{len(column)}\x00{column.null_count}\x00".encode())
        lengths, data, valid = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
        for chunk in column.chunks:
            chunk_lengths, chunk_data, chunk_valid = _chunk_content(chunk, column.null_count > 0)
            lengths.update(chunk_lengths)
            data.update(chunk_data)
            valid.update(chunk_valid)
        digest.update(lengths.digest() + data.digest() + valid.digest())
    return digest.hexdigest()


def derived_columns(lines: pa.Table, compute: Callable[[], pa.Table]) -> pa.Table:
    """The columns ``compute()`` derives from ``lines``: read from the cache when ``lines`` was seen before, else
    computed and stored."""
    if not enabled():
        return compute()
    try:
        key = fingerprint(lines)
    except Unhashable:
        return compute()
    path = cache_dir() / f"{key}.arrow"
    if path.is_file():
        try:
            with pa.memory_map(str(path)) as source:  # the table keeps the mapping; closing the handle does not end it
                table = ipc.open_file(source).read_all()
            if table.num_rows == lines.num_rows:
                return table
        except (OSError, pa.ArrowException):
            pass  # a damaged entry is a miss
    table = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".arrow.tmp", delete=False) as tmp:
            tmp_path = Path(tmp.name)
        with ipc.new_file(str(tmp_path), table.schema) as writer:
            writer.write_table(table)
        os.replace(tmp_path, path)
    except (OSError, pa.ArrowException):
        pass
    return table
