"""A tiny builder of in-memory workbooks for rule tests: ledger lines written inline, amounts in 元.

``workbook(quotas=[quota(...)], lines=[line(...)], projects=[project(...)])`` gives a :class:`Workbook` whose frames
have the canonical columns and dtypes of the loader (``empty_frame``); each line gets a file name and a row number
(row 2, 3, … in the order given), so evidence rows can be asserted.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from qlaudit.codes import basic_kind
from qlaudit.ledgers import ImportLog, empty_frame
from qlaudit.money import yuan_to_fen
from qlaudit.profile import UnitProfile
from qlaudit.workbook import Workbook


def fen(yuan: str | int) -> int:
    return yuan_to_fen(Decimal(str(yuan)))


def _kind(kind: str | None, project: str, code: str) -> str:
    return kind or ("project" if project else basic_kind(code) or "public")


def quota(amount: str | int, *, project: str = "", code: str = "30299", source: str = "initial",
          kind: str | None = None, date: str = "2021-01-15", doc: str = "芦财预〔2021〕1号", name: str = "",
          budget_type: str = "general") -> dict[str, object]:
    """One quota (指标) line; ``project`` makes it a project quota."""
    return {"quota_doc": doc, "quota_name": name, "source": source, "budget_type": budget_type,
            "expense_kind": _kind(kind, project, code), "project_code": project,
            "project_name": f"项目{project}" if project else "", "functional_code": "2012999", "economic_code": code,
            "amount_fen": fen(amount), "date": date}


def line(date: str, amount: str | int, *, summary: str = "购买办公用品", payee: str = "某文具店",
         voucher: str = "记-001", line_no: str = "1", project: str = "", code: str = "30201", kind: str | None = None,
         budget_type: str = "general") -> dict[str, object]:
    """One voucher line (支出凭证); a negative amount is a reversal (红字)."""
    return {"date": date, "voucher_no": voucher, "line_no": line_no, "summary": summary, "payee": payee,
            "budget_type": budget_type, "expense_kind": _kind(kind, project, code), "project_code": project,
            "project_name": f"项目{project}" if project else "", "functional_code": "2012999", "economic_code": code,
            "amount_fen": fen(amount), "quota_doc": ""}


def project(code: str, *, purpose: str = "", in_initial_budget: str = "yes") -> dict[str, object]:
    """One project register row without indicators."""
    return {"project_code": code, "project_name": f"项目{code}", "in_initial_budget": in_initial_budget,
            "purpose": purpose, "indicator_level1": "", "indicator_level2": "", "indicator": "", "direction": "",
            "target": "", "unit": "", "actual": "", "weight": None}


def frame(ledger: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """Canonical frame of ``ledger`` from ``rows``; source_file '<ledger>.csv', source_row 2, 3, …"""
    empty = empty_frame(ledger)
    if not rows:
        return empty
    records = [{**r, "source_file": f"{ledger}.csv", "source_row": i + 2} for i, r in enumerate(rows)]
    return pd.DataFrame(records, columns=list(empty.columns)).astype(empty.dtypes.to_dict())


def workbook(*, quotas: list[dict[str, object]] | None = None, lines: list[dict[str, object]] | None = None,
             projects: list[dict[str, object]] | None = None, year: int = 2021) -> Workbook:
    return Workbook(
        unit=UnitProfile(code="t", name="测试单位"), year=year, data_dir=Path("."),
        appropriations=frame("appropriations", quotas or []), expenditures=frame("expenditures", lines or []),
        projects=frame("projects", projects or []), activities="", self_evaluation_path=None,
        import_log=ImportLog(),
    )


def rows(findings: list, rule: str | None = None) -> list[list[int]]:
    """The evidence rows of each finding (of ``rule`` when given), for short assertions."""
    return [[e.row for e in f.evidence] for f in findings if rule is None or f.rule == rule]
