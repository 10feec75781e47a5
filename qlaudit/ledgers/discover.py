"""Which files of a year folder are which ledger: canonical names, the unit's ``files:`` map, the profiles' patterns.

In order: ``<ledger>.csv|.xlsx|.xls|.txt`` (the canonical names); else the ``files:`` map of unit.yaml (file name
patterns, ``{year}`` standing for the year, each naming a ledger and optionally a profile); else the file patterns
of the shipped profiles of that ledger (明细账*.xlsx, *指标台账*, JZPZ*.txt, …). Several files may make one ledger
(one 明细账 per expenditure account). This module only looks at names; reading is :mod:`qlaudit.ledgers.load`.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from pathlib import Path

from qlaudit.i18n import Keyed
from qlaudit.ledgers.importlog import ImportIssue
from qlaudit.ledgers.profiles import for_ledger
from qlaudit.ledgers.read import SUFFIXES

#: Files of a year folder that are never ledgers.
NOT_LEDGERS = ("activities.md", "imports.json", "self_evaluation.txt", "self_evaluation.md", "self_evaluation.docx")
IMPORTS_FILE = "imports.json"


@dataclass(frozen=True)
class LedgerFile:
    path: Path
    profile: str | None  # a profile name or file asked for in unit.yaml; None = detect


def _candidates(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name not in NOT_LEDGERS
                  and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def find_ledger_files(folder: Path, ledger: str, year: int, files_map: dict[str, dict[str, str]] | None = None,
                      profile: str | None = None) -> tuple[list[LedgerFile], ImportIssue | None]:
    """The files of ``ledger`` in a year folder, or an error saying what is missing or ambiguous."""
    canonical = [folder / f"{ledger}{s}" for s in SUFFIXES if (folder / f"{ledger}{s}").is_file()]
    if len(canonical) > 1:
        return [], ImportIssue("error", f"{folder.name}/{ledger}.*", Keyed("issue.csv_and_xlsx"),
                               Keyed("issue.csv_and_xlsx_hint", files=", ".join(p.name for p in canonical)))
    if canonical:
        return [LedgerFile(canonical[0], profile)], None
    others = _candidates(folder)
    mapped: list[LedgerFile] = []
    for pattern, entry in (files_map or {}).items():
        if entry.get("ledger") != ledger:
            continue
        wanted = pattern.replace("{year}", str(year))
        mapped += [LedgerFile(p, entry.get("profile") or profile) for p in others
                   if fnmatch.fnmatch(p.name, wanted) and all(m.path != p for m in mapped)]
    if mapped:
        return mapped, None
    by_pattern = [LedgerFile(p, profile) for p in others
                  if any(pr.matches_file(p.name) for pr in for_ledger(ledger) if not pr.is_canonical)
                  and not _claimed_by_other_ledger(p.name, ledger, files_map)]
    if by_pattern:
        return by_pattern, None
    if others:
        hint = Keyed("issue.ledger_missing_others_hint", ledger=ledger, example=others[0].name,
                     files=", ".join(p.name for p in others[:8]))
        return [], ImportIssue("error", f"{folder.name}/{ledger}", Keyed("issue.ledger_missing_others", ledger=ledger,
                               example=others[0].name, files=", ".join(p.name for p in others[:8])), hint)
    return [], ImportIssue("error", f"{folder.name}/{ledger}", Keyed("issue.ledger_missing", ledger=ledger),
                           Keyed("issue.ledger_missing_hint", ledger=ledger))


def _claimed_by_other_ledger(name: str, ledger: str, files_map: dict[str, dict[str, str]] | None) -> bool:
    return any(fnmatch.fnmatch(name, pattern.replace("{year}", "*")) and entry.get("ledger") != ledger
               for pattern, entry in (files_map or {}).items())


def read_imports(folder: Path, root: Path | None = None) -> dict[str, dict[str, object]]:
    """What ``qlaudit import`` recorded about the canonical files it wrote here: file name → origin. Read only from
    inside ``root`` (the data folder) and within the ``text_bytes`` limit; anything else is no record."""
    from qlaudit import limits
    from qlaudit.paths import OutsideDataFolder, confine

    path = folder / IMPORTS_FILE
    if not path.is_file():
        return {}
    try:
        real = confine((root or folder).resolve(), path).path
        limits.check_file_size(real, "text_bytes")
        data = json.loads(real.read_text(encoding="utf-8"))
        return {str(entry["file"]): dict(entry["source"]) for entry in data.get("files", [])}
    except (ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, OutsideDataFolder,
            limits.LimitExceeded):
        return {}
