"""What every check reads (the document, its figures, the vocabulary) and how a finding quotes the report.

A lint finding is a :class:`qlaudit.findings.Finding` whose evidence rows are report lines: ``file`` is the
report's name, ``row`` the line number, ``summary`` the sentence, ``amount_fen`` the amount stated there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from qlaudit.findings import Evidence, Finding
from qlaudit.lint import scoretable
from qlaudit.lint.extract import MONEY, Figure
from qlaudit.lint.labels import ECONOMIC
from qlaudit.lint.repair import Repair
from qlaudit.lint.structure import Document, Sentence
from qlaudit.lint.vocab import Vocabulary
from qlaudit.money import FEN_PER_WAN, format_wan, format_yuan
from qlaudit.scoring import ScoringSettings


@dataclass(frozen=True)
class Context:
    document: Document
    figures: tuple[Figure, ...]
    vocab: Vocabulary
    year: int | None
    source: str = "report"
    repairs: tuple[Repair, ...] = ()  # what normalising repaired (``repair``)
    notes: tuple[str, ...] = ()  # what the reader did (pages, tables, parts dropped)
    positions: tuple[str, ...] = ()  # where each line was found in the file (第2页, 表1第3行), '' or none for text
    blocks: tuple[scoretable.FundBlock, ...] | None = None  # the 资金 blocks, when already read (``lint_text``)
    scoring: ScoringSettings | None = None  # the scoring settings lint was given (grade bands), None: the packaged

    def where(self, line: int) -> str:
        """'第12行' or '第12行（第2页表1第3行）'."""
        at = self.positions[line - 1] if 0 < line <= len(self.positions) else ""
        return f"第{line}行（{at}）" if at else f"第{line}行"

    def is_summary(self, subject: str) -> bool:
        """A subject that is a long table's summary row (``另有12项``, ``其余项目``), not a project."""
        return bool(_summary_pattern(self.vocab).fullmatch(subject))

    @cached_property
    def declares_rounding(self) -> bool:
        """The report says that it moved the rounding difference of its tables (``尾差``, ``rounding_notes``): a
        printed figure may then differ from the exact one by one unit of its last decimal beyond rounding."""
        return any(w in self.document.text for w in self.vocab.words["rounding_notes"])

    @cached_property
    def fund_blocks(self) -> list[scoretable.FundBlock]:
        """The 资金 blocks of the report's score tables (read once, used by several checks)."""
        if self.blocks is not None:
            return list(self.blocks)
        return scoretable.fund_blocks(scoretable.cells(self.document))

    @cached_property
    def indicator_rows(self) -> list[scoretable.IndicatorRow]:
        """Indicator rows of the score tables (a 资金 block's rows are never indicator rows)."""
        rows = [*scoretable.indicator_rows(scoretable.cells(self.document)), *scoretable.glued_rows(self.document)]
        return [r for r in rows if not self.fund_lines.intersection(r.lines)]

    @cached_property
    def fund_lines(self) -> frozenset[int]:
        """Lines of the 资金 blocks' rows: their rates and scores are judged by ``check_tables`` only."""
        return frozenset(ln for block in self.fund_blocks for r in block.rows for ln in r.lines)

    @cached_property
    def _by_position(self) -> dict[int, Figure]:
        return {f.position: f for f in self.figures}

    def at(self, position: int) -> Figure | None:
        """The figure written at ``position`` (a part's ``parent``)."""
        return self._by_position.get(position)

    def sentence(self, figure: Figure) -> Sentence:
        return self.document.sentences[figure.sentence_index]

    def money(self, measure: str | None = None, *, subject: str | None = "", category: str | None = "",
              period: str = "") -> list[Figure]:
        """Exact amounts (approximate ones left out) of one label; ``None`` means any."""
        return [f for f in self.figures if f.kind == MONEY and not f.approx and f.period == period
                and (measure is None or f.measure == measure) and (subject is None or f.subject == subject)
                and (category is None or f.category == category)]

    def of_kind(self, kind: str, sentence_index: int | None = None) -> list[Figure]:
        return [f for f in self.figures if f.kind == kind and not f.approx
                and (sentence_index is None or f.sentence_index == sentence_index)]

    def window(self, figure: Figure) -> str:
        """The sentence text between the previous figure of the sentence and ``figure``."""
        sentence = self.sentence(figure)
        start = figure.position - sentence.start
        before = [f for f in self.figures if f.sentence_index == figure.sentence_index and f.position < figure.position]
        previous_end = before[-1].position - sentence.start + len(before[-1].raw) if before else 0
        return sentence.text[max(0, previous_end): max(0, start)]

    def subjects(self) -> list[str]:
        """Named funds and projects with an amount, in order of first mention (budget scopes, items of the economic
        classification and summary rows such as ``另有12项`` left out)."""
        scopes = set(self.vocab.budget_types.mapping.values())
        names: list[str] = []
        for f in self.figures:
            if f.kind == MONEY and f.subject and f.subject not in scopes and f.subject not in names \
                    and not f.category.endswith(ECONOMIC) and not self.is_summary(f.subject):
                names.append(f.subject)
        return names


