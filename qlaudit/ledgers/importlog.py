"""The import log (导入日志): every row read is accounted for as kept, normalised, dropped or rejected.

Problems are data, collected in one pass over a file (never raised one at a time), so that an auditor can fix a
file once. An :class:`ImportIssue` names file, sheet, row, column, raw value, what is wrong and a hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from qlaudit.i18n import Keyed
from qlaudit.money import fen_to_yuan

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ImportIssue:
    """One problem found while reading a ledger file. Errors reject the row (or the file); warnings normalise.

    ``message`` and ``hint`` are English (stable: JSON, the import cache, operation-log hashes). An issue made with
    :func:`issue` also carries its catalogue ``key`` and ``fields``, from which :meth:`text` says it in the reader's
    language (:mod:`qlaudit.i18n`); an issue without a key is shown with its English message."""

    severity: Severity
    file: str
    message: str
    hint: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    key: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.message, Keyed) and not self.key:
            object.__setattr__(self, "key", self.message.key)
            object.__setattr__(self, "fields", self.message.fields)
        object.__setattr__(self, "message", str(self.message))  # plain text: JSON, cache, pickling
        object.__setattr__(self, "hint", str(self.hint))

    def location(self) -> str:
        from qlaudit.ledgers.logtext import issue_location

        return issue_location(self)

    def text(self) -> str:
        """The issue in the current language: severity, where, what, the raw value and the hint."""
        from qlaudit.ledgers.logtext import issue_text

        return issue_text(self)

    def __str__(self) -> str:
        return self.text()

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
            "key": self.key,
            "fields": dict(self.fields),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportIssue:
        fields = data.get("fields") or {}
        return cls(**{**data, "fields": tuple((str(k), str(v)) for k, v in fields.items())})


#: Kinds of rows set aside (read, counted with their totals, not ledger lines), with their Chinese names.
SET_ASIDE_KINDS = {
    "total": "合计行（合计/小计/总计）",
    "period_total": "期间合计行（本月合计/本年累计）",
    "opening": "期初余额行",
    "counterpart": "平行记账对方科目行（非支出科目）",
    "blank": "空行",
}


@dataclass
class SetAside:
    """Rows of one kind set aside, with the sums of their debit (借方/金额) and credit (贷方) cells in 分."""

    rows: int = 0
    debit_fen: int = 0
    credit_fen: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"rows": self.rows, "debit_yuan": str(fen_to_yuan(self.debit_fen)),
                "credit_yuan": str(fen_to_yuan(self.credit_fen))}


@dataclass
class FileImport:
    """What reading one ledger file did: which profile and sheet, where the header was, and the fate of every row
    under it — kept, normalised, rejected, or set aside (totals, 期初余额, counterpart lines, blank rows)."""

    ledger: str
    file: str
    sha256: str = ""
    encoding: str | None = None
    sheet: str | None = None
    header_rows: tuple[int, ...] = ()
    title_rows: int = 0
    unit: str = "元"
    unit_declared: bool = False  # a title row (单位：元/万元) or the amount header (金额（万元）) says the unit
    rows_read: int = 0
    kept: int = 0
    normalised: int = 0
    rejected: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    profile: str = "canonical"
    profile_sha256: str = ""
    profile_reason: str = ""
    format: str = ""
    sheets: list[dict[str, object]] = field(default_factory=list)
    set_aside: dict[str, SetAside] = field(default_factory=dict)
    kept_fen: int = 0
    normalised_fen: int = 0
    rejected_fen: int = 0
    controls: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)  # for a file written by `qlaudit import`: its origin

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    def set_aside_rows(self, *kinds: str) -> int:
        return sum(v.rows for k, v in self.set_aside.items() if not kinds or k in kinds)

    def add_set_aside(self, kind: str, rows: int, debit_fen: int = 0, credit_fen: int = 0) -> None:
        entry = self.set_aside.setdefault(kind, SetAside())
        entry.rows += rows
        entry.debit_fen += debit_fen
        entry.credit_fen += credit_fen

    @property
    def dropped_totals(self) -> int:
        return self.set_aside_rows("total", "period_total")

    @property
    def dropped_empty(self) -> int:
        return self.set_aside_rows("blank")

    @property
    def total_fen(self) -> int:
        """The control total: the amounts of the kept and normalised lines."""
        return self.kept_fen + self.normalised_fen

    @property
    def accounted(self) -> bool:
        """Every data row is kept, normalised, rejected or set aside (totals, 期初余额, counterpart lines, blank)."""
        return self.rows_read == self.kept + self.normalised + self.rejected + self.set_aside_rows()

    def summary(self) -> str:
        """One line: what reading the file did, in the current language (:mod:`qlaudit.ledgers.logtext`)."""
        from qlaudit.ledgers.logtext import file_summary

        return file_summary(self)

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
            "unit_declared": self.unit_declared,
            "rows_read": self.rows_read,
            "kept": self.kept,
            "normalised": self.normalised,
            "rejected": self.rejected,
            "dropped_totals": self.dropped_totals,
            "dropped_empty": self.dropped_empty,
            "total_yuan": str(fen_to_yuan(self.total_fen)),
            "kept_yuan": str(fen_to_yuan(self.kept_fen)),
            "normalised_yuan": str(fen_to_yuan(self.normalised_fen)),
            "rejected_yuan": str(fen_to_yuan(self.rejected_fen)),
            "set_aside": {k: v.as_dict() for k, v in sorted(self.set_aside.items())},
            "profile": self.profile,
            "profile_sha256": self.profile_sha256,
            "profile_reason": self.profile_reason,
            "format": self.format,
            "sheets": self.sheets,
            "controls": self.controls,
            "source": self.source,
            "issues": [i.as_dict() for i in self.issues],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileImport:
        """The inverse of :meth:`as_dict` (for the import cache)."""
        record = cls(
            ledger=data["ledger"], file=data["file"], sha256=data["sha256"], encoding=data["encoding"],
            sheet=data["sheet"], header_rows=tuple(data["header_rows"]), title_rows=data["title_rows"],
            unit=data["unit"], unit_declared=bool(data.get("unit_declared")), rows_read=data["rows_read"], kept=data["kept"], normalised=data["normalised"],
            rejected=data["rejected"], profile=data["profile"], profile_sha256=data["profile_sha256"],
            profile_reason=data["profile_reason"], format=data["format"], sheets=data["sheets"],
            kept_fen=yuan_text_to_fen(data["kept_yuan"]), normalised_fen=yuan_text_to_fen(data["normalised_yuan"]),
            rejected_fen=yuan_text_to_fen(data["rejected_yuan"]), controls=data["controls"], source=data["source"],
        )
        record.set_aside = {k: SetAside(v["rows"], yuan_text_to_fen(v["debit_yuan"]), yuan_text_to_fen(v["credit_yuan"]))
                            for k, v in data["set_aside"].items()}
        record.issues = [ImportIssue.from_dict(i) for i in data["issues"]]
        return record


def yuan_text_to_fen(text: str) -> int:
    """'471285.07' → 47128507 (the exact decimal strings of as_dict)."""
    return int((Decimal(text) * 100).to_integral_value())


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
        """The summaries and issues in the current language (:func:`qlaudit.ledgers.logtext.render_issues`)."""
        from qlaudit.ledgers.logtext import render_issues

        return render_issues(self, warnings_per_kind, summaries=True)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": [f.as_dict() for f in self.files],
            "issues": [i.as_dict() for i in self.other_issues],
        }
