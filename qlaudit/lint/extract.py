"""Figures of a report: every amount, rate, score, count and grade, with its label, section and sentence.

Amounts are int 分 (never float): ``47.13万元``, ``7.66万`` (万元), ``471,300元``, ``3万元``, ``47.128507万元`` (6
decimals of 万元 = 分). A number is classified by what follows it: ``万元/万/元/亿元`` money, ``%`` rate, ``分``
score, a count unit (``个 家 名 人 次 位 户 件 …``, ``2万余只`` included) count; dates (``2021年``, ``12月``),
document numbers (``1号``) and ordinals (``第1``) are not figures. ``约 / 近 / 余 / 多 / 左右`` mark a figure as
approximate (left out of arithmetic), while a bound (``不低于200人``, ``≥95%``, ``不超过``) makes it a target with a
``direction``. A line reporting the year so far (``1至6月，…累计完成``) gives its figures that period. A number with a money label but no unit (a cut-off ``预算资金为47.13``) is
kept as kind ``number``, to be reported as unattributed. A sign before a number that follows no letter or digit
(a table cell ``-0.31``) makes it negative; ``QL-001`` stays an identifier. Labels: see ``labels``; tables: see
``tables`` (a row's cells belong to the row's subject and column).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from qlaudit.lint import labels, tables
from qlaudit.lint.structure import Document, Sentence
from qlaudit.lint.vocab import Vocabulary
from qlaudit.money import MoneyError, wan_to_fen, yuan_to_fen

MONEY, RATE, SCORE, COUNT, GRADE, NUMBER = "money", "rate", "score", "count", "grade", "number"
_NUM = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)")
_NOT_SCORE = "之钟别析类配期批局行布散管工担摊享会队组成段解送发拨红"
_MAX_TOLERANCE_FEN = 5_000  # ±0.005 万元 per rounded figure (domain.md §5)
_PLAN = ("预算", "年初预算", "调整后预算")
_CLAUSE = re.compile(r"[，,、；;：:。]")
_COUNT_MEASURES = (("total_words", "合计"), ("parts_words", "其中"), ("target_words", "目标"), ("actual_words", "实际"))


@dataclass(frozen=True)
class Figure:
    """One figure of the report. ``value``: int 分 (money), Decimal (rate in %, score, count, number), str (grade)."""

    value: int | Decimal | str
    kind: str
    unit: str
    label: str
    subject: str
    section: str
    sentence: str
    position: int
    line: int = 0
    raw: str = ""
    measure: str = ""
    category: str = ""
    period: str = ""
    places: int = 2
    approx: bool = False
    sentence_index: int = -1
    direction: str = ""  # a bound: "≥" ("不低于200人"), "≤" ("不超过300元"), "" when the figure is stated as is
    parent: int = -1  # position of the total this figure is a part of ("其中", "即", a bracket), -1 when none
    breakdown: str = ""  # how the parts of this figure's total are listed: "其中", "即", "括号", "来源"

    @property
    def fen(self) -> int:
        if self.kind != MONEY or not isinstance(self.value, int):
            raise TypeError(f"not an amount: {self.raw}")
        return self.value

    @property
    def number(self) -> Decimal:
        if isinstance(self.value, int):
            return Decimal(self.value)
        if isinstance(self.value, Decimal):
            return self.value
        raise TypeError(f"not a number: {self.raw}")

    @property
    def tolerance(self) -> int:
        """Half a unit of the last written decimal of an amount, in 分, at most 0.005 万元."""
        scale = {"万元": 6, "亿元": 10, "元": 2}.get(self.unit, 2)
        exponent = scale - self.places  # the last written digit is worth 10**exponent 分
        return 0 if exponent <= 0 else min(5 * 10 ** (exponent - 1), _MAX_TOLERANCE_FEN)

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the last written decimal (rates, scores, counts)."""
        return Decimal(5).scaleb(-self.places - 1)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What the figure states: (period, subject, category, measure)."""
        return (self.period, self.subject, self.category, self.measure)

    @property
    def attributed(self) -> bool:
        return bool(self.measure or self.category)


def money_label_text(measure: str, category: str) -> str:
    if category:
        return category if measure == "支出" else f"{category}{measure}"
    return measure


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    number: str
    kind: str  # money | rate | score | count | bare | skip
    unit: str
    scale: int = 1
    approx: bool = False
    negative: bool = False
    direction: str = ""


_SIGN_BEFORE = re.compile(r"(?:^|[\s:：(（=])[-−]$")


def _scan(text: str, vocab: Vocabulary) -> list[_Token]:
    units = sorted(vocab.words["count_units"], key=len, reverse=True)
    blockers = ("项目", "名称", "名单", "期间", "条件", "人员")
    not_after = sorted(vocab.words["not_figure_after"], key=len, reverse=True)
    tokens = []
    for m in _NUM.finditer(text):
        before = text[max(0, m.start() - 2): m.start()]
        rest = text[m.end(): m.end() + 12].lstrip(" ")
        end = m.end() + (len(text[m.end(): m.end() + 12]) - len(rest))
        wide = text[max(0, m.start() - 5): m.start()].rstrip(" ")
        direction = "≥" if wide.endswith(tuple(vocab.words["bound_at_least"])) else (
            "≤" if wide.endswith(tuple(vocab.words["bound_at_most"])) else "")
        approx = not direction and any(before.endswith(w) for w in vocab.words["approx_before"])
        letter_before = before[-1:].isascii() and before[-1:].isalpha()  # an identifier: QL001, A3
        negative = bool(_SIGN_BEFORE.search(text[max(0, m.start() - 2): m.start()]))  # a cell "-0.31", not "QL-001"
        if not negative and (letter_before or any(before.endswith(w) for w in vocab.words["ordinal_before"])):
            tokens.append(_Token(m.start(), m.end(), m.group(), "skip", ""))
            continue
        i = 0
        if rest[:1] in ("余", "多"):
            approx, i = True, 1
        scale, kind, unit = 1, "bare", ""
        if rest.startswith("万", i) and not rest.startswith("万元", i):
            j = i + 1
            if rest[j:j + 1] in ("余", "多"):
                approx, j = True, j + 1
            unit_here = next((u for u in units if rest.startswith(u, j)), None)
            if rest.startswith("元", j):
                kind, unit, i = MONEY, "万元", j + 1
            elif unit_here:
                kind, unit, scale, i = COUNT, unit_here, 10_000, j + len(unit_here)
            else:
                kind, unit, i = MONEY, "万元", j
        elif rest.startswith("万元", i):
            kind, unit, i = MONEY, "万元", i + 2
        elif rest.startswith("亿元", i):
            kind, unit, i = MONEY, "亿元", i + 2
        elif rest.startswith("元", i) and not rest.startswith(("元旦", "元素", "元宵"), i):
            kind, unit, i = MONEY, "元", i + 1
        elif rest.startswith("%", i):
            kind, unit, i = RATE, "%", i + 1
        elif rest.startswith("个百分点", i) or any(rest.startswith(w, i) for w in not_after):
            kind = "skip"
        elif rest.startswith("分", i) and (not rest[i + 1:i + 2] or rest[i + 1:i + 2] not in _NOT_SCORE):
            kind, unit, i = SCORE, "分", i + 1
        else:
            unit_here = next((u for u in units if rest.startswith(u, i)), None)
            if unit_here and not any(rest.startswith(b, i) for b in blockers):
                kind, unit, i = COUNT, unit_here, i + len(unit_here)
        if kind != "skip" and any(rest.startswith(w, i) for w in vocab.words["approx_after"]):
            approx = True
        tokens.append(_Token(m.start(), end + i if kind not in ("bare", "skip") else m.end(), m.group(), kind, unit,
                             scale, approx, negative, direction))
    return tokens


def _decimal(number: str) -> tuple[Decimal, int]:
    value = Decimal(number.replace(",", ""))
    exponent = value.as_tuple().exponent
    return value, -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _to_fen(value: Decimal, unit: str) -> int:
    if unit == "万元":
        return wan_to_fen(value)
    if unit == "亿元":
        return wan_to_fen(value * 10_000)
    return yuan_to_fen(value)


def _clause_before(window: str) -> str:
    return _CLAUSE.split(window)[-1].strip()[-12:]


class _Extractor:
    def __init__(self, vocab: Vocabulary, year: int | None, known: labels.Known = ()) -> None:
        self.vocab, self.year, self.known = vocab, year, known
        self._names = {name for _, name in known}
        self.figures: list[Figure] = []

    def add(self, sentence: Sentence, offset: int, raw: str, value: int | Decimal | str, kind: str, unit: str,
            label: labels.Label, places: int, approx: bool, text_label: str, direction: str = "") -> Figure:
        figure = Figure(value, kind, unit, text_label, label.subject, sentence.section, sentence.text,
                        sentence.start + offset, sentence.line, raw, label.measure, label.category, label.period,
                        places, approx, sentence.index, direction)
        self.figures.append(figure)
        return figure

    def figure(self, sentence: Sentence, token: _Token, window: str, scope: labels.Scope, previous: Figure | None,
               offset: int, cell: tables.Cell | None = None) -> Figure | None:
        """The figure of ``token`` (``previous``: the sentence's previous figure), or None when it is no figure."""
        v = self.vocab
        value, places = _decimal(token.number)
        if token.negative:
            value = -value
        at = offset + token.start
        kind, unit = token.kind, token.unit
        if kind == "bare" and cell is not None:
            kind = cell.kind or "bare"
            unit = cell.unit if kind == MONEY else ("%" if kind == RATE else "")
        raw = sentence.text[token.start: token.end] if cell is None else token.number + unit  # a cell: "3.00万元"
        raw = f"-{raw}" if token.negative and cell is not None else raw
        named = cell.subject if cell is not None else ""  # a table row's explicit subject
        if cell is not None and named:
            window = cell.column  # the row's subject is explicit: the rest is read from the column
        if kind in (MONEY, "bare"):
            money_before = previous is not None and previous.kind in (MONEY, NUMBER)
            label = labels.money_label(window, scope, sentence, previous.measure if money_before else "", v,
                                       self.year, previous.category if money_before else "")
            if named and cell is not None and cell.economic:
                label = labels.Label(label.measure or "支出", cell.economic, named, label.period)
            elif named:
                category = "" if label.category == "项目支出" else label.category
                label = labels.Label(label.measure or ("支出" if category else ""), category, named, label.period)
            if previous is not None and previous.measure == "收入" and label.measure in _PLAN and not label.category:
                label = labels.Label(label.measure, "收入", label.subject, label.period)  # "收入…完成年初预算数X的Y%"
            text = money_label_text(label.measure, label.category)
            if kind == MONEY and unit:
                try:
                    return self.add(sentence, at, raw, _to_fen(value, unit), MONEY, unit, label, places, token.approx,
                                    text)
                except MoneyError:
                    pass
            if not (label.measure or label.category):
                return None
            return self.add(sentence, at, raw, value, NUMBER, unit, label, places, token.approx, text)
        if kind == RATE:
            name = v.rates.last(window)
            label = labels.simple_label(name.canonical if name else "", window, scope, sentence, v, self.year, True)
            if named:
                label = labels.Label(label.measure, "", named, label.period)
            return self.add(sentence, at, raw, value, RATE, "%", label, places, token.approx, label.measure,
                            token.direction)
        if kind == SCORE:
            name = v.scores.last(window)
            label = labels.simple_label(name.canonical if name else "", window, scope, sentence, v, self.year)
            total, part = v.total_score_words.last(window), v.score_components.last(window)
            category = "总分" if total else (part.canonical if part else "")
            earlier = [f for f in self.figures if f.sentence_index == sentence.index and f.kind == SCORE
                       and cell is None]  # a table cell is read from its own column only
            if not category and earlier:
                category = earlier[-1].category  # "预算执行率分值10分，执行率91%，得分9.1分"
            measure = label.measure or (earlier[-1].measure if earlier else "")  # "分值：产出50分，效益30分"
            label = labels.Label(measure, category, named or label.subject, label.period)
            return self.add(sentence, at, raw, value, SCORE, "分", label, places, token.approx,
                            label.measure or category)
        if kind == COUNT:
            found = [(m.end, name) for key, name in _COUNT_MEASURES if (m := v.terms(key).last(window)) is not None]
            label = labels.Label(max(found)[1] if found else "", "", "", labels.period_of(window, self.year))
            return self.add(sentence, at, raw, value * token.scale, COUNT, token.unit, label, places, token.approx,
                            _clause_before(window), token.direction)
        return None

    def prose(self, sentence: Sentence, paragraph: str = "") -> None:
        text, previous_end, previous = sentence.text, 0, None
        names = [(s, e) for _, s, e in labels.subjects_in(text, self.vocab, self.known) if (_, s, e)[0] in self._names]
        for token in _scan(text, self.vocab):
            if token.kind == "skip" or any(s <= token.start and token.end <= e for s, e in names):
                continue  # a digit of a declared project's name ("城区3号公园改造"): no figure
            window = text[previous_end: token.start]
            if token.kind == "bare" and not (self.vocab.money.last(window) or self.vocab.categories.last(window)):
                continue
            scope = labels.Scope(text[:previous_end], paragraph, self.known)
            figure = self.figure(sentence, token, window, scope, previous, 0)
            if figure is not None and token.kind != "bare":
                previous, previous_end = figure, token.end
        self.grades(sentence)

    def table_row(self, sentence: Sentence, cells: list[tables.Cell], header: tuple[str, ...]) -> None:
        scope = labels.Scope(known=self.known)
        for cell in cells:
            for token in _scan(cell.text, self.vocab)[:1]:
                self.figure(sentence, token, cell.window, scope, None, cell.offset, cell)
        at = 0
        for index, grade in tables.grade_cells(sentence.cells, header, self.vocab):
            at = sentence.text.find(grade, max(at, sum(len(c) for c in sentence.cells[:index])))
            label = labels.Label("等级", "", cells[0].subject if cells else "", "")
            self.add(sentence, max(at, 0), grade, self.vocab.grades[grade], GRADE, "", label, 0, False, "等级")

    def grades(self, sentence: Sentence) -> None:
        v = self.vocab
        for m in _grade_pattern(v).finditer(sentence.text):
            label = labels.Label("等级", "", "", "")
            self.add(sentence, m.start(1), m.group(1), v.grades[m.group(1)], GRADE, "", label, 0, False, "等级")


@lru_cache(maxsize=8)
def _grade_pattern(v: Vocabulary) -> re.Pattern[str]:
    markers = "|".join(map(re.escape, sorted(v.words["grade_markers"], key=len, reverse=True)))
    grades = "|".join(map(re.escape, sorted(v.grades, key=len, reverse=True)))
    return re.compile(rf"(?:{markers})\s*(?:为|是|:|：)?\s*[“\"'「(]?\s*({grades})(?=[”\"'」)\s。，,；;等级]|$)")


def extract(document: Document, vocab: Vocabulary, year: int | None) -> tuple[Figure, ...]:
    """Every figure of the document, in text order."""
    extractor = _Extractor(vocab, year, tables.known_projects(document, vocab))
    paragraph_line, paragraph = 0, ""
    for sentence, header, table_unit, scope in tables.walk(document, vocab):
        if sentence.cells and header:
            cells = tables.row_cells(sentence.text, sentence.cells, header, table_unit, vocab, scope)
            if cells:
                extractor.table_row(sentence, cells, header)
                continue
        elif sentence.cells:
            cells = tables.pair_cells(sentence.text, sentence.cells, table_unit, vocab)
            if cells:
                extractor.table_row(sentence, cells, ())
                continue
        if sentence.line != paragraph_line:
            paragraph_line, paragraph = sentence.line, ""
        extractor.prose(sentence, paragraph)
        paragraph += sentence.text
    return _to_date(document, tuple(sorted(extractor.figures, key=lambda f: f.position)))


_TO_DATE = re.compile(r"(?:^|[:：,，\s])(?:(?:元|1)\s*(?:至|-|—)\s*)?(\d{1,2})\s*月(?:份)?(?:末)?\s*[,，]")


def _to_date(document: Document, figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    """Figures of a line that reports the year so far (``1至6月，全县累计完成…``, ``9月，…累计完成``) belong to
    that part of the year (period ``至N月``), not to the year."""
    marked = {}
    for number, line in enumerate(document.lines, start=1):
        m = _TO_DATE.search(line[:40])
        if m and "累计" in line:
            marked[number] = f"至{m.group(1)}月"
    if not marked:
        return figures
    return tuple(dataclasses.replace(f, period=marked[f.line]) if f.line in marked and not f.period else f
                 for f in figures)
