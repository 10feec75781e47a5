"""The figures of a 自评表's 资金 block labelled as the form means them (``scoretable.fund_blocks`` finds the blocks).

A 资金 block is a matrix: rows are the whole (年度资金总额 / 合计), a category (其中：基本支出, 项目支出) or a source of
money (其中：本年财政拨款, 上年结转资金, 其他资金), columns are 年初预算数, 全年预算数, 全年执行数, 执行率 (and 分值,
得分). Read as prose, its row labels would become projects ("年度资金总额") and its source rows measures ("上年结转"),
so each figure of a block row gets, after extraction:

- the **subject** the form declares for the table (a ``项目名称：X`` / ``项目名称 | X`` line, or a caption
  ``…自评表：X（…）``), or the unit for a 部门整体支出绩效自评表;
- the **category** of its row: '' for the whole, the category named, or ``资金来源：…`` for a source row (compared
  only with itself: the sources are checked against the total by ``check_tables``);
- the form's own **年初预算数** (``FORM_INITIAL``), which counts the 上年结转 known at the start of the year: not the
  same item as a 表1's 年初预算.
"""

from __future__ import annotations

import dataclasses
import re

from qlaudit.lint.extract import Figure
from qlaudit.lint.ledger_figures import FORM_INITIAL
from qlaudit.lint.scoretable import FundBlock, is_total_row
from qlaudit.lint.structure import Document
from qlaudit.lint.vocab import Vocabulary

SOURCE = "资金来源："
_DECLARED = re.compile(r"项目名称\s*[:：|\t]\s*([^（(；;|\t，,。]{2,40})")
_CAPTION = re.compile(r"项目支出绩效自评表\s*[:：]\s*([^（(；;|\t，,。]{2,40})")
_UNIT_FORM = ("部门整体支出绩效自评表", "部门整体支出绩效评价表", "整体支出绩效自评表")
_LOOK_BACK = 4  # lines above a block's header where its 项目名称 or caption is written


def block_subject(document: Document, block: FundBlock) -> str | None:
    """The project a block is about ('' for the unit), None when the form does not say."""
    first_row = block.rows[0].line if block.rows else block.line
    for number in range(first_row - 1, max(first_row - 2 - _LOOK_BACK, 0), -1):
        line = document.lines[number - 1]
        if any(w in line for w in _UNIT_FORM):
            return ""
        m = _DECLARED.search(line) or _CAPTION.search(line)
        if m:
            return m.group(1).strip()
    return None


def row_category(label: str, vocab: Vocabulary) -> str:
    found = vocab.categories.first(label)
    if found is not None:
        return found.canonical
    if is_total_row(label):
        return ""
    return SOURCE + re.sub(r"^(?:其中)?\s*[:：]?\s*", "", label).strip()


def label_fund_blocks(document: Document, figures: tuple[Figure, ...], blocks: list[FundBlock],
                      vocab: Vocabulary) -> tuple[Figure, ...]:
    """``figures`` with those of the blocks' rows labelled by the form (subject, row category, 年初预算数)."""
    relabel: dict[int, tuple[str | None, str]] = {}
    for block in blocks:
        subject = block_subject(document, block)
        for row in block.rows:
            category = row_category(row.label, vocab)
            for line in row.lines:
                relabel[line] = (subject, category)
    if not relabel:
        return figures
    out = []
    for f in figures:
        if f.line not in relabel or f.kind not in ("money", "rate", "score"):
            out.append(f)
            continue
        subject, category = relabel[f.line]
        measure = FORM_INITIAL if f.measure == "年初预算" else f.measure
        out.append(dataclasses.replace(f, subject=f.subject if subject is None else subject,
                                       category=category if f.kind != "score" else f.category, measure=measure,
                                       label=measure if f.kind == "money" else f.label))
    return tuple(out)