@lru_cache(maxsize=8)
def _summary_pattern(vocab: Vocabulary) -> re.Pattern[str]:
    return vocab.regex("summary_rows")


def wan(fen: int) -> str:
    """An amount for a message: 万元 with 2 decimals, and the exact 元 beside it when the 万元 figure is rounded
    ('7.66万元（76,583.50元）')."""
    text = format_wan(fen) + "万元"
    return text if fen % (FEN_PER_WAN // 100) == 0 else f"{text}（{format_yuan(fen)}元）"


def tolerance_wan(fen: int) -> str:
    """A rounding tolerance in 万元 at the precision it has: 5000 分 → '0.005万元'."""
    return f"{(Decimal(fen) / FEN_PER_WAN).normalize():f}万元"


def percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _sentences(ctx: Context, items: Iterable[Figure | Sentence]) -> list[tuple[Sentence, int]]:
    seen: dict[int, tuple[Sentence, int]] = {}
    for item in items:
        sentence = ctx.sentence(item) if isinstance(item, Figure) else item
        amount = item.value if isinstance(item, Figure) and item.kind == MONEY and isinstance(item.value, int) else 0
        if sentence.index not in seen:
            seen[sentence.index] = (sentence, amount)
    return sorted(seen.values(), key=lambda pair: pair[0].index)


def quote(ctx: Context, items: Iterable[Figure | Sentence]) -> str:
    return "；".join(f"{ctx.where(s.line)}「{s.text}」" for s, _ in _sentences(ctx, items))


def make(ctx: Context, rule: str, severity: str, title: str, explanation: str, items: Iterable[Figure | Sentence],
         *, subject: str = "", amounts: tuple[tuple[str, int], ...] = (), passed: bool = False) -> Finding:
    """A finding whose explanation ends with the quoted sentences and whose evidence rows are those lines."""
    pairs = _sentences(ctx, items)
    quoted = quote(ctx, [s for s, _ in pairs])
    evidence = tuple(Evidence(file=ctx.source, row=s.line, summary=s.text, amount_fen=amount) for s, amount in pairs)
    text = f"{explanation} 见：{quoted}。" if quoted else explanation
    return Finding(rule, severity, title, text, subject, _unique(amounts), evidence, passed)


def _unique(amounts: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """Amount names made unique (JSON turns them into object keys): a repeated name gets "（2）", "（3）" …"""
    seen: dict[str, int] = {}
    named = []
    for name, fen in amounts:
        seen[name] = seen.get(name, 0) + 1
        named.append((name if seen[name] == 1 else f"{name}（{seen[name]}）", fen))
    return tuple(named)


def describe(figure: Figure) -> str:
    """'侨联工作经费支出7.81万元（第14行）'."""
    return f"{figure.subject}{figure.label}{figure.raw}（第{figure.line}行）"
