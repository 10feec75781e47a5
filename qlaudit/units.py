"""Units by code or by name: ``--unit 区妇联`` finds the unit whose unit.yaml says ``short_name: 区妇联``.

Resolution maps what the user typed to a unit **code** (a folder name under the data folder); the code is then
checked by pattern as everywhere else (:func:`qlaudit.paths.check_unit`). Only the data folder's own unit folders
are looked at, and each ``unit.yaml`` only when it stays inside the data folder (:func:`qlaudit.paths.confine`).

Order: a unit folder of that exact name; else a unit whose code, ``name`` or ``short_name`` equals the text; else
one whose ``name`` or ``short_name`` contains it. Several candidates → an error listing them; none → an error listing
the known units (both exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qlaudit import safe_yaml
from qlaudit.errors import QlauditError
from qlaudit.i18n import message
from qlaudit.paths import UNIT_PATTERN, OutsideDataFolder, check_unit, confine, real_root

MAX_UNITS = 10_000


@dataclass(frozen=True)
class KnownUnit:
    code: str
    name: str = ""
    short_name: str = ""

    def label(self) -> str:
        names = " / ".join(n for n in (self.name, self.short_name) if n and n != self.code)
        return f"{self.code}（{names}）" if names else self.code


def _names(root: Path, code: str) -> KnownUnit:
    path = root / code / "unit.yaml"
    if not (path.is_file() or path.is_symlink()):
        return KnownUnit(code)
    try:
        real = confine(root, path, f"{code}/unit.yaml").path
        data = safe_yaml.load(real.read_text(encoding="utf-8"), f"{code}/unit.yaml")
    except (OutsideDataFolder, OSError, UnicodeDecodeError, QlauditError, ValueError):
        return KnownUnit(code)  # the loader reports the problem when the unit is opened
    if not isinstance(data, dict):
        return KnownUnit(code)
    name, short = data.get("name"), data.get("short_name")
    return KnownUnit(code, name if isinstance(name, str) else "", short if isinstance(short, str) else "")


def known_units(data_dir: Path | str) -> list[KnownUnit]:
    """The unit folders of the data folder (names that are valid codes) with their names from unit.yaml."""
    root = real_root(data_dir)
    if not root.is_dir():
        return []
    codes = sorted(p.name for p in root.iterdir() if UNIT_PATTERN.fullmatch(p.name) and p.is_dir())[:MAX_UNITS]
    return [_names(root, code) for code in codes]


def resolve_unit(text: str, data_dir: Path | str, *, must_exist: bool = True) -> str:
    """The unit code ``text`` stands for. ``must_exist=False`` (``qlaudit import`` creating a unit) lets a valid
    code through when no unit has that name."""
    root = real_root(data_dir)
    if UNIT_PATTERN.fullmatch(text) and (root / text).is_dir():
        return check_unit(text)
    units = known_units(root)
    exact = [u for u in units if text and text in (u.code, u.name, u.short_name)]
    partial = [u for u in units if len(text) >= 2 and (text in u.name or text in u.short_name)]
    found = exact or partial
    if len(found) == 1:
        return check_unit(found[0].code)
    if len(found) > 1:
        raise QlauditError(message("units.ambiguous", text=text, count=len(found),
                                   candidates="；".join(u.label() for u in found)))
    if not UNIT_PATTERN.fullmatch(text) and not re.search(r"[\u4e00-\u9fff]", text):
        check_unit(text)  # neither a name nor a safe code: the pattern's own message (a path is never a unit)
    if not must_exist:
        return text
    known = "；".join(u.label() for u in units) or message("units.none")
    raise QlauditError(message("units.unknown", text=text, data=root.name, known=known))
