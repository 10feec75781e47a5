"""Where qlaudit may read and write: unit codes and years by pattern, every input inside the data folder.

- A **unit code** is a folder name, never a path: ``[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`` (so no ``/``, no ``..``, no
  absolute path). A **year** is four digits, 1900–2099. Both are checked wherever a unit-year enters: the command
  line, ``qlaudit.open``, the report runner, batch and replay (:func:`check_unit`, :func:`check_year`).
- The **data folder** is the only input root. :func:`confine` resolves a path's symbolic links and refuses it when
  it lands outside the data folder; a link that stays inside is followed and reported (the import log shows it, the
  manifest records it).
- **Outputs** go under ``--out`` only: :func:`output_folder` creates ``OUT/<unit>/…`` as real folders inside it and
  turns a file in the way or a folder without write permission into a one-line usage error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from qlaudit.errors import QlauditError
from qlaudit.i18n import message

UNIT_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
YEAR_PATTERN = re.compile(r"(19|20)\d\d")


class OutsideDataFolder(QlauditError):
    """A path that resolves outside the data folder (a symbolic link leaving it, a link loop)."""


def check_unit(unit: object) -> str:
    """The unit code if it is a plain folder name; else a :class:`QlauditError` (exit 2)."""
    if not isinstance(unit, str) or not UNIT_PATTERN.fullmatch(unit):
        raise QlauditError(message("error.unit_not_safe", unit=unit))
    return unit


def check_year(year: object) -> int:
    """The year as an int if it is four digits 1900–2099 (an int or such a string); else a :class:`QlauditError`."""
    if isinstance(year, bool):
        raise QlauditError(message("error.year_not_year", year=year))
    text = str(year) if isinstance(year, int) or (hasattr(year, "__index__") and not isinstance(year, str)) else year
    if not isinstance(text, str) or not YEAR_PATTERN.fullmatch(text):
        raise QlauditError(message("error.year_not_year", year=year))
    return int(text)


@dataclass(frozen=True)
class Resolved:
    """A path inside the data folder with its symbolic links resolved; ``link`` is the target (relative to the data
    folder) when the path went through a symbolic link, else ''."""

    path: Path
    link: str = ""


def real_root(root: Path | str) -> Path:
    """The data folder itself, resolved once (the folder may be reached through a link: it is the root)."""
    try:
        return Path(root).resolve()
    except (OSError, RuntimeError) as exc:
        raise QlauditError(message("error.data_folder_unresolved", root=root, reason=exc)) from exc


def confine(root: Path, path: Path, display: str | None = None) -> Resolved:
    """``path`` (under the resolved data folder ``root``) with its links resolved; :class:`OutsideDataFolder` when
    it leaves ``root``."""
    shown = display or str(path)
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Python 3.11)
        raise OutsideDataFolder(f"{shown} cannot be resolved ({exc}); a symbolic link loop?") from exc
    if not real.is_relative_to(root):
        raise OutsideDataFolder(f"{shown} is a symbolic link to {real}, outside the data folder {root}; qlaudit reads "
                                "only files inside the data folder (docs/security.md)")
    absolute = path if path.is_absolute() else Path(os.path.abspath(path))
    link = "" if absolute == real else real.relative_to(root).as_posix()
    return Resolved(real, link)


def output_folder(out_root: Path | str, *parts: str) -> Path:
    """``OUT/part/…`` as a real folder inside ``OUT`` (created when missing). A file in the way, a part that is a
    symbolic link leaving ``OUT`` or a folder that cannot be written is a :class:`QlauditError` (exit 2)."""
    root = Path(out_root)
    try:
        if root.exists() and not root.is_dir():
            raise QlauditError(message("error.out_is_file", root=root))
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve()
        folder = root
        for part in parts:
            folder = folder / part
            if folder.is_symlink() and not folder.resolve().is_relative_to(root):
                raise QlauditError(message("error.out_link_leaves", folder=folder, root=root))
            if folder.exists() and not folder.is_dir():
                raise QlauditError(message("error.out_part_is_file", folder=folder))
            folder.mkdir(exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied", str(folder))
    except PermissionError as exc:
        raise QlauditError(message("error.out_permission", folder=exc.filename or root)) from exc
    except OSError as exc:
        raise QlauditError(message("error.out_cannot_create", folder=exc.filename or root, reason=exc.strerror)) from exc
    return folder


def input_files(root: Path, folder: Path) -> list[tuple[str, Path | None]]:
    """Every regular file under ``folder`` (recursively) as (path relative to ``root``, real path), the real path
    None when the file is a symbolic link leaving ``root`` (its content is never read; callers may use the link's
    target name instead). For hashing a unit-year's inputs without reading outside the data folder."""
    out: list[tuple[str, Path | None]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        try:
            real: Path | None = confine(root, path).path
        except OutsideDataFolder:
            real = None
        if real is None or real.is_file():
            out.append((relative, real))
    return out
