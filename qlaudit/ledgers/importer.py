"""``qlaudit import``: read source exports under their profiles and write the canonical ledgers of a unit-year.

Each file's ledger comes from its profile (asked for, or detected among all ledgers' profiles). Without preview the
kept rows are written as ``data/<unit>/<year>/<ledger>.csv`` (UTF-8, the contract's Chinese headers, amounts in 元
with 2 decimals, categories by their Chinese labels) — only when every file loaded without an error, never over an
existing file unless forced — and ``imports.json`` beside them records each source file's SHA-256, profile and
counts. The source files are only read. Rendering the preview is :mod:`qlaudit.ledgers.preview`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from qlaudit.i18n import Keyed, message
from qlaudit.ledgers import detect, schema
from qlaudit.ledgers.discover import IMPORTS_FILE
from qlaudit.ledgers.importlog import FileImport, ImportIssue
from qlaudit.ledgers.load import OUTPUT_COLUMNS, load_ledger
from qlaudit.ledgers.profiles import Profile, find_profile
from qlaudit.ledgers.read import UnreadableFile, read_file
from qlaudit.money import fen_to_yuan

CATEGORY_COLUMNS = ("source", "budget_type", "expense_kind", "direction", "in_initial_budget")
UNRECOGNISED = "unrecognised"  # the ledger of a file whose header matches none (catalogue: ledger.unrecognised)


class ImportRefused(Exception):
    """The canonical files were not written (an existing file, or input errors); carries the reason."""


@dataclass
class ImportedFile:
    path: Path
    ledger: str
    frame: pd.DataFrame
    record: FileImport


@dataclass
class ImportResult:
    files: list[ImportedFile]
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(not f.record.errors for f in self.files)


def detect_ledger(path: Path, profile: Profile | None) -> str | None:
    """The ledger a file holds: its profile's, or the ledger whose best layout fits the file completely."""
    if profile is not None:
        return profile.ledger
    try:
        source = read_file(path)
    except UnreadableFile:
        return None
    best: tuple[tuple[int, int, int], str] | None = None
    for ledger in schema.LEDGERS:
        choice = detect.choose(source, ledger, path.name)
        if choice is None or not choice.sheets:
            continue
        top = choice.sheets[0]
        score = (1 if top.complete else 0, 0 if choice.profile.is_canonical else 1, len(top.header.columns))
        if best is None or score > best[0]:
            best = (score, ledger)
    return best[1] if best else None


def read_sources(paths: list[Path], year: int, profile_name: str | None = None, ledger: str | None = None
                 ) -> list[ImportedFile]:
    out = []
    for path in paths:
        profile = find_profile(profile_name, ledger, path.parent) if profile_name else None
        which = ledger or detect_ledger(path, profile)
        if which is None:
            record = FileImport(ledger=UNRECOGNISED, file=path.name)
            record.issues.append(ImportIssue("error", path.name, Keyed("issue.not_a_ledger"),
                                             Keyed("issue.not_a_ledger_hint")))
            out.append(ImportedFile(path, UNRECOGNISED, pd.DataFrame(), record))
            continue
        frame, record = load_ledger(path, which, year, path.name, profile=profile)
        out.append(ImportedFile(path, which, frame, record))
    return out


def _yuan_text(fen: np.ndarray) -> pa.Array:
    """int64 分 → '1234.56' text, column-wise and exact."""
    magnitude = np.abs(fen)
    whole = pa.array(magnitude // 100).cast(pa.string())
    cents = pc.utf8_lpad(pa.array(magnitude % 100).cast(pa.string()), 2, "0")
    sign = pa.array(np.where(fen < 0, "-", ""), type=pa.string())
    return pc.binary_join_element_wise(pc.binary_join_element_wise(sign, whole, ""), cents, ".")


def canonical_table(ledger: str, frame: pd.DataFrame) -> pa.Table:
    """The frame as the canonical CSV's columns (Chinese headers, labels, 元)."""
    columns: dict[str, pa.Array] = {}
    for spec in schema.columns(ledger):
        name = "amount_fen" if spec.name == "amount" else spec.name
        if spec.name == "credit_amount" or name not in OUTPUT_COLUMNS[ledger]:
            continue
        series = frame[name]
        if name == "amount_fen":
            array = _yuan_text(series.to_numpy(dtype=np.int64))
        elif name == "date":
            array = pa.array(np.datetime_as_string(series.to_numpy(dtype="datetime64[D]"), unit="D"))
        elif name == "weight":
            array = pa.array(["" if v is None else str(v) for v in series], type=pa.string())
        elif spec.kind in CATEGORY_COLUMNS or spec.kind == "flag":
            values = [cv.value for cv in schema.category_values(spec.kind)]
            labels = pa.array([cv.label for cv in schema.category_values(spec.kind)], type=pa.string())
            codes = pa.array(series, type=pa.string())
            position = pc.index_in(codes, value_set=pa.array(values, type=pa.string()))
            array = pc.if_else(pc.is_valid(position), labels.take(position), codes)
        else:
            array = pa.array(series, type=pa.string())
        columns[spec.aliases[0] if spec.aliases else spec.name] = array
    return pa.table(columns)


def write_canonical(result: ImportResult, year_dir: Path, force: bool) -> list[Path]:
    """Write each ledger's canonical CSV and imports.json (see the module docstring)."""
    if not result.ok:
        raise ImportRefused(message("import.refused_errors"))
    by_ledger: dict[str, list[ImportedFile]] = {}
    for f in result.files:
        by_ledger.setdefault(f.ledger, []).append(f)
    targets = {ledger: year_dir / f"{ledger}.csv" for ledger in by_ledger}
    existing = [p for p in targets.values() if p.exists()]
    existing += [p for ledger in by_ledger for p in year_dir.glob(f"{ledger}.*") if p not in existing
                 and p.suffix.lower() in (".xlsx", ".xls", ".txt", ".tsv")]
    if existing and not force:
        raise ImportRefused(message("import.refused_existing", files=", ".join(p.name for p in existing)))
    year_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ledger, files in by_ledger.items():
        frame = pd.concat([f.frame for f in files], ignore_index=True) if len(files) > 1 else files[0].frame
        pacsv.write_csv(canonical_table(ledger, frame), targets[ledger],
                        pacsv.WriteOptions(quoting_style="needed", include_header=True))
        for p in year_dir.glob(f"{ledger}.*"):
            if p != targets[ledger] and p.suffix.lower() in (".xlsx", ".xls", ".txt", ".tsv"):
                p.unlink()  # only reached with --force: the replaced canonical file of another format
        written.append(targets[ledger])
    entries = [{"file": targets[ledger].name, "ledger": ledger, "source": {"files": [
        {"file": f.path.name, "sha256": f.record.sha256, "profile": f.record.profile,
         "profile_sha256": f.record.profile_sha256, "rows_read": f.record.rows_read, "kept": f.record.kept,
         "normalised": f.record.normalised, "set_aside": {k: v.rows for k, v in f.record.set_aside.items()},
         "total_yuan": str(fen_to_yuan(f.record.total_fen))} for f in files]}} for ledger, files in by_ledger.items()]
    (year_dir / IMPORTS_FILE).write_text(json.dumps({"files": entries}, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    written.append(year_dir / IMPORTS_FILE)
    result.written = written
    return written
