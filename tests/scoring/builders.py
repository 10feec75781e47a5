"""Hand-built workbooks for the scoring tests: quota, voucher and indicator rows written inline."""

import datetime as dt
from pathlib import Path

import pandas as pd

from qlaudit.ledgers import ImportLog, empty_frame
from qlaudit.profile import UnitProfile
from qlaudit.workbook import Workbook


def quota(source, amount_fen, project="QL1", *, kind="project", code="30299", name="", doc="芦财预〔2021〕1号",
          date="2021-01-15"):
    return {"quota_doc": doc, "quota_name": name, "source": source, "budget_type": "general",
            "expense_kind": kind, "project_code": project if kind == "project" else "", "project_name": "",
            "functional_code": "2012999", "economic_code": code, "amount_fen": amount_fen,
            "date": pd.Timestamp(date), "source_file": "a.csv", "source_row": 2}


def voucher(amount_fen, project="QL1", *, kind="project", code="30299", payee="某人", date=dt.date(2021, 6, 1),
            doc=""):
    return {"date": pd.Timestamp(date), "voucher_no": "记-001", "line_no": "1", "summary": "慰问",
            "payee": payee, "budget_type": "general", "expense_kind": kind,
            "project_code": project if kind == "project" else "", "project_name": "", "functional_code": "2012999",
            "economic_code": code, "amount_fen": amount_fen, "quota_doc": doc, "source_file": "e.csv",
            "source_row": 2}


def indicator(level1, level2, name, direction, target, unit, actual, weight=None, project="QL1",
              project_name="侨联工作经费"):
    return {"project_code": project, "project_name": project_name, "in_initial_budget": "yes", "purpose": "",
            "indicator_level1": level1, "indicator_level2": level2, "indicator": name, "direction": direction,
            "target": target, "unit": unit, "actual": actual, "weight": weight, "source_file": "p.csv",
            "source_row": 2}


def frame(ledger, rows):
    if not rows:
        return empty_frame(ledger)
    return pd.DataFrame(rows, columns=list(empty_frame(ledger).columns))


def workbook(indicators, quotas=None, vouchers=None, profile=None, year=2021):
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350)] if quotas is None else quotas
    vouchers = [voucher(7_000_000)] if vouchers is None else vouchers  # 7,000,000 / 7,658,350 = 91.40%
    return Workbook(unit=profile or UnitProfile(code="t", name="测试单位"), year=year, data_dir=Path("."),
                    appropriations=frame("appropriations", quotas), expenditures=frame("expenditures", vouchers),
                    projects=frame("projects", indicators), activities="", self_evaluation_path=None,
                    import_log=ImportLog())
