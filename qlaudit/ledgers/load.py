"""Loading one ledger file into a canonical DataFrame and its :class:`FileImport` record.

Steps: read every sheet (``read``) → choose the profile and sheets (``detect``) → per sheet: title block and header
→ set aside blank, total, 期初余额 and counterpart rows → map the profile's fields (``transform``) → parse every
column (``parse``, column-wise) → cross-field checks and control totals (``checks``) → DataFrame. Every problem of
the file is collected in one pass; rows with an error are left out of the DataFrame and counted as rejected. This
module knows the contract (``schema``) and the steps above, not the audit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit.ledgers import detect, schema
from qlaudit.ledgers.importlog import FileImport, ImportIssue
from qlaudit.ledgers.profiles import Profile
from qlaudit.ledgers.read import UnreadableFile, read_file
from qlaudit.ledgers.sheetload import load_sheet

#: Canonical output columns per ledger, in order (plus source_file, source_row).
OUTPUT_COLUMNS = {
    "appropriations": [
        "quota_doc", "quota_name", "source", "budget_type", "expense_kind", "project_code", "project_name",
        "functional_code", "economic_code", "amount_fen", "date",
    ],
    "expenditures": [
        "date", "voucher_no", "line_no", "summary", "payee", "budget_type", "expense_kind", "project_code",
        "project_name", "functional_code", "economic_code", "amount_fen", "quota_doc", "account_code",
        "account_name", "department",
    ],
    "projects": [
        "project_code", "project_name", "in_initial_budget", "purpose", "indicator_level1", "indicator_level2",
        "indicator", "direction", "target", "unit", "actual", "weight",
    ],
}  # fmt: skip
#: Bumped whenever a change of the loader may change a frame or an import record (part of the cache key).
LOADER_VERSION = "4"  # 4: import issues carry their message key and fields


def load_ledger(path: Path, ledger: str, year: int, display_name: str | None = None, *,
                profile: Profile | None = None, use_cache: bool = True, root: Path | None = None
                ) -> tuple[pd.DataFrame, FileImport]:
    """Read one ledger file (any sheet, any shipped or given profile). Returns the kept (and normalised) rows and the
    file's import record. Results are cached by content (see :mod:`qlaudit.ledgers.cache`). A file beside it that
    a profile reads (a GB/T 24589 code list) is read only from inside ``root`` (the data folder; default: the
    file's own folder)."""
    if use_cache:
        from qlaudit.ledgers import cache

        return cache.cached(path, ledger, year, display_name or path.name, profile,
                            lambda: _load(path, ledger, year, display_name or path.name, profile, root))
    return _load(path, ledger, year, display_name or path.name, profile, root)


def _load(path: Path, ledger: str, year: int, display: str, profile: Profile | None, root: Path | None = None
          ) -> tuple[pd.DataFrame, FileImport]:
    record = FileImport(ledger=ledger, file=display)
    specs = {s.name: s for s in schema.columns(ledger)}
    try:
        source = read_file(path)
    except UnreadableFile as err:
        record.issues.append(ImportIssue("error", record.file, err.message, err.hint))
        return empty_frame(ledger), record
    record.sha256, record.encoding, record.format = source.sha256, source.encoding, source.format
    choice = detect.choose(source, ledger, path.name, profile)
    if choice is None:
        record.sheet = source.sheets[0].name if source.sheets else None
        record.issues.append(ImportIssue(
            "error", record.file, "no header row found in the first rows", sheet=record.sheet,
            hint="the header needs at least 3 known column names, e.g. " + ", ".join(
                f"{s.aliases[0]} ({s.name})" for s in specs.values() if s.required),
        ))
        record.sheets = [{"name": s.name, "read": False, "reason": "no header"} for s in source.sheets]
        return empty_frame(ledger), record
    record.profile = choice.profile.name
    record.profile_sha256 = choice.profile.fingerprint()
    record.profile_reason = choice.reason
    for note in source.notes:
        record.issues.append(ImportIssue("warning", record.file, note))
    if choice.refused:
        record.sheets = [{"name": name, "read": False, "reason": reason} for name, reason in choice.ignored]
        record.issues.append(ImportIssue(
            "error", record.file, f"no visible sheet to read: {choice.refused}",
            "a hidden sheet is never read (it may be a stale copy): unhide the sheet if it is the ledger, or fix "
            "the visible sheet's header and delete the hidden one"))
        return empty_frame(ledger), record
    multi = len(choice.sheets) > 1
    record.sheet = ", ".join(str(c.sheet.name) for c in choice.sheets) if source.sheets[0].name is not None else None
    frames = []
    for c in choice.sheets:
        source_file = f"{display}:{c.sheet.name}" if multi else display
        frames.append(load_sheet(record, choice.profile, c, year, source_file, path.parent, root))
    record.sheets = [{"name": c.sheet.name, "read": True, "rows": c.sheet.nrows} for c in choice.sheets]
    record.sheets += [{"name": name, "read": False, "reason": reason} for name, reason in choice.ignored]
    for name, reason in choice.ignored:
        if ("header" in reason or "lacks" in reason) and "no header" not in reason:
            record.issues.append(ImportIssue("warning", record.file, f"sheet {name} not read: {reason}",
                                             sheet=name, hint="split the workbook or unhide/rename the sheet"))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame, record


def empty_frame(ledger: str) -> pd.DataFrame:
    """A ledger with no rows but the canonical columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in [*OUTPUT_COLUMNS[ledger], "source_file", "source_row"]})


def _dtype(column: str) -> object:
    if column in ("amount_fen", "source_row"):
        return "int64"
    if column == "date":
        return "datetime64[ns]"
    if column == "weight":
        return object
    return str


_STR = pd.Series([""], dtype=object).astype(str).dtype


def _str_series(series: pd.Series) -> pd.Series:
    return series if series.dtype == _STR else series.astype(str)


def finish_frame(ledger: str, columns: dict[str, object] | pd.DataFrame) -> pd.DataFrame:
    """The canonical frame: every output column in order with its dtype ('' for an absent text column).
    Text columns may come as arrow arrays (converted without copying through Python strings)."""
    if isinstance(columns, pd.DataFrame):
        columns = {c: columns[c] for c in columns.columns}
    n = next((len(v) for v in columns.values()), 0)  # type: ignore[arg-type]
    out: dict[str, object] = {}
    for column in [*OUTPUT_COLUMNS[ledger], "source_file", "source_row"]:
        dtype = _dtype(column)
        values = columns.get(column)
        if dtype == "datetime64[ns]":
            out[column] = (pd.Series(values, dtype="datetime64[ns]") if values is not None
                           else pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")))
        elif dtype == "int64":
            out[column] = pd.Series(values if values is not None else np.zeros(n), dtype="int64")
        elif dtype is object:
            out[column] = pd.Series(values if values is not None else np.full(n, None, dtype=object), dtype=object)
        elif isinstance(values, (pa.Array, pa.ChunkedArray)):
            out[column] = _str_series(pc.fill_null(values, "").to_pandas())
        elif values is None:
            out[column] = _str_series(pc.fill_null(pa.nulls(n, pa.string()), "").to_pandas())
        elif isinstance(values, pd.Series) and values.dtype == _STR:
            out[column] = values
        else:
            out[column] = pd.Series(values, dtype=object).fillna("").astype(str)
    return pd.DataFrame(out).reset_index(drop=True)
