"""Provenance (来源记录): what produced a report — input hashes, versions, parameters, run time.

``manifest(...)`` returns a plain dict written as ``manifest.json`` beside the report and shown in its appendix.
Only ``run_at`` and ``seconds`` vary between two runs on the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit import codes

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

PACKAGES = ("qlaudit", "pandas", "openpyxl", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "mplfonts")
VOLATILE_KEYS = ("run_at", "seconds")


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(path: Path | None = None) -> str:
    """The commit of the qlaudit checkout, with '+dirty' when it has uncommitted changes; '' outside git."""
    where = path or Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where,
                               capture_output=True, text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + ("+dirty" if dirty else "")


def manifest(workbook: Workbook, parameters: dict[str, object], notebook_sha256: str = "",
             settings_files: list[Path] | None = None) -> dict[str, object]:
    settings = [{"role": "settings", "path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                for p in settings_files or []]
    return {
        "unit": workbook.unit.code,
        "unit_name": workbook.unit.name,
        "year": workbook.year,
        "inputs": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in workbook.inputs] + settings,
        "reference_tables": codes.reference_version(),
        "notebook_sha256": notebook_sha256,
        "qlaudit_commit": git_commit(),
        "versions": package_versions(),
        "parameters": parameters,
        "run_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
