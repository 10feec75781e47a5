"""Loading one ledger file into a canonical DataFrame and its :class:`FileImport` record.

Steps: read the raw grid → find the header (skipping title rows, joining a two-row merged header) → map header
labels to canonical columns → drop total and empty rows → parse every cell → cross-field checks → DataFrame.
Every problem of the file is collected in one pass; rows with an error are left out of the DataFrame and counted
as rejected. This module knows the contract (``schema``) and the cell parsers (``values``), not the audit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qlaudit import codes
from qlaudit.ledgers import schema, values
from qlaudit.ledgers.importlog import FileImport, ImportIssue
from qlaudit.ledgers.read import UnreadableFile, read_grid
from qlaudit.money import format_yuan

HEADER_SEARCH_ROWS = 12
TOTAL_LABELS = ("合计", "小计", "总计", "本月合计", "本年累计", "本期合计", "累计")
_UNIT_PATTERN = re.compile(r"单位\s*[:：]\s*(万元|元)")

#: Canonical output columns per ledger, in order (plus source_file, source_row).
OUTPUT_COLUMNS = {
    "appropriations": [
        "quota_doc", "quota_name", "source", "budget_type", "expense_kind", "project_code", "project_name",
        "functional_code", "economic_code", "amount_fen", "date",
    ],
    "expenditures": [
        "date", "voucher_no", "line_no", "summary", "payee", "budget_type", "expense_kind", "project_code",
        "project_name", "functional_code", "economic_code", "amount_fen", "quota_doc",
    ],
    "projects": [
        "project_code", "project_name", "in_initial_budget", "purpose", "indicator_level1", "indicator_level2",
        "indicator", "direction", "target", "unit", "actual", "weight",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class HeaderMatch:
    rows: tuple[int, ...]  # 0-based grid rows that make the header
    columns: dict[str, int]  # canonical name → 0-based grid column
    labels: dict[int, str]  # grid column → header label as written
    duplicates: tuple[str, ...]


def _cell(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else None


def _text(cell: object) -> str:
    return unicodedata.normalize("NFKC", values.cell_text(cell)).strip()


def _match_row(ledger: str, top: list[object], bottom: list[object] | None) -> HeaderMatch:
    found: dict[str, tuple[int, int]] = {}  # canonical → (strength, column)
    labels: dict[int, str] = {}
    duplicates: list[str] = []
    width = max(len(top), len(bottom or []))
    last_top = ""
    for j in range(width):
        t = _text(top[j]) if j < len(top) else ""
        b = _text(bottom[j]) if bottom is not None and j < len(bottom) else ""
        if bottom is not None and not t and b:
            t = last_top  # a merged cell exported to CSV leaves the cells after the first empty
        last_top = t or last_top
        candidates = [(t + b, 2), (b, 1), (t, 1)] if bottom is not None and b and b != t else [(t, 1)]
        for label, strength in candidates:
            name = schema.match_header(ledger, label) if label else None
            if name is None:
                continue
            labels[j] = label
            if name in found:
                if strength > found[name][0]:
                    found[name] = (strength, j)
                else:
                    duplicates.append(name)
            else:
                found[name] = (strength, j)
            break
    return HeaderMatch(
        rows=(),
        columns={name: col for name, (_, col) in found.items()},
        labels=labels,
        duplicates=tuple(duplicates),
    )


def find_header(ledger: str, rows: list[list[object]]) -> HeaderMatch | None:
    """The header among the first rows: the row (or pair of rows) matching most contract columns."""
    best: HeaderMatch | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        single = _match_row(ledger, rows[r], None)
        candidate = HeaderMatch((r,), single.columns, single.labels, single.duplicates)
        if r + 1 < len(rows):
            double = _match_row(ledger, rows[r], rows[r + 1])
            below = _match_row(ledger, rows[r + 1], None)
            if len(double.columns) > max(len(single.columns), len(below.columns)):
                candidate = HeaderMatch((r, r + 1), double.columns, double.labels, double.duplicates)
        if len(candidate.columns) >= 3 and (best is None or len(candidate.columns) > len(best.columns)):
            best = candidate
    return best


def _declared_unit(title_rows: list[list[object]]) -> str:
    for row in title_rows:
        for cell in row:
            m = _UNIT_PATTERN.search(_text(cell))
            if m:
                return m[1]
    return "元"


def _is_total_row(row: list[object]) -> bool:
    first = next((_text(c) for c in row if not values.is_blank(c)), "")
    first = first.replace(" ", "")
    return first in TOTAL_LABELS or first.startswith(("合计", "总计"))


class _RowParser:
    """Parses the cells of one data row, collecting issues instead of raising."""

    def __init__(self, record: FileImport, year: int, row_number: int) -> None:
        self.record = record
        self.year = year
        self.row_number = row_number
        self.issues: list[ImportIssue] = []

    def issue(self, severity: str, column: str | None, raw: object, message: str, hint: str = "") -> None:
        self.issues.append(
            ImportIssue(
                severity=severity,  # type: ignore[arg-type]
                file=self.record.file,
                sheet=self.record.sheet,
                row=self.row_number,
                column=column,
                value=None if raw is None else values.cell_text(raw),
                message=message,
                hint=hint,
            )
        )

    def parse(self, spec: schema.ColumnSpec, raw: object, unit: str) -> object:
        try:
            if spec.kind == "money":
                value, notes = values.parse_money(raw, unit)
            elif spec.kind == "date":
                value, notes = values.parse_date(raw)
            elif spec.kind in ("functional_code", "economic_code"):
                value, notes = values.parse_classification(raw, spec.kind, self.year)
            elif spec.kind == "code":
                value, notes = values.parse_code(raw)
            elif spec.kind in ("source", "budget_type", "expense_kind", "direction", "flag"):
                if values.is_blank(raw) and not spec.required:
                    return ""
                value, notes = values.parse_category(raw, spec.kind)
            elif spec.kind == "decimal":
                value, notes = values.parse_decimal(raw)
            else:
                value, notes = values.parse_text(raw)
        except values.CellError as err:
            self.issue("error", spec.name, raw, err.message, err.hint)
            return None
        for note in notes:
            self.issue("warning", spec.name, raw, f"normalised: {note}")
        return value

    @property
    def has_error(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


def _check_expenditure_or_quota(p: _RowParser, ledger: str, rec: dict[str, object], raw: dict[str, object]) -> None:
    """Cross-field rules shared by appropriations and expenditures."""
    kind = rec.get("expense_kind")
    code = rec.get("economic_code")
    if kind == "project":
        if not rec.get("project_code"):
            p.issue("error", "project_code", raw.get("project_code"), "project line without a project code",
                    "fill 项目编码 for every 项目支出 line")
    elif kind in ("basic", "personnel", "public") and isinstance(code, str):
        derived = codes.basic_kind(code)
        if derived is None:
            p.issue("error", "economic_code", code, "basic spending on an economic class that is neither "
                    "人员经费 nor 公用经费", "basic lines use 301/303 (人员经费) or 302/309/310 (公用经费)")
        else:
            if kind != "basic" and kind != derived:
                p.issue("warning", "expense_kind", raw.get("expense_kind"),
                        f"normalised: stated {kind} but economic code {code} is {derived} by the 决算 convention")
            rec["expense_kind"] = derived
        if rec.get("project_code"):
            p.issue("warning", "project_code", rec["project_code"], "normalised: project code on a basic line ignored")
            rec["project_code"] = ""
    date = rec.get("date")
    if ledger == "expenditures" and date is not None and date.year != p.year:  # type: ignore[attr-defined]
        p.issue("error", "date", raw.get("date"), f"voucher date outside {p.year}",
                f"the {p.year} ledger holds vouchers dated {p.year} only")
    if ledger == "appropriations" and date is not None and date.year > p.year:  # type: ignore[attr-defined]
        p.issue("error", "date", raw.get("date"), f"quota dated after {p.year}", "check the 下达日期")
    amount = rec.get("amount_fen")
    if ledger == "appropriations" and rec.get("source") == "reduction" and isinstance(amount, int) and amount > 0:
        p.issue("warning", "amount", raw.get("amount"), "normalised: positive 调减 amount made negative")
        rec["amount_fen"] = -amount


def load_ledger(path: Path, ledger: str, year: int, display_name: str | None = None) -> tuple[pd.DataFrame, FileImport]:
    """Read one ledger file. Returns the kept (and normalised) rows and the file's import record."""
    record = FileImport(ledger=ledger, file=display_name or path.name)
    specs = {s.name: s for s in schema.columns(ledger)}
    empty = empty_frame(ledger)
    try:
        grid = read_grid(path, ledger)
    except UnreadableFile as err:
        record.issues.append(ImportIssue("error", record.file, err.message, err.hint))
        return empty, record
    record.sha256, record.encoding, record.sheet = grid.sha256, grid.encoding, grid.sheet
    header = find_header(ledger, grid.rows)
    if header is None:
        record.issues.append(ImportIssue(
            "error", record.file, "no header row found in the first rows", sheet=record.sheet,
            hint="the header needs at least 3 known column names, e.g. " + ", ".join(
                f"{s.aliases[0]} ({s.name})" for s in specs.values() if s.required),
        ))
        return empty, record
    record.header_rows = tuple(r + 1 for r in header.rows)
    title_rows = [r for r in grid.rows[: header.rows[0]] if any(not values.is_blank(c) for c in r)]
    record.title_rows = len(title_rows)
    record.unit = _declared_unit(grid.rows[: header.rows[0]])
    if title_rows:
        record.issues.append(ImportIssue(
            "warning", record.file, f"normalised: {len(title_rows)} title row(s) above the header skipped"
            + (f"; amounts declared in {record.unit}" if record.unit != "元" else ""),
            sheet=record.sheet, row=header.rows[0],
        ))
    column_units = {
        name: "万元" if any("万元" in _text(_cell(grid.rows[r], col)) for r in header.rows) else record.unit
        for name, col in header.columns.items()
    }
    for name in header.duplicates:
        record.issues.append(ImportIssue("warning", record.file, f"column {name} appears more than once; the first "
                                         "is used", sheet=record.sheet, row=header.rows[0] + 1, column=name))
    known = set(header.columns.values())
    for j, cell in enumerate(grid.rows[header.rows[0]]):
        if j not in known and not values.is_blank(cell) and j not in header.labels:
            record.issues.append(ImportIssue("warning", record.file, "column not in the data contract, ignored",
                                             sheet=record.sheet, row=header.rows[0] + 1, column=_text(cell)))
    missing = [s for s in specs.values() if s.required and s.name not in header.columns]
    data_rows = grid.rows[header.rows[-1] + 1:]
    first_data_row = header.rows[-1] + 2  # 1-based
    record.rows_read = len(data_rows)
    if missing:
        for s in missing:
            record.issues.append(ImportIssue(
                "error", record.file, f"required column {s.name} ({s.meaning}) is missing", sheet=record.sheet,
                row=header.rows[0] + 1, column=s.name,
                hint="name a column " + " or ".join(s.aliases[:4]) + "; see docs/data-format.md",
            ))
        for row in data_rows:
            if all(values.is_blank(c) for c in row):
                record.dropped_empty += 1
            else:
                record.rejected += 1
        return empty, record

    records: list[dict[str, object]] = []
    stated_total: tuple[int, object, object, str] | None = None
    for offset, row in enumerate(data_rows):
        row_number = first_data_row + offset
        if all(values.is_blank(c) for c in row):
            record.dropped_empty += 1
            continue
        raw = {name: _cell(row, col) for name, col in header.columns.items()}
        if _is_total_row(row):
            record.dropped_totals += 1
            record.issues.append(ImportIssue("warning", record.file, "normalised: total row (合计/小计) dropped",
                                             sheet=record.sheet, row=row_number,
                                             value=values.cell_text(next(c for c in row if not values.is_blank(c)))))
            if "amount" in raw and not (values.is_blank(raw["amount"]) and values.is_blank(raw.get("credit_amount"))):
                stated_total = (row_number, raw["amount"], raw.get("credit_amount"), column_units["amount"])
            continue
        p = _RowParser(record, year, row_number)
        rec: dict[str, object] = {}
        for name, spec in specs.items():
            if name not in header.columns:
                continue
            if name in ("amount", "credit_amount") and "credit_amount" in header.columns and values.is_blank(raw[name]):
                rec[name] = 0  # a voucher line fills 借方 or 贷方, the other is blank
                continue
            rec[name] = p.parse(spec, raw[name], column_units[name])
        if "credit_amount" in rec:
            credit = rec.pop("credit_amount")
            if values.is_blank(raw["amount"]) and values.is_blank(raw["credit_amount"]):
                p.issue("error", "amount", None, "both debit and credit are empty", "fill 借方 or 贷方")
            elif isinstance(credit, int) and isinstance(rec.get("amount"), int):
                rec["amount"] = int(rec["amount"]) - credit  # type: ignore[call-overload]
        if "amount" in rec:
            rec["amount_fen"] = rec.pop("amount")
        if ledger != "projects" and not p.has_error:
            _check_expenditure_or_quota(p, ledger, rec, raw)
        record.issues.extend(p.issues)
        if p.has_error:
            record.rejected += 1
            continue
        if any(i.severity == "warning" for i in p.issues):
            record.normalised += 1
        else:
            record.kept += 1
        rec["source_file"] = record.file
        rec["source_row"] = row_number
        records.append(rec)

    frame = pd.DataFrame.from_records(records) if records else empty.copy()
    for column in [*OUTPUT_COLUMNS[ledger], "source_file", "source_row"]:
        if column not in frame.columns:
            frame[column] = "" if _dtype(column) is str else pd.Series(dtype=_dtype(column))
    frame = frame[[*OUTPUT_COLUMNS[ledger], "source_file", "source_row"]]
    frame = _coerce(frame)
    if stated_total is not None and "amount_fen" in frame.columns:
        _compare_stated_total(record, frame, stated_total)
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


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        dtype = _dtype(column)
        if dtype == "datetime64[ns]":
            out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
        elif dtype == "int64":
            out[column] = out[column].astype("int64")
        elif dtype is str:
            out[column] = out[column].fillna("").astype(str)
    return out.reset_index(drop=True)


def _compare_stated_total(record: FileImport, frame: pd.DataFrame, stated: tuple[int, object, object, str]) -> None:
    row_number, raw, raw_credit, unit = stated
    try:
        stated_fen = 0 if values.is_blank(raw) else values.parse_money(raw, unit)[0]
        if not values.is_blank(raw_credit):  # a debit/credit export: the total is 借方合计 − 贷方合计
            stated_fen -= values.parse_money(raw_credit, unit)[0]  # type: ignore[operator]
    except values.CellError:
        return
    actual = int(frame["amount_fen"].sum())
    if stated_fen != actual and record.rejected == 0:
        record.issues.append(ImportIssue(
            "warning", record.file, f"the file's total row says {values.cell_text(raw)} but the kept lines sum to "
            f"{format_yuan(actual)}", sheet=record.sheet, row=row_number, column="amount", value=values.cell_text(raw),
            hint="a line may be missing or the total row is stale",
        ))
