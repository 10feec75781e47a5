"""The import log as people read it, in the current language (:mod:`qlaudit.i18n`): one issue, one file's summary,
and the 导入核对表 that ``qlaudit validate`` prints — one row per ledger file (文件, 工作表, 读取行数, 保留, 规范化,
拒绝, 另置, 金额合计), then every error and warning. Pure functions returning text; the JSON form is
:meth:`ImportLog.as_dict`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from qlaudit.i18n import has, message
from qlaudit.money import format_yuan

if TYPE_CHECKING:
    from qlaudit.ledgers.importlog import FileImport, ImportIssue, ImportLog

#: Set-aside kinds in the order the table shows them.
SET_ASIDE_ORDER = ("total", "period_total", "opening", "counterpart", "blank")


def issue_location(issue: ImportIssue) -> str:
    parts = [issue.file]
    if issue.sheet:
        parts.append(message("log.at_sheet", sheet=issue.sheet))
    if issue.row is not None:
        parts.append(message("log.at_row", row=issue.row))
    if issue.column:
        parts.append(message("log.at_column", column=issue.column))
    return message("log.separator").join(parts)


def _what(issue: ImportIssue) -> tuple[str, str]:
    if issue.key and has(issue.key):
        fields = dict(issue.fields)
        hint = message(issue.key + "_hint", **fields) if has(issue.key + "_hint") else issue.hint
        return message(issue.key, **fields), hint
    return issue.message, issue.hint


def issue_text(issue: ImportIssue) -> str:
    """'错误 u/2021/expenditures.csv，第 4 行，列 amount：不是金额（原值 'abc'）——提示：…' (or the English form)."""
    what, hint = _what(issue)
    text = message("log.issue", severity=message(f"log.{issue.severity}"), where=issue_location(issue), what=what)
    if issue.value is not None:
        text += message("log.value", value=repr(issue.value))
    if hint:
        text += message("log.hint", hint=hint)
    return text


def _set_aside_text(record: FileImport, kinds: tuple[str, ...] = SET_ASIDE_ORDER) -> str:
    parts = [message(f"log.set_aside.{k}", rows=record.set_aside[k].rows) for k in kinds
             if k in record.set_aside and record.set_aside[k].rows]
    return message("log.list_separator").join(parts)


def file_summary(record: FileImport) -> str:
    """One line per file: rows read and their fate, the profile, sheets not read, the sources it was imported from."""
    text = message("log.summary", ledger=message(f"ledger.{record.ledger}"), file=record.file, read=record.rows_read,
                   kept=record.kept, normalised=record.normalised, rejected=record.rejected,
                   totals=record.dropped_totals, empty=record.dropped_empty)
    others = _set_aside_text(record, ("opening", "counterpart"))
    if others:
        text += message("log.summary_set_aside", items=others)
    if record.profile != "canonical":
        text += message("log.summary_profile", profile=record.profile)
    left = [f"{s['name']} ({s['reason']})" for s in record.sheets if not s.get("read") and s.get("name")]
    if left:
        text += message("log.summary_sheets_left", sheets=", ".join(left))
    origins = record.source.get("files") if isinstance(record.source, dict) else None
    if origins:
        text += message("log.summary_imported_from", sources=", ".join(
            message("log.origin", file=o.get("file"), profile=o.get("profile"), sha=str(o.get("sha256"))[:12])
            for o in origins))
    return text


def render_issues(log: ImportLog, warnings_per_kind: int = 3, *, summaries: bool = False) -> str:
    """Every error; warnings of one kind (file, column, message) beyond ``warnings_per_kind`` counted with their
    row numbers instead of printed one by one (the JSON form keeps them all); then the verdict."""
    lines = [file_summary(f) for f in log.files] if summaries else []
    shown: dict[tuple[str, str | None, str], tuple[ImportIssue, list[int | None]]] = {}
    for item in log.all_issues():
        if item.severity == "warning":
            _, rows = shown.setdefault((item.file, item.column, item.message), (item, []))
            rows.append(item.row)
            if len(rows) > warnings_per_kind:
                continue
        lines.append(f"  {item}")
    for (file, column, _), (first, rows) in shown.items():
        if len(rows) > warnings_per_kind:
            rest = [str(r) for r in rows[warnings_per_kind:]]
            listed = ", ".join(rest[:20]) + (" …" if len(rest) > 20 else "")
            where = file + (message("log.separator") + message("log.at_column", column=column) if column else "")
            lines.append("  " + message("log.more_rows", severity=message("log.warning"), where=where,
                                        what=_what(first)[0], count=len(rest), rows=listed))
    verdict = (message("log.verdict_ok", warnings=len(log.warnings)) if log.ok else
               message("log.verdict_invalid", errors=len(log.errors), warnings=len(log.warnings)))
    lines.append(verdict)
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], numeric: set[int]) -> list[str]:
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(pad + cell if i in numeric else cell + pad)
        return "  ".join(out).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def render_log(log: ImportLog, title: str = "") -> str:
    """The 导入核对表: per ledger file 文件, 工作表, 读取行数, 保留, 规范化, 拒绝, 另置, 金额合计（元）, a total row,
    then the warnings and errors (:func:`render_issues`) and the verdict."""
    header = tuple(message(f"log.table.{c}") for c in
                   ("ledger", "file", "sheet", "read", "kept", "normalised", "rejected", "set_aside", "amount"))
    rows: list[tuple[str, ...]] = [(message(f"ledger.{f.ledger}"), f.file, f.sheet or "—", f"{f.rows_read:,}", f"{f.kept:,}",
             f"{f.normalised:,}", f"{f.rejected:,}", _set_aside_text(f) or "—",
             "—" if f.ledger == "projects" else format_yuan(f.total_fen))
            for f in log.files]
    files = log.files
    rows.append((message("log.table.total"), message("log.table.files", count=len(files)), "",
                 f"{sum(f.rows_read for f in files):,}", f"{sum(f.kept for f in files):,}",
                 f"{sum(f.normalised for f in files):,}", f"{sum(f.rejected for f in files):,}",
                 f"{sum(f.set_aside_rows() for f in files):,}", ""))
    lines = [title] if title else []
    lines.extend(_table(header, rows, {3, 4, 5, 6, 8}))
    lines.append(message("log.table.note"))
    notes = [file_summary(f) for f in files if f.profile != "canonical" or f.source or any(
        not s.get("read") and s.get("name") for s in f.sheets)]
    if notes:
        lines.append(message("log.sources"))
        lines.extend(f"  {n}" for n in notes)
    issues = render_issues(log)
    lines.append(message("log.issues_heading", errors=len(log.errors), warnings=len(log.warnings)))
    lines.append(issues)
    return "\n".join(lines)
