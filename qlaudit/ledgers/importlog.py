"""The import log (导入日志): every row read is accounted for as kept, normalised, dropped or rejected.

Problems are data, collected in one pass over a file (never raised one at a time), so that an auditor can fix a
file once. An :class:`ImportIssue` names file, sheet, row, column, raw value, what is wrong and a hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ImportIssue:
    """One problem found while reading a ledger file. Errors reject the row (or the file); warnings normalise."""

    severity: Severity
    file: str
    message: str
    hint: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity.upper()} {self.location()}: {self.message}"
        if self.value is not None:
            text += f" (value {self.value!r})"
        if self.hint:
            text += f" — hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class FileImport:
    """What reading one ledger file did: where the header was, and the fate of every row under it."""

    ledger: str
    file: str
    sha256: str = ""
    encoding: str | None = None
    sheet: str | None = None
    header_rows: tuple[int, ...] = ()
    title_rows: int = 0
    unit: str = "元"
    rows_read: int = 0
    kept: int = 0
    normalised: int = 0
    rejected: int = 0
    dropped_totals: int = 0
    dropped_empty: int = 0
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def accounted(self) -> bool:
        """Every data row is kept, normalised, rejected or dropped (a total or an empty row)."""
        return self.rows_read == (
            self.kept + self.normalised + self.rejected + self.dropped_totals + self.dropped_empty
        )

    def summary(self) -> str:
        return (
            f"{self.ledger}: {self.file} — {self.rows_read} rows read: {self.kept} kept, "
            f"{self.normalised} normalised, {self.rejected} rejected, {self.dropped_totals} total rows dropped, "
            f"{self.dropped_empty} empty rows dropped"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ledger": self.ledger,
            "file": self.file,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_rows": list(self.header_rows),
            "title_rows": self.title_rows,
            "unit": self.unit,
            "rows_read": self.rows_read,
            "kept": self.kept,
            "normalised": self.normalised,
            "rejected": self.rejected,
            "dropped_totals": self.dropped_totals,
            "dropped_empty": self.dropped_empty,
            "issues": [i.as_dict() for i in self.issues],
        }


@dataclass
class ImportLog:
    """The import log of one unit-year: one :class:`FileImport` per ledger file, plus unit-level issues."""

    files: list[FileImport] = field(default_factory=list)
    other_issues: list[ImportIssue] = field(default_factory=list)

    def all_issues(self) -> Iterable[ImportIssue]:
        yield from self.other_issues
        for f in self.files:
            yield from f.issues

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.all_issues() if i.severity == "error"]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.all_issues() if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def render_text(self, warnings_per_kind: int = 3) -> str:
        """Every error; warnings of one kind (file, column, message) beyond ``warnings_per_kind`` are counted with
        their row numbers instead of printed one by one (the JSON form keeps them all)."""
        lines = [f.summary() for f in self.files]
        shown: dict[tuple[str, str | None, str], list[int | None]] = {}
        for issue in self.all_issues():
            if issue.severity == "warning":
                rows = shown.setdefault((issue.file, issue.column, issue.message), [])
                rows.append(issue.row)
                if len(rows) > warnings_per_kind:
                    continue
            lines.append(f"  {issue}")
        for (file, column, message), rows in shown.items():
            if len(rows) > warnings_per_kind:
                rest = [str(r) for r in rows[warnings_per_kind:]]
                listed = ", ".join(rest[:20]) + (" …" if len(rest) > 20 else "")
                lines.append(f"  WARNING {file}{f', column {column}' if column else ''}: {message} — "
                             f"{len(rest)} more row(s): {listed}")
        verdict = "VALID" if self.ok else f"INVALID: {len(self.errors)} error(s)"
        lines.append(f"{verdict}; {len(self.warnings)} warning(s)")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": [f.as_dict() for f in self.files],
            "issues": [i.as_dict() for i in self.other_issues],
        }
