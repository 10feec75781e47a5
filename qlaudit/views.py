"""Summary views of a workbook for exploration: small tables of money with a readable ``_repr_html_``.

A :class:`MoneyTable` keeps amounts as int 分 in ``frame`` (exact, for further work) and shows them in 万元 with
2 decimals in JupyterLab. Every text cell is HTML-escaped: ledger text is untrusted.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit import codes
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_rate, format_wan

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class MoneyTable:
    """A titled table whose ``money_columns`` hold int 分."""

    title: str
    frame: pd.DataFrame
    money_columns: tuple[str, ...]
    labels: tuple[tuple[str, str], ...] = ()  # column → Chinese header

    def display_frame(self, max_rows: int | None = None) -> pd.DataFrame:
        """The table as text: money in 万元 (2 decimals, 四舍五入), Chinese headers (the first ``max_rows`` rows)."""
        out = (self.frame if max_rows is None else self.frame.head(max_rows)).copy()
        for column in self.money_columns:
            out[column] = out[column].map(lambda fen: format_wan(int(fen)))
        return out.rename(columns=dict(self.labels)).astype(str)

    def to_html(self, max_rows: int = 200) -> str:
        shown = self.display_frame(max_rows)
        more = f"；共{len(self.frame):,}行，显示前{max_rows}行" if len(self.frame) > max_rows else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
        money_headers = {dict(self.labels).get(c, c) for c in self.money_columns}
        body = "".join(
            "<tr>" + "".join(
                f'<td class="num">{html.escape(v)}</td>' if c in money_headers else f"<td>{html.escape(v)}</td>"
                for c, v in zip(shown.columns, row, strict=True)
            ) + "</tr>"
            for row in shown.itertuples(index=False)
        )
        return (f'<table class="qlaudit-table"><caption>{html.escape(self.title)}（单位：万元{more}）</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()


_KIND_ORDER = {"personnel": 0, "public": 1, "project": 2}


def spending_by_kind(expenditures: pd.DataFrame) -> MoneyTable:
    grouped = expenditures.groupby("expense_kind", as_index=False)["amount_fen"].sum()
    grouped["order"] = grouped["expense_kind"].map(_KIND_ORDER)
    grouped = grouped.sort_values("order").drop(columns="order")
    grouped["expense_kind"] = grouped["expense_kind"].map(lambda k: category_label("expense_kind", k))
    total = pd.DataFrame({"expense_kind": ["合计"], "amount_fen": [int(expenditures["amount_fen"].sum())]})
    frame = pd.concat([grouped, total], ignore_index=True)
    return MoneyTable("支出按类型", frame, ("amount_fen",), (("expense_kind", "支出类型"), ("amount_fen", "金额")))


def spending_by_project(expenditures: pd.DataFrame, projects: pd.DataFrame) -> MoneyTable:
    spend = expenditures[expenditures["expense_kind"] == "project"]
    grouped = spend.groupby("project_code", as_index=False).agg(
        project_name=("project_name", "first"), amount_fen=("amount_fen", "sum"), lines=("amount_fen", "size"))
    names = projects.drop_duplicates("project_code").set_index("project_code")["project_name"]
    grouped["project_name"] = grouped["project_code"].map(names).fillna(grouped["project_name"])
    return MoneyTable("项目支出按项目", grouped.sort_values("project_code").reset_index(drop=True), ("amount_fen",),
                      (("project_code", "项目编码"), ("project_name", "项目名称"), ("amount_fen", "金额"), ("lines", "笔数")))


def project_lines(expenditures: pd.DataFrame, project: str) -> pd.DataFrame:
    """The lines of one project (voucher or quota lines), named by its code or its name; an unknown project lists
    the projects the frame has."""
    chosen = expenditures[(expenditures["project_code"] == project) | (expenditures["project_name"] == project)]
    if chosen.empty:
        from qlaudit.errors import InvalidParameter

        known = expenditures.loc[expenditures["project_code"] != "", ["project_code", "project_name"]]
        names = "、".join(f"{c} {n}" for c, n in known.drop_duplicates("project_code").itertuples(index=False))
        raise InvalidParameter(f"没有项目 {project!r} 的行；有行的项目：{names or '无'}")
    return chosen


def _of(project: str | None) -> str:
    return f"（{project}）" if project else ""


def spending_by_payee(expenditures: pd.DataFrame, project: str | None = None) -> MoneyTable:
    """Spending per payee, largest first, with the number of lines and the share of the total."""
    grouped = expenditures.groupby("payee", as_index=False).agg(amount_fen=("amount_fen", "sum"),
                                                                lines=("amount_fen", "size"))
    grouped = grouped.sort_values(["amount_fen", "payee"], ascending=[False, True]).reset_index(drop=True)
    total = int(expenditures["amount_fen"].sum())
    grouped["share"] = [format_rate(int(a), total) for a in grouped["amount_fen"]]
    grouped["payee"] = grouped["payee"].replace("", "（未填）")
    return MoneyTable(f"支出按收款人{_of(project)}", grouped, ("amount_fen",),
                      (("payee", "收款人"), ("amount_fen", "金额"), ("lines", "笔数"), ("share", "占比")))


def spending_by_economic_class(expenditures: pd.DataFrame, project: str | None = None) -> MoneyTable:
    frame = expenditures.assign(economic_class=expenditures["economic_code"].str[:3])
    grouped = frame.groupby(["economic_class", "economic_code"], as_index=False)["amount_fen"].sum()
    grouped["class_name"] = grouped["economic_class"].map(codes.economic_name)
    grouped["code_name"] = grouped["economic_code"].map(codes.economic_name)
    grouped = grouped[["economic_class", "class_name", "economic_code", "code_name", "amount_fen"]]
    return MoneyTable(f"支出按经济分类{_of(project)}", grouped.sort_values("economic_code").reset_index(drop=True), ("amount_fen",),
                      (("economic_class", "类"), ("class_name", "类名称"), ("economic_code", "款"),
                       ("code_name", "款名称"), ("amount_fen", "金额")))


def spending_by_month(expenditures: pd.DataFrame, project: str | None = None) -> MoneyTable:
    months = expenditures.assign(month=expenditures["date"].dt.month)
    grouped = months.pivot_table(index="month", columns="expense_kind", values="amount_fen", aggfunc="sum",
                                 fill_value=0).reindex(range(1, 13), fill_value=0)
    for kind in _KIND_ORDER:
        if kind not in grouped.columns:
            grouped[kind] = 0
    grouped = grouped[list(_KIND_ORDER)].astype("int64")
    grouped.columns.name = None
    grouped["total"] = grouped.sum(axis=1)
    frame = grouped.reset_index()
    frame["month"] = frame["month"].map(lambda m: f"{m}月")
    return MoneyTable(f"支出按月份{_of(project)}", frame, ("personnel", "public", "project", "total"),
                      (("month", "月份"), ("personnel", "人员经费"), ("public", "公用经费"), ("project", "项目支出"),
                       ("total", "合计")))


def budget_by_source(appropriations: pd.DataFrame, project: str | None = None) -> MoneyTable:
    order = {"initial": 0, "addition": 1, "reduction": 2, "carry_in": 3}
    grouped = appropriations.groupby(["source", "expense_kind"], as_index=False)["amount_fen"].sum()
    grouped = grouped.sort_values(["source", "expense_kind"], key=lambda s: s.map(order) if s.name == "source"
                                  else s.map(_KIND_ORDER)).reset_index(drop=True)
    grouped["source"] = grouped["source"].map(lambda v: category_label("source", v))
    grouped["expense_kind"] = grouped["expense_kind"].map(lambda v: category_label("expense_kind", v))
    return MoneyTable(f"指标按来源{_of(project)}", grouped, ("amount_fen",),
                      (("source", "指标来源"), ("expense_kind", "支出类型"), ("amount_fen", "金额")))


def workbook_html(wb: Workbook) -> str:
    log = wb.import_log
    counts = (f"指标 {len(wb.appropriations)} 行 · 凭证 {len(wb.expenditures)} 行 · 项目指标 {len(wb.projects)} 行"
              f" · 导入警告 {len(log.warnings)} · 错误 {len(log.errors)}")
    return (f"<div><strong>{html.escape(wb.unit.name)}</strong> {wb.year} 年度<br>{html.escape(counts)}</div>"
            + spending_by_kind(wb.expenditures).to_html())


BUDGET_DIMENSIONS = {
    "expense_kind": ("支出类型", lambda v: category_label("expense_kind", v)),
    "economic_class": ("经济分类（类）", codes.economic_name),
    "economic_code": ("经济分类（款）", codes.economic_name),
    "functional_code": ("功能分类", codes.functional_name),
    "project_code": ("项目", None),
}


def budget_vs_spending(appropriations: pd.DataFrame, expenditures: pd.DataFrame, by: str) -> MoneyTable:
    """调整后预算 (all quota lines, carry-in included), 执行数, 结余 and 执行率 per ``by``: expense_kind,
    economic_class (类, 3 digits), economic_code (款), functional_code or project_code."""
    if by not in BUDGET_DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(BUDGET_DIMENSIONS)}")

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(economic_class=frame["economic_code"].str[:3])

    budget = keyed(appropriations).groupby(by)["amount_fen"].sum().rename("adjusted")
    spent = keyed(expenditures).groupby(by)["amount_fen"].sum().rename("spent")
    frame = pd.concat([budget, spent], axis=1).fillna(0).astype("int64").sort_index().reset_index()
    frame = frame.rename(columns={"index": by})
    label, namer = BUDGET_DIMENSIONS[by]
    frame.insert(1, "name", [namer(v) if namer else "" for v in frame[by]])
    frame["balance"] = frame["adjusted"] - frame["spent"]
    frame["rate"] = [format_rate(s, a) for s, a in zip(frame["spent"], frame["adjusted"], strict=True)]
    return MoneyTable(f"预算与支出（按{label}）", frame, ("adjusted", "spent", "balance"),
                      ((by, label), ("name", "名称"), ("adjusted", "调整后预算"), ("spent", "执行数"),
                       ("balance", "结余"), ("rate", "执行率")))
