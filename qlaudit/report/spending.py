"""二、一般公共预算支出 explained: basic spending by economic class, 三公经费/会议费/培训费 with their trend, 政府采购.

Figures come from the voucher lines (一般公共预算) of this year and of the years before that load; 三公 codes and
the procurement threshold from the rule settings, labels and exclusions from ``report.toml``. Parts are balanced
to their printed totals (``rounding.balance``).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from qlaudit.codes import economic_name
from qlaudit.document import Block, Heading, Paragraph, Table
from qlaudit.money import format_wan, to_wan
from qlaudit.report.context import ReportContext
from qlaudit.report.privacy import natural_persons
from qlaudit.report.words import change, wan
from qlaudit.rounding import balance, text
from qlaudit.standards import procurement_limits

TOP_CODES = 4


def _general(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["budget_type"] == "general"]


def by_code(lines: pd.DataFrame) -> dict[str, int]:
    sums = lines.groupby("economic_code")["amount_fen"].sum()
    return {str(k): int(v) for k, v in sums.items()}


def basic_by_class(ctx: ReportContext) -> Table:
    """表1-2 基本支出经济分类: each economic code of 人员经费 and 公用经费, balanced to the printed subtotals."""
    fig, spend = ctx.figures, ctx.spend
    before = ctx.previous
    prev = _general(before.expenditures) if before is not None else None
    rows: list[tuple[str, ...]] = []
    totals: list[tuple[int, tuple[int, ...]]] = []
    subtotal_rows = []
    then_totals: list[Decimal] = []
    for kind, line in (("personnel", fig.personnel), ("public", fig.public)):
        amounts = by_code(spend[spend["expense_kind"] == kind])
        then = by_code(prev[prev["expense_kind"] == kind]) if prev is not None else {}
        codes = sorted(c for c in set(amounts) | set(then) if amounts.get(c) or then.get(c))
        shown = balance(fig.shown(line, "spent"), [amounts.get(c, 0) for c in codes]) if codes else ()
        then_total = to_wan(sum(then.values()))
        then_shown = balance(then_total, [then.get(c, 0) for c in codes]) if codes else ()
        then_totals.append(then_total)
        first = len(rows)
        for code, value, before_value in zip(codes, shown, then_shown, strict=True):
            rows.append((code, economic_name(code), text(value), text(before_value) if prev is not None else "—"))
        rows.append(("", f"{line.label}小计", fig.wan(line, "spent"), text(then_total) if prev is not None else "—"))
        totals.append((len(rows) - 1, tuple(range(first, len(rows) - 1))))
        subtotal_rows.append(len(rows) - 1)
    rows.append(("", "基本支出合计", fig.wan(fig.basic, "spent"), text(sum(then_totals, Decimal(0))) if prev is not None
                 else "—"))
    totals.append((len(rows) - 1, tuple(subtotal_rows)))
    return Table("表1-2 基本支出经济分类明细（单位：万元）", ("经济分类", "科目名称", f"{ctx.year}年", f"{ctx.year - 1}年"),
                 tuple(rows), numeric=(2, 3), totals=tuple(totals))


def _controlled_items(ctx: ReportContext) -> list[tuple[str, tuple[str, ...]]]:
    labels = ctx.settings.sangong_labels
    return [(labels.get(key, key), codes) for key, codes in ctx.rules.sangong_codes]


def controlled_blocks(ctx: ReportContext) -> list[Block]:
    """（三）“三公”经费、会议费、培训费: this year against last year and the budget, with the trend over the years."""
    years = [w for w in ctx.workbook.history()][-3:]
    sangong = _controlled_items(ctx)
    others = list(ctx.settings.controlled)
    quota = _general(ctx.workbook.appropriations)

    def spent(wb_frame: pd.DataFrame, codes: tuple[str, ...]) -> int:
        lines = _general(wb_frame)
        return int(lines.loc[lines["economic_code"].isin(codes), "amount_fen"].sum())

    rows: list[tuple[str, ...]] = []
    all_sangong = tuple(c for _, codes in sangong for c in codes)
    lines = [("三公经费合计", all_sangong), *(("　" + label, codes) for label, codes in sangong), *others]
    before = ctx.previous
    for label, codes in lines:
        budget = int(quota.loc[quota["economic_code"].isin(codes), "amount_fen"].sum())
        history = [spent(w.expenditures, codes) for w in years]
        now = history[-1]
        prev = spent(before.expenditures, codes) if before is not None else None
        diff = "" if prev is None else format_wan(now - prev)
        rows.append((label, *(format_wan(h) for h in history), format_wan(budget), diff))
    totals_row = ((0, tuple(range(1, len(sangong) + 1))),) if sangong else ()
    header = ("项目", *(f"{w.year}年" for w in years), f"{ctx.year}年预算", "比上年增减")
    clauses = []
    for label, codes in [("三公经费", all_sangong), *others]:
        now = spent(ctx.workbook.expenditures, codes)
        if before is not None:
            clauses.append(f"{label}{change(now, spent(before.expenditures, codes))}")
        elif not now:
            clauses.append(f"{label}无支出")
    sentence = (f"{ctx.year}年度三公经费、会议费、培训费支出见表1-1" + ("：" + "；".join(clauses) if clauses else "") + "。")
    return [Heading(2, "（三）三公经费、会议费、培训费支出情况"), Paragraph(sentence),
            Table("表1-1 三公经费、会议费、培训费支出情况（单位：万元）", header, tuple(rows),
                  numeric=tuple(range(1, len(header))), totals=totals_row,
                  note="三公经费包括因公出国（境）费、公务用车购置及运行维护费、公务接待费。" if sangong else "")]


def procurement_blocks(ctx: ReportContext) -> list[Block]:
    """（四）政府采购情况: goods, services and works bought from organisations, against the 分散采购限额."""
    spend = ctx.spend
    persons = natural_persons(ctx.workbook.expenditures, ctx.settings)
    classes = tuple(ctx.rules.procurement_classes)
    bought = spend[spend["economic_code"].str[:3].isin(classes)
                   & ~spend["economic_code"].isin(ctx.settings.procurement_excluded)
                   & (spend["payee"].fillna("") != "") & ~spend["payee"].isin(persons) & (spend["amount_fen"] > 0)]
    u = ctx.workbook.unit
    limits = procurement_limits(u.province, u.region_level, ctx.year, ctx.rules.procurement_threshold_fen,
                                ctx.rules.source)
    threshold = min(limits["goods"][0], limits["services"][0])  # goods and services bought from suppliers
    blocks: list[Block] = [Heading(2, "（四）政府采购情况")]
    if bought.empty:
        blocks.append(Paragraph(f"{ctx.year}年度无向供应商支付的货物、服务和工程采购支出。"))
        return blocks
    per_supplier = bought.groupby("payee")["amount_fen"].sum().sort_values(ascending=False, kind="stable")
    total = int(bought["amount_fen"].sum())
    largest_line = int(bought["amount_fen"].max())
    text_ = (f"{ctx.year}年度政府采购：向{len(per_supplier)}家供应商采购货物和服务{wan(total)}（{len(bought)}笔），"
             f"单笔最大{wan(largest_line)}")
    over = per_supplier[per_supplier >= threshold]
    if over.empty:
        text_ += (f"，同一供应商全年累计最多{wan(int(per_supplier.iloc[0]))}，均未达到分散采购限额标准"
                  f"{format_wan(threshold)}万元，未实施政府集中采购。")
    else:
        names = "、".join(f"{name}{wan(int(v))}" for name, v in over.items())
        text_ += (f"；全年累计达到分散采购限额标准{format_wan(threshold)}万元的供应商{len(over)}家：{names}，"
                  "应按政府采购程序办理，执行情况见七、存在的问题及原因分析。")
    blocks.append(Paragraph(text_))
    return blocks
