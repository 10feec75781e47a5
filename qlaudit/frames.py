"""Frames people read: ledgers, findings, rule results and samples as tables in JupyterLab.

The machine frames keep their canonical English columns and int 分 (``wb.expenditures["amount_fen"]``); this module
only *shows* them: Chinese headers from ``qlaudit/headers.toml`` (data, not code), amounts in 元 with thousands
separators and 2 decimals, totals in 万元 (both through ``qlaudit.money``, exact: int 分 → text, never float), dates as
``YYYY-MM-DD``, category values by their Chinese label. Every text cell is HTML-escaped (ledger text is untrusted).

Only a bounded head is formatted (``max_rows``, 200 by default) and a note says “共N行，显示前200行”; counts and
totals are computed on the whole frame with vectorised int64 sums, so showing a million-line ledger costs the same as
showing 200 lines.

    >>> wb.display("expenditures")               # the voucher lines, for people
    >>> qlaudit.frames.people(december)          # any frame (e.g. filtered) the same way
    >>> qlaudit.frames.canonical_name("金额（元）")  # → "amount_fen"
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import SEVERITY_LABELS, Finding
from qlaudit.ledgers.schema import category_values
from qlaudit.money import format_wan, format_yuan

if TYPE_CHECKING:
    from qlaudit.sampling import SampleResult

MAX_ROWS = 200
LEDGER_TITLES = {"expenditures": "支出凭证", "appropriations": "指标", "projects": "项目及绩效指标"}
#: Columns whose canonical values have Chinese labels in qlaudit/reference/category_values.csv.
_CATEGORY_FIELDS = {"source": "source", "budget_type": "budget_type", "expense_kind": "expense_kind",
                    "direction": "direction"}
_STYLE = "white-space:nowrap"  # a Chinese cell never breaks one character a line
_METHOD_LABELS = {"random": "简单随机抽样", "stratified": "分层抽样", "monetary_unit": "货币单位抽样"}


@cache
def _table() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("qlaudit").joinpath("headers.toml").read_text(encoding="utf-8"))


def headers() -> dict[str, str]:
    """Canonical column → Chinese header (``qlaudit/headers.toml`` ``[columns]``)."""
    return dict(_table()["columns"])


def amount_label(name: str) -> str:
    """The Chinese name of a finding's amount (``[amounts]``: ``"spent"`` → ``"执行数"``)."""
    return _table()["amounts"].get(name, name)


def chinese_header(column: str) -> str:
    """The Chinese header of a canonical column; a column not in the table keeps its name."""
    return _table()["columns"].get(column, column)


def canonical_name(header: str) -> str:
    """The canonical column of a Chinese header (``"金额（元）"`` → ``"amount_fen"``); unknown headers unchanged."""
    return {v: k for k, v in _table()["columns"].items()}.get(header, header)


def is_money(column: object) -> bool:
    return isinstance(column, str) and column.endswith("_fen")


@cache
def _category_labels(field: str) -> dict[str, str]:
    return {cv.value: cv.label for cv in category_values(field)}


