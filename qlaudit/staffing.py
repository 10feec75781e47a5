"""Staffing of a unit-year (编制 / 实有 / 在职 / 离退休): from ``unit.yaml`` where it says, else from the payroll lines.

- 编制数 ``authorised``: ``unit.yaml`` ``staffing.authorised`` only (the ledgers cannot show it).
- 在职人数 ``in_service``: ``staffing.in_service``, else the distinct payees of the salary lines (30101 基本工资, 30102
  津贴补贴, 30107 绩效工资) in the last month the unit paid salaries (年末人数, as in the 决算).
- 离退休人数 ``retired``: ``staffing.retired``, else the distinct payees of 30301 离休费 / 30302 退休费 in the last
  month with such lines. No such lines is "unknown", not zero: pensions may be paid by the social insurance fund.
- 实有人数 ``actual``: ``staffing.actual`` (实有在编人数, set against the 编制), else the payroll count of 在职.

Only basic-spending lines with a positive amount and a payee count; payees that are organisations (公司, 中心,
银行 …: e.g. a salary paid through an agency) are left out and noted. The result holds counts only, never names.
Vectorised: one group-by per figure, no per-row Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

SALARY_CODES = ("30101", "30102", "30107")
PENSION_CODES = ("30301", "30302")
# Payees that are not natural persons (a salary or pension paid to an agency or bank does not count a person).
ORGANISATION_MARKERS = ("公司", "中心", "银行", "局", "委员会", "工会", "协会", "医院", "学校", "财政", "社保", "社会保险",
                        "单位", "办公室", "集团", "商行", "事务所", "合作社")


@dataclass(frozen=True)
class Staffing:
    authorised: int | None  # 编制数 (unit.yaml staffing.authorised)
    actual: int | None  # 实有人数
    in_service: int | None  # 在职人数
    retired: int | None  # 离退休人数
    source: str  # where each figure came from, in Chinese ("unit.yaml" / "工资发放凭证推算" …)
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Count:
    people: int | None
    month: int | None
    low: int | None
    high: int | None
    organisations: int


def _count(expenditures: pd.DataFrame, codes: tuple[str, ...]) -> _Count:
    lines = expenditures[expenditures["economic_code"].isin(codes) & (expenditures["expense_kind"] != "project")
                         & (expenditures["amount_fen"] > 0)]
    payee = lines["payee"].fillna("").astype(str).str.strip()
    organisation = payee.str.contains("|".join(ORGANISATION_MARKERS), regex=True)
    people = lines[(payee != "") & ~organisation]
    organisations = int(payee[organisation].nunique())
    if people.empty:
        return _Count(None, None, None, None, organisations)
    per_month = people.groupby(people["date"].dt.month)["payee"].nunique()
    last = int(per_month.index.max())
    return _Count(int(per_month[last]), last, int(per_month.min()), int(per_month.max()), organisations)


def _describe(what: str, codes: tuple[str, ...], count: _Count) -> tuple[str, list[str]]:
    notes: list[str] = []
    source = f"工资发放凭证推算（{'/'.join(codes)}，{count.month}月领取人数）"
    if count.low != count.high:
        notes.append(f"{what}按月在{count.low}至{count.high}人之间，取{count.month}月（年内最后发放月份）人数")
    if count.month != 12:
        notes.append(f"{what}对应的发放凭证最后一个月为{count.month}月")
    return source, notes


def staffing(workbook: Workbook) -> Staffing:
    """编制 / 实有 / 在职 / 离退休 of the workbook's unit and year, with where each figure came from."""
    unit = workbook.unit
    notes: list[str] = []
    sources = [f"编制数：{'unit.yaml' if unit.staffing_authorised is not None else '未提供（unit.yaml未填写）'}"]
    salary = _count(workbook.expenditures, SALARY_CODES)
    pension = _count(workbook.expenditures, PENSION_CODES)
    for count, what in ((salary, "工资"), (pension, "离退休费")):
        if count.organisations:
            notes.append(f"{count.organisations}个{what}收款方为单位而非个人，未计入人数")

    def figure(label: str, stated: int | None, count: _Count, codes: tuple[str, ...], missing: str) -> int | None:
        derived_source, derived_notes = _describe(label, codes, count) if count.people is not None else ("", [])
        if stated is not None:
            sources.append(f"{label}：unit.yaml")
            if count.people is not None and count.people != stated:
                notes.append(f"unit.yaml填写{label}{stated}人，{derived_source}为{count.people}人")
            return stated
        if count.people is None:
            sources.append(f"{label}：未提供（{missing}）")
            return None
        sources.append(f"{label}：{derived_source}")
        notes.extend(derived_notes)
        return count.people

    in_service = figure("在职人数", unit.staffing_in_service, salary, SALARY_CODES,
                        "unit.yaml未填写，账套中无工资发放凭证")
    retired = figure("离退休人数", unit.staffing_retired, pension, PENSION_CODES,
                     "unit.yaml未填写，账套中无离退休费发放凭证，可能由社保基金发放")
    if unit.staffing_actual is not None:
        actual: int | None = unit.staffing_actual
        sources.append("实有人数：unit.yaml")
    elif in_service is not None:
        actual = in_service
        sources.append("实有人数：按在职人数（工资发放人数）计，未区分编外人员" if unit.staffing_in_service is None
                       else "实有人数：按unit.yaml在职人数计")
    else:
        actual = None
        sources.append("实有人数：未提供")
    return Staffing(unit.staffing_authorised, actual, in_service, retired, "；".join(sources), tuple(notes))
