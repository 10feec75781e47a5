"""Which amount is a part of which: the ``其中`` / ``即`` / bracket breakdowns of a line, and sources after a total.

A report lists the parts of a total right after it: ``收入80亿元，同比增加3亿元。其中：城区收入50亿元…``,
``每年40万元（中央和省级补助30万元，本级配套10万元）``, ``预算资金为20万元，即：A 12万元、B 8万元…``, or, without
a marker, ``实际使用共计100万元，…财政拨款支出40万元，…自筹资金支出60万元`` (a total, then amounts named by
their source). Each such amount gets ``parent`` = the position of its total and ``breakdown`` = how it was listed.

Rules, per prose line, in text order:

- ``其中`` opens a list whose total is the amount just before it (a change such as ``同比增加…`` is skipped; after a
  full stop, the last earlier amount of the parts' measure). The list runs to the end of its sentence, and on over a
  full stop when the next sentence starts with a list number (``2.上年结转项目…``), so lists within lists work.
- ``即`` and a bracket right after an amount open a list whose total is that amount; a bracket list ends at its
  closing bracket, a ``即`` list at the full stop or the next list number.
- An inline top-level heading (``五、存在的问题…``) ends every list.
- Changes (measure ``变动``) are never parts. Nothing here judges the sums (``check_parts`` does).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

from qlaudit.lint.extract import MONEY, Figure
from qlaudit.lint.labels import names_budget
from qlaudit.lint.structure import Document
from qlaudit.lint.vocab import Vocabulary

CHANGE = "变动"
_EVENTS = re.compile(r"。|[(（]|[)）]|其中|即\s*[:：]|(?<![\d第])[一二三四五六七八九十]{1,2}、|(?<![\d.])\d{1,2}\s*[.、](?!\d)")


@dataclasses.dataclass
class _Scope:
    parent: Figure
    kind: str  # 其中 | 即 | 括号
    after_stop: bool = False
    parts: int = 0  # 分 of the parts so far
    count: int = 0
    done: bool = False  # the parts reached the total: only zero amounts may still follow as parts

    def complete(self) -> bool:
        """The parts listed so far add up to the total: what follows is no longer a part (``其中A 100万元，B 11万元，
        调减40万元…``)."""
        if self.count < 2 or self.parent.kind != MONEY:
            return False
        return abs(self.parent.fen - self.parts) <= self.parent.tolerance + 5_000 * self.count


def _line_starts(text: str) -> list[int]:
    starts, at = [0], 0
    for line in text.split("\n"):
        at += len(line) + 1
        starts.append(at)
    return starts


def _choose_total(before: list[Figure], first_part: Figure) -> Figure | None:
    amounts = [f for f in before if f.measure != CHANGE]
    same = [f for f in amounts if first_part.measure and f.measure == first_part.measure]
    return (same or amounts or [None])[-1]


def _assign_line(text: str, base: int, figures: list[Figure]) -> dict[int, tuple[int, str]]:
    """{position of a part: (position of its total, breakdown)} for the money figures of one line."""
    found: dict[int, tuple[int, str]] = {}
    scopes: list[_Scope] = []
    seen: list[Figure] = []
    pending_stop = False  # a 其中 after a full stop: its total is chosen by the first part's measure
    previous_end = 0
    for figure in figures:
        segment = text[previous_end: figure.position - base]
        previous = seen[-1] if seen else None
        for event in _EVENTS.finditer(segment):
            token = event.group()
            if token == "。":
                scopes = [s for s in scopes if s.kind == "其中"]
                for s in scopes:
                    s.after_stop = True
            elif token in "(（":
                if previous is not None and previous.measure != CHANGE and not segment[: event.start()].strip():
                    scopes.append(_Scope(previous, "括号"))
            elif token in ")）":
                for i in range(len(scopes) - 1, -1, -1):
                    if scopes[i].kind == "括号":
                        del scopes[i:]
                        break
            elif token == "其中":
                if scopes and scopes[-1].kind == "括号" and scopes[-1].parent is previous:
                    continue  # "（其中…": the bracket already lists previous's parts
                stop = "。" in segment[: event.start()]
                total = None if stop else next((f for f in reversed(seen) if f.measure != CHANGE), None)
                if total is None and not seen:
                    continue
                pending_stop = total is None
                scopes = [s for s in scopes if not s.after_stop]
                scopes.append(_Scope(total or seen[-1], "其中"))
            elif token.startswith("即"):
                if previous is not None and previous.measure != CHANGE:
                    scopes.append(_Scope(previous, "即"))
            elif token.endswith("、") and not token[0].isdigit():
                scopes = []  # an inline heading: a new part of the report
            else:  # a list number "2."
                scopes = [s for s in scopes if s.kind != "即"]
                for s in scopes:
                    s.after_stop = False
        scopes = [s for s in scopes if not s.after_stop]
        while scopes and scopes[-1].done and figure.measure != CHANGE and figure.fen != 0:
            scopes.pop()
        if scopes and figure.measure != CHANGE:
            scope = scopes[-1]
            if pending_stop and scope.kind == "其中":
                chosen = _choose_total(seen[: seen.index(scope.parent) + 1], figure) if scope.parent in seen else None
                scope.parent = chosen or scope.parent
                pending_stop = False
            if scope.parent is not figure:
                found[figure.position] = (scope.parent.position, scope.kind)
                scope.parts += figure.fen
                scope.count += 1
                scope.done = scope.done or scope.complete()
        seen.append(figure)
        previous_end = figure.position - base + len(figure.raw)
    return found


def _sources(figures: list[Figure], found: dict[int, tuple[int, str]], text: str, base: int,
             vocab: Vocabulary) -> None:
    """A total (共计 / 合计 …) followed in its sentence by amounts named by their source: those are its parts."""
    totals = vocab.terms("total_words_strict")
    sources = vocab.terms("source_words")
    for i, total in enumerate(figures):
        if total.measure == CHANGE or total.position in found:
            continue
        start = figures[i - 1].position - base + len(figures[i - 1].raw) if i else 0
        clause = re.split(r"[，,；;。]", text[start: total.position - base])[-1]
        if not totals.last(clause):
            continue
        parts = []
        previous_end = total.position - base + len(total.raw)
        for f in figures[i + 1:]:
            window = text[previous_end: f.position - base]
            previous_end = f.position - base + len(f.raw)
            if "。" in window:
                break
            clause = re.split(r"[，,；;]", window)[-1]
            if f.measure != CHANGE and f.position not in found and sources.last(clause) and not totals.last(clause):
                parts.append(f)
        if len(parts) >= 2:
            for part in parts:
                found[part.position] = (total.position, "来源")


_CLAUSE = re.compile(r"[，,、；;：:()（）。]")
_NOISE = re.compile(r"^(?:其中|即|以及|及|和|另|含|包括|\d+[.、]|20\d\d年度?)+|(?:为|是|达|共|计|约)+$")


def own_name(window: str) -> str:
    """The words of the clause just before an amount: ``，绩效奖励`` → 绩效奖励; ``图书馆每年补助`` → 图书馆每年补助."""
    return _NOISE.sub("", _CLAUSE.split(window)[-1].strip())[-16:]


def _window(document: Document, figures: dict[int, Figure], part: Figure) -> str:
    before = [f for f in figures.values() if f.line == part.line and f.position < part.position]
    start = max((f.position + len(f.raw) for f in before), default=part.position - 40)
    return document.text[max(start, 0): part.position]


def _labelled(document: Document, figures: dict[int, Figure], part: Figure, parent: int, how: str) -> Figure:
    """A part with its total, named by its own words and the total's measure when it has no label of its own;
    a subject the part only inherited from an earlier clause (a sibling's) is not its own."""
    window = _window(document, figures, part)
    if part.measure or part.category:
        subject = part.subject
        if subject and subject not in window:
            own = own_name(window)
            subject = "" if not own or names_budget(own) else own
        return dataclasses.replace(part, parent=parent, breakdown=how, subject=subject)
    name = own_name(window)
    total = figures[parent]
    return dataclasses.replace(part, parent=parent, breakdown=how, subject=name or part.subject,
                               measure=total.measure or "金额", label=total.measure or "金额")


def assign_parents(document: Document, figures: tuple[Figure, ...], vocab: Vocabulary) -> tuple[Figure, ...]:
    """``figures`` with ``parent`` and ``breakdown`` set for the amounts that are parts of a total."""
    starts = _line_starts(document.text)
    table_lines = {s.line for s in document.sentences if s.cells}
    by_line: dict[int, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.kind == MONEY and f.line not in table_lines and not re.fullmatch(r"\d+月", f.period):
            by_line[f.line].append(f)
    found: dict[int, tuple[int, str]] = {}
    for line, money in by_line.items():
        text, base = document.lines[line - 1], starts[line - 1]
        line_found = _assign_line(text, base, money)
        _sources(money, line_found, text, base, vocab)
        found.update(line_found)
    if not found:
        return figures
    at = {f.position: f for f in figures}
    sizes = Counter(parent for parent, _ in found.values())
    return tuple((_labelled(document, at, f, *found[f.position]) if sizes[found[f.position][0]] >= 2
                  else dataclasses.replace(f, parent=found[f.position][0], breakdown=found[f.position][1]))
                 if f.position in found else f for f in figures)
