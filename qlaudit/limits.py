"""Resource limits on what qlaudit reads: a file too large, too wide or too deep is an input error, never a hang.

Ledger files, ``unit.yaml``, ``activities.md`` and the other inputs are untrusted (docs/security.md). Every reader
checks the limits below *before* it builds anything whose size the input controls, and a limit reached is raised as
:class:`LimitExceeded` naming the limit, its value and the environment variable that changes it.

| limit | default | environment variable | what it bounds |
|---|---|---|---|
| ``file_bytes`` | 512 MiB | ``QLAUDIT_LIMIT_FILE_BYTES`` | the size of one ledger file |
| ``text_bytes`` | 16 MiB | ``QLAUDIT_LIMIT_TEXT_BYTES`` | unit.yaml, activities.md, a profile, an oplog, imports.json |
| ``rows`` | 2,000,000 | ``QLAUDIT_LIMIT_ROWS`` | rows of one sheet or text file |
| ``columns`` | 512 | ``QLAUDIT_LIMIT_COLUMNS`` | columns of one sheet or text file |
| ``cells`` | 5,000,000 | ``QLAUDIT_LIMIT_CELLS`` | rows × columns of one spreadsheet sheet (held as Python cells) |
| ``cell_chars`` | 32,767 | ``QLAUDIT_LIMIT_CELL_CHARS`` | characters in one cell (Excel's own limit) |
| ``unzipped_bytes`` | 512 MiB | ``QLAUDIT_LIMIT_UNZIPPED_BYTES`` | an .xlsx/.ods/.docx after decompression (zip bombs) |
| ``yaml_aliases`` | 100 | ``QLAUDIT_LIMIT_YAML_ALIASES`` | aliases (``*name``) in one YAML file |
| ``yaml_depth`` | 32 | ``QLAUDIT_LIMIT_YAML_DEPTH`` | nesting of one YAML file |
| ``yaml_nodes`` | 100,000 | ``QLAUDIT_LIMIT_YAML_NODES`` | YAML nodes once aliases are expanded (alias bombs) |

Byte limits accept a K, M or G suffix (``QLAUDIT_LIMIT_FILE_BYTES=2G``). The limits are read from the environment
at each use, so a setting reaches every process of a run (batch workers, the report kernel). They are part of the
import cache key: a file loaded under other limits is loaded again.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from qlaudit.errors import QlauditError
from qlaudit.i18n import message

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 512 * MIB
    text_bytes: int = 16 * MIB
    rows: int = 2_000_000
    columns: int = 512
    cells: int = 5_000_000
    cell_chars: int = 32_767
    unzipped_bytes: int = 512 * MIB
    yaml_aliases: int = 100
    yaml_depth: int = 32
    yaml_nodes: int = 100_000

    def fingerprint(self) -> str:
        return ",".join(str(v) for v in astuple(self))


DEFAULTS = Limits()


def env_name(limit: str) -> str:
    return f"QLAUDIT_LIMIT_{limit.upper()}"


class LimitExceeded(QlauditError):
    """An input reached a resource limit. ``str()`` names the limit; ``hint`` says how to change it."""

    def __init__(self, what: str, limit: str, value: int) -> None:
        self.limit, self.value = limit, value
        self.what = what
        super().__init__(f"{what}: over the limit {limit} = {value:,}")
        self.hint = (f"check that this is the right file; if it really is this large, raise the limit with "
                     f"{env_name(limit)} (docs/security.md)")


_SUFFIXES = {"K": 1024, "M": MIB, "G": 1024 * MIB}


def _parse(name: str, text: str) -> int:
    raw = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    if raw and raw[-1] in _SUFFIXES:
        factor, raw = _SUFFIXES[raw[-1]], raw[:-1]
    raw = raw.replace("_", "").replace(",", "")
    if not raw.isdigit() or int(raw) <= 0:
        raise QlauditError(message("error.limit_not_number", name=env_name(name), text=text))
    return int(raw) * factor


def current() -> Limits:
    """The limits in force: the defaults, each overridden by its ``QLAUDIT_LIMIT_*`` environment variable."""
    changed = {f.name: _parse(f.name, os.environ[env_name(f.name)]) for f in fields(Limits)
               if os.environ.get(env_name(f.name), "").strip()}
    return Limits(**changed) if changed else DEFAULTS


def check(what: str, limit: str, value: int, limits: Limits | None = None) -> None:
    """Raise :class:`LimitExceeded` when ``value`` is over the limit named ``limit``."""
    bound = getattr(limits or current(), limit)
    if value > bound:
        raise LimitExceeded(f"{what} ({value:,})", limit, bound)


def check_file_size(path: Path, limit: str = "file_bytes", limits: Limits | None = None) -> int:
    """The size of a regular file, checked against ``limit`` before it is read."""
    size = path.stat().st_size
    check(f"{path.name} has {size:,} bytes", limit, size, limits)
    return size


class DamagedArchive(QlauditError):
    """A zip container whose parts do not decompress to what its directory says."""


def check_zip(data: bytes | Path, what: str, limits: Limits | None = None,
              inspect: Callable[[str, bytes, bool], None] | None = None) -> None:
    """A zip container (.xlsx, .ods, .docx) within ``unzipped_bytes`` once decompressed, checked before any reader
    opens it: first the sizes its directory declares, then the bytes each part really gives (a part may lie about
    its size; it is decompressed in chunks and counted, never held whole). A part that does not decompress to its
    declared size and checksum raises :class:`DamagedArchive`; an archive that cannot be opened at all is left to
    the reader, which reports it. ``inspect(part name, chunk, first)`` sees every decompressed chunk (the .xlsx
    reader looks for sheet dimensions and formulas there) without a second decompression."""
    import io

    limits = limits or current()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        infos = archive.infolist()
        declared = sum(i.file_size for i in infos)
        check(f"{what} declares {declared:,} bytes once decompressed", "unzipped_bytes", declared, limits)
        total = 0
        for info in infos:
            try:
                with archive.open(info) as part:
                    first = True
                    while chunk := part.read(1 << 20):
                        total += len(chunk)
                        check(f"{what} decompresses to more than {total:,} bytes", "unzipped_bytes", total, limits)
                        if inspect is not None:
                            inspect(info.filename, chunk, first)
                        first = False
            except (RuntimeError, NotImplementedError):
                return  # encrypted or an unknown compression: the reader says it cannot read the file
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
                raise DamagedArchive(f"{what}: part {info.filename} is damaged ({exc})") from exc