def _text_column(name: str, values: pd.Series) -> list[str]:
    """One column of a bounded head as display text (≤ ``max_rows`` values)."""
    if is_money(name):
        return ["" if pd.isna(v) else format_yuan(int(v)) for v in values]
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").fillna("").tolist()
    if name == "severity":
        return [SEVERITY_LABELS.get(str(v), str(v)) for v in values]
    if pd.api.types.is_bool_dtype(values):
        return ["是" if v else "否" for v in values]
    labels = _category_labels(_CATEGORY_FIELDS[name]) if name in _CATEGORY_FIELDS else {}
    return ["" if _missing(v) else labels.get(str(v), str(v)) for v in values]


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True, eq=False)
class PeopleView:
    """A frame shown for people. ``data`` is the machine frame, unchanged (canonical columns, int 分)."""

    data: pd.DataFrame
    title: str = ""
    max_rows: int = MAX_ROWS

    @cached_property
    def empty_columns(self) -> list[str]:
        """Text columns blank on every row of the whole frame (not shown; the note names them)."""
        if self.data.empty:
            return []
        return [str(c) for c in self.data.columns
                if (pd.api.types.is_string_dtype(self.data[c]) or self.data[c].dtype == object)
                and bool((self.data[c].isna() | self.data[c].eq("")).all())]

    def head_frame(self) -> pd.DataFrame:
        """The first ``max_rows`` rows as text with Chinese headers (what the HTML shows)."""
        hidden = set(self.empty_columns)
        head = self.data.head(self.max_rows)
        shown = {chinese_header(str(c)): _text_column(str(c), head[c]) for c in head.columns if str(c) not in hidden}
        return pd.DataFrame(shown, index=range(len(head)), dtype=object)

    def totals(self) -> dict[str, int]:
        """Each money column's exact sum over the whole frame, in 分."""
        return {str(c): int(self.data[c].sum()) for c in self.data.columns if is_money(c)}

    def note(self) -> str:
        """“共N行（显示前200行）；金额合计 47.13万元”: the whole frame, not only the rows shown."""
        rows = len(self.data)
        parts = [f"共{rows:,}行" + (f"（显示前{self.max_rows}行）" if rows > self.max_rows else "")]
        for column, fen in self.totals().items():
            parts.append(f"{chinese_header(column).replace('（元）', '')}合计 {format_wan(fen)}万元（{format_yuan(fen)}元）")
        if hidden := self.empty_columns:
            parts.append("空列未显示：" + "、".join(chinese_header(c) for c in hidden))
        return "；".join(parts)

    def to_html(self) -> str:
        head = self.head_frame()
        money = {chinese_header(str(c)) for c in self.data.columns if is_money(c)}
        header = "".join(f'<th style="{_STYLE}">{html.escape(c)}</th>' for c in head.columns)
        cells = [[(f'<td style="{_STYLE};text-align:right">{html.escape(v)}</td>' if c in money else
                   f'<td style="{_STYLE};text-align:left">{html.escape(v)}</td>') for v in head[c]]
                 for c in head.columns]
        body = "".join("<tr>" + "".join(row) + "</tr>" for row in zip(*cells, strict=True)) if cells else ""
        caption = "　".join(x for x in (html.escape(self.title), html.escape(self.note())) if x)
        return (f'<table class="qlaudit-people"><caption style="text-align:left">{caption}</caption>'
                f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"{self.title or 'PeopleView'}: {self.note()}\n{self.head_frame().head(20).to_string(index=False)}"


def people(frame: pd.DataFrame, title: str = "", columns: Sequence[str] | None = None,
           max_rows: int = MAX_ROWS) -> PeopleView:
    """Show ``frame`` for people; ``columns`` picks and orders canonical columns (all by default)."""
    return PeopleView(frame if columns is None else frame[list(columns)], title, max_rows)


FINDING_COLUMNS = ["severity", "rule", "subject", "title", "amounts"]


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per finding (passed identities left out): severity, rule, subject, title and its amounts in 元."""
    rows = [{"severity": f.severity, "rule": f.rule, "subject": f.subject, "title": f.title,
             "amounts": "；".join(f"{amount_label(name)} {format_yuan(fen)}元" for name, fen in f.amounts)}
            for f in findings if not f.passed]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def findings_html(findings: Sequence[Finding], title: str = "审计发现") -> str:
    problems = [f for f in findings if not f.passed]
    counts = "，".join(f"{label}{sum(1 for f in problems if f.severity == s)}条" for s, label in SEVERITY_LABELS.items())
    passed = len(findings) - len(problems)
    view = PeopleView(findings_frame(problems), f"{title}：{counts}；通过的核对{passed}项（未列出）")
    return view.to_html()


def evidence_html(evidence: pd.DataFrame) -> str:
    return PeopleView(evidence, "证据（凭证或指标行）").to_html() if len(evidence) else ""


SAMPLE_COLUMNS = ["date", "voucher_no", "summary", "payee", "project_name", "economic_code", "amount_fen",
                  "pick_reason"]


def sample_html(result: SampleResult) -> str:
    """A sample as people read it: how it was drawn, the population, then the picked lines with their reasons."""
    method = _METHOD_LABELS.get(result.method, result.method)
    title = (f"{method}（种子 {result.seed}）：总体{result.population_lines:,}行，"
             f"金额 {format_wan(result.population_fen)}万元；抽取{len(result.picks)}行")
    columns = [c for c in SAMPLE_COLUMNS if c in result.picks.columns]
    return PeopleView(result.picks[columns], title).to_html()
