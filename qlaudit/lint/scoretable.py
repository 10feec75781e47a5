"""The self-evaluation score tables (项目支出绩效自评表, 部门整体支出绩效自评表) read as tables, however flattened.

A published 自评表 arrives as rows of cells joined by ``|`` or tabs, one cell per line, or rows broken over two lines.
All of these are read as one stream of non-empty cells in text order, each with its line; the tables are then found
by their header words (domain.md §6, §8), not by their line layout:

- the **资金 block**: a header with 预算数 (年初 / 全年), 执行数, and 分值 / 执行率 / 得分 in the order written, then rows
  labelled 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金 (or 基本支出, 项目支出 …) with their numbers. A row's
  numbers are put under the columns in order; a percentage goes under 执行率, so a row whose empty cells were dropped
  (``5.00 5.00 5.00 100%``) still lines up; an empty cell written ``—`` or ``/`` keeps its column.
- **indicator rows**: a header naming 指标值, 实际值 / 完成值, 分值 and 得分 in some order; each row is a name cell and
  four values in that order. A comparator cell (``≥``, ``=``) and a unit cell (``元``, ``%``) are joined to their value.
- **glued rows** of an OCR text with no separators (``…完成时间42023年11月完成2023年11月完成3``): weight, target, the
  same text again as the actual, score; and a 预算执行率 row ``10—100%9`` (weight, rate, score).

This module only reads; ``check_tables`` judges. Values stay text or ``Decimal``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from qlaudit.lint.structure import Document

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
_COMPARATOR = re.compile(r"^(?:>=|<=|≥|≤|=|>|<|＝|﹦)$")
_VALUE = re.compile(r"^(?P<op>>=|<=|≥|≤|=|>|<)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>\S*)$")
_UNIT_CELL = re.compile(r"^(?:%|‰|元|万元|人|人次|次|个|户|家|所|辆|天|年|月|项|场|册|篇|件|台|套|份|本|张|座|处|条|公里|亩|平方米|"
                        r"小时|元/人|分)$")
_GLUED_SAME = re.compile(r"(?<![\d.])(?P<w>\d{1,2})(?P<t>(?=\S*[\u4e00-\u9fff])\S{3,30}?)(?P=t)(?P<s>\d{1,2}(?:\.\d)?)(?![\d.%])")
_GLUED_RATE = re.compile(r"执行率(?P<w>\d{1,2})[一—\-－]?(?P<r>\d{1,3}(?:\.\d+)?)%(?P<s>\d{1,2}(?:\.\d+)?)(?![\d.%])")
_ENDS_TABLE = re.compile(r"^表\s*\d|[。；;]|^.{41,}")
_FUND_ROWS = ("资金总额", "合计", "其中", "财政拨款", "上年结转", "其他资金", "基本支出", "项目支出", "其他", "人员经费",
              "公用经费", "小计")
_TOTAL_ROWS = ("资金总额", "合计")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int


def cells(document: Document) -> list[Cell]:
    """Every non-empty table cell or line of the document, in text order."""
    found = []
    for number, line in enumerate(document.lines, start=1):
        parts = line.split("|") if "|" in line else line.split("\t")
        found.extend(Cell(p.strip(), number) for p in parts if p.strip())
    return found


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def is_placeholder(text: str) -> bool:
    """An empty cell written as a dash or slash (``—``, ``-``, ``/``): it keeps its column, it holds no value."""
    return text in ("—", "——", "-", "--", "/", "／", "－", "–")


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text.rstrip("%").replace(",", ""))
    except InvalidOperation:
        return None


# --- the 资金 block -------------------------------------------------------------------------------------------------


def _fund_column(text: str, before: str) -> str:
    if "计算" in text or "方法" in text:
        return "method"
    if "执行率" in text:
        return "rate"
    if "执行数" in text:
        return "spent"
    if "预算数" in text or text.startswith("预算"):
        return "initial" if "年初" in text or before == "年初" else "budget"
    if "分值" in text:
        return "weight"
    if text.startswith("得分"):
        return "score"
    return ""


@dataclass(frozen=True)
class FundRow:
    label: str
    line: int
    values: dict[str, Decimal]  # column kind → value (rate in %)
    texts: dict[str, str]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class FundBlock:
    columns: tuple[str, ...]
    rows: tuple[FundRow, ...]
    line: int  # the header's first line

    def denominator(self, row: FundRow) -> Decimal | None:
        """全年预算数 when the block has it, else 年初预算数 (the rate's denominator)."""
        return row.values.get("budget", row.values.get("initial"))


def _align(columns: list[str], values: list[str]) -> dict[str, str] | None:
    slots = [c for c in columns if c != "method"]
    rates = [i for i, v in enumerate(values) if v.endswith("%")]
    if len(values) > len(slots) or len(rates) > 1:
        return None
    if rates and "rate" in slots:
        r, at = rates[0], slots.index("rate")
        before, after = slots[:at], slots[at + 1:]
        if r > len(before) or len(values) - r - 1 > len(after):
            return None
        return {**dict(zip(before, values[:r], strict=False)), "rate": values[r],
                **dict(zip(after, values[r + 1:], strict=False))}
    plain = [c for c in slots if c != "rate"] if len(values) < len(slots) else slots
    return dict(zip(plain, values, strict=False))


def fund_blocks(stream: list[Cell]) -> list[FundBlock]:
    blocks = []
    i = 0
    while i < len(stream):
        columns: list[str] = []
        j, before = i, ""
        while j < len(stream) and not is_number(stream[j].text) and len(stream[j].text) <= 40:
            kind = _fund_column(stream[j].text, before)
            if kind:
                columns.append(kind)
            elif columns and any(w in stream[j].text for w in _FUND_ROWS):
                break
            before = stream[j].text
            j += 1
            if len(columns) >= 8:
                break
        if not ({"spent"} <= set(columns) and {"budget", "initial"} & set(columns)
                and {"score", "weight", "rate"} & set(columns)):
            i += 1
            continue
        rows = []
        while j < len(stream):
            label = stream[j]
            if is_number(label.text) or not any(w in label.text for w in _FUND_ROWS):
                break
            k = j + 1
            while k < len(stream) and (is_number(stream[k].text) or is_placeholder(stream[k].text)):
                k += 1
            texts = _align(columns, [c.text for c in stream[j + 1:k]])
            if texts:
                texts = {c: t for c, t in texts.items() if not is_placeholder(t)}
                values = {c: v for c, t in texts.items() if (v := number(t)) is not None}
                rows.append(FundRow(label.text, label.line, values, texts,
                                    tuple(dict.fromkeys(c.line for c in stream[j:k]))))
            if k < len(stream) and _fund_column(stream[k].text, "") == "method":
                k += 1
            if k < len(stream) and not any(w in stream[k].text for w in _FUND_ROWS) and "分值" in stream[k].text:
                k += 1  # a rule written in the row ("执行率×分值…")
            j = k
        if rows:
            blocks.append(FundBlock(tuple(columns), tuple(rows), stream[i].line))
        i = max(j, i + 1)
    return blocks


def is_total_row(label: str) -> bool:
    return any(w in label for w in _TOTAL_ROWS)


# --- indicator rows -------------------------------------------------------------------------------------------------


def _indicator_column(text: str) -> str:
    if "原因" in text or "措施" in text or len(text) > 12:
        return ""
    if "指标值" in text and "实际" not in text:
        return "target"
    if "实际值" in text or "完成值" in text or "实际完成" in text:
        return "actual"
    if "分值" in text or "权重" in text:
        return "weight"
    if text.startswith("得分") and "计算" not in text:
        return "score"
    return ""


@dataclass(frozen=True)
class Value:
    text: str
    op: str  # ≥ ≤ = or ''
    number: Decimal | None
    unit: str

    @classmethod
    def of(cls, text: str) -> Value:
        clean = text.replace(" ", "").replace("＝", "=").replace("﹦", "=")
        m = _VALUE.match(clean)
        if m is None:
            return cls(clean, "", None, "")
        op = {">=": "≥", ">": "≥", "<=": "≤", "<": "≤"}.get(m.group("op") or "", m.group("op") or "")
        return cls(clean, op, number(m.group("num")), m.group("unit"))

    @property
    def quantitative(self) -> bool:
        """A number, or a text that names a date or a number (``2023年11月完成``), not a quality in words."""
        return self.number is not None or bool(re.search(r"\d", self.text))


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    target: Value
    actual: Value
    weight: Decimal
    score: Decimal
    lines: tuple[int, ...]
    reason: str = ""


def _merged(stream: list[Cell]) -> list[Cell]:
    """Comparator cells joined to the value after them, unit cells to the number before them."""
    out: list[Cell] = []
    pending = ""
    for cell in stream:
        text = cell.text.replace("＝", "=").replace("﹦", "=")
        if _COMPARATOR.match(text):
            pending = text
            continue
        if _UNIT_CELL.match(text) and out and is_number(out[-1].text.lstrip("=≥≤<>")):
            out[-1] = Cell(out[-1].text + text, out[-1].line)
            continue
        out.append(Cell(pending + text, cell.line) if pending else cell)
        pending = ""
    return out


def _header_order(stream: list[Cell], start: int) -> tuple[list[str], int] | None:
    order: list[str] = []
    j, end = start, start
    while j < len(stream) and j < start + 14 and not is_number(stream[j].text) and len(order) < 4:
        kind = _indicator_column(stream[j].text)
        if kind and kind not in order:
            order.append(kind)
            end = j + 1
        j += 1
    if end < len(stream) and ("原因" in stream[end].text or "措施" in stream[end].text):
        end += 1
    return (order, end) if len(order) == 4 else None


def indicator_rows(stream: list[Cell]) -> list[IndicatorRow]:
    merged = _merged(stream)
    rows: list[IndicatorRow] = []
    i = 0
    order: list[str] = []
    while i < len(merged):
        if _ENDS_TABLE.search(merged[i].text):
            order = []  # a caption or a sentence: the indicator table (if any) ended
        if _indicator_column(merged[i].text) == "target":
            start = i
            while start > 0 and i - start < 6 and not is_number(merged[start - 1].text) \
                    and len(merged[start - 1].text) <= 12:
                start -= 1
            found = _header_order(merged, start)
            if found:
                order, i = found[0], found[1]
                continue
        if order and i >= 1 and i + 4 <= len(merged) and not is_number(merged[i - 1].text):
            window = merged[i:i + 4]
            values = dict(zip(order, window, strict=True))
            weight, score = values["weight"].text, values["score"].text
            if is_number(weight) and is_number(score) and not weight.endswith("%") and not score.endswith("%") \
                    and not is_number(merged[i - 1].text) and _indicator_column(merged[i - 1].text) == "":
                w, s = number(weight), number(score)
                if w is not None and s is not None and 0 < w <= 100:
                    reason = merged[i + 4].text if i + 4 < len(merged) and not is_number(merged[i + 4].text) else ""
                    rows.append(IndicatorRow(merged[i - 1].text, Value.of(values["target"].text),
                                             Value.of(values["actual"].text), w, s,
                                             tuple(dict.fromkeys(c.line for c in merged[i - 1:i + 4])), reason))
                    i += 4
                    continue
        i += 1
    return rows


def glued_rows(document: Document) -> list[IndicatorRow]:
    """Indicator rows of an OCR text run together: ``名称 4 2023年11月完成 2023年11月完成 3``, ``执行率10—100%9``."""
    rows = []
    for number_, line in enumerate(document.lines, start=1):
        if "|" in line or "\t" in line:
            continue
        for m in _GLUED_SAME.finditer(line):
            value = Value.of(m.group("t"))
            w, s = Decimal(m.group("w")), Decimal(m.group("s"))
            if 0 < w <= 40:
                name = re.search(r"[\u4e00-\u9fff()、]*$", line[: m.start()])
                rows.append(IndicatorRow(name.group() if name else "", value, value, w, s, (number_,)))
        for m in _GLUED_RATE.finditer(line):
            w, s, rate = Decimal(m.group("w")), Decimal(m.group("s")), Decimal(m.group("r"))
            if 0 < w <= 40:
                target = Value("100%", "≥", Decimal(100), "%")
                rows.append(IndicatorRow("预算执行率", target, Value(f"{rate}%", "", rate, "%"), w, s, (number_,)))
    return rows
