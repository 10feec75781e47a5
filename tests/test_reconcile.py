"""Budget phases: hand-checked figures, and hypothesis invariants (row order, splitting a ledger into parts)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qlaudit
from qlaudit.ledgers import empty_frame
from qlaudit.reconcile import BUDGET_TYPES, Phases, budget_summary
from tests.test_findings_golden import DATA, UNIT_YEARS


def quota(source, kind, amount_fen, project="", code="30299"):
    return {"quota_doc": "芦财预〔2021〕1号", "quota_name": "", "source": source, "budget_type": "general",
            "expense_kind": kind, "project_code": project, "project_name": project and f"项目{project}",
            "functional_code": "2012999", "economic_code": code, "amount_fen": amount_fen,
            "date": pd.Timestamp("2021-01-15"), "source_file": "a.csv", "source_row": 2}


def voucher(kind, amount_fen, project="", code="30299", month=3):
    return {"date": pd.Timestamp(dt.date(2021, month, 10)), "voucher_no": "记-001", "line_no": "1", "summary": "测试",
            "payee": "某单位", "budget_type": "general", "expense_kind": kind, "project_code": project,
            "project_name": project and f"项目{project}", "functional_code": "2012999", "economic_code": code,
            "amount_fen": amount_fen, "quota_doc": "", "source_file": "e.csv", "source_row": 2}


def frame(ledger, rows):
    if not rows:
        return empty_frame(ledger)
    return pd.DataFrame(rows, columns=list(empty_frame(ledger).columns))


def test_phases_of_the_seed_project():
    """侨联工作经费 2021: 年初 3.00 + 上年结转 4.66 (46,583.50 元) = 7.66 spent, nothing carried out."""
    appropriations = frame("appropriations", [quota("initial", "project", 3_000_000, "QL1"),
                                              quota("carry_in", "project", 4_658_350, "QL1")])
    expenditures = frame("expenditures", [voucher("project", 7_000_000, "QL1"), voucher("project", 658_350, "QL1")])
    s = budget_summary(appropriations, expenditures, empty_frame("projects"))
    (p,) = s.projects
    assert p.phases == Phases(initial=3_000_000, carry_in=4_658_350, spent=7_658_350)
    assert p.phases.adjusted == 7_658_350
    assert p.phases.carry_out == 0
    assert p.phases.income == 3_000_000


def test_kinds_add_up():
    appropriations = frame("appropriations", [quota("initial", "personnel", 500, code="30101"),
                                              quota("initial", "public", 300, code="30201"),
                                              quota("reduction", "public", -50, code="30201")])
    expenditures = frame("expenditures", [voucher("personnel", 400, code="30101"), voucher("public", 250, code="30201"),
                                          voucher("project", 99, "P1")])
    s = budget_summary(appropriations, expenditures, empty_frame("projects"))
    assert (s.personnel.spent, s.public.spent, s.basic.spent, s.project.spent, s.total.spent) == (400, 250, 650, 99, 749)
    assert s.public.income == 250
    assert s.total.adjusted == 750


kinds = st.sampled_from(["personnel", "public", "project"])
projects = st.sampled_from(["P1", "P2", "P3"])
sources = st.sampled_from(["initial", "addition", "reduction", "carry_in"])
amounts = st.integers(min_value=-10**9, max_value=10**11)


@st.composite
def ledgers(draw):
    q = [quota(draw(sources), k, draw(amounts), draw(projects) if k == "project" else "")
         for k in draw(st.lists(kinds, max_size=25))]
    e = [voucher(k, draw(amounts), draw(projects) if k == "project" else "", month=draw(st.integers(1, 12)))
         for k in draw(st.lists(kinds, max_size=40))]
    return q, e


def _figures(q, e):
    s = budget_summary(frame("appropriations", q), frame("expenditures", e), empty_frame("projects"))
    return (s.total, s.basic, s.personnel, s.public, s.project, {p.code: p.phases for p in s.projects})


@settings(max_examples=60, deadline=None)
@given(ledgers(), st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_row_order(data, rnd):
    q, e = data
    shuffled_q, shuffled_e = q[:], e[:]
    rnd.shuffle(shuffled_q)
    rnd.shuffle(shuffled_e)
    assert _figures(q, e) == _figures(shuffled_q, shuffled_e)


def _add(a: Phases, b: Phases) -> Phases:
    return Phases(a.initial + b.initial, a.addition + b.addition, a.reduction + b.reduction,
                  a.carry_in + b.carry_in, a.spent + b.spent)


@settings(max_examples=60, deadline=None)
@given(ledgers(), st.integers(0, 40), st.integers(0, 25))
def test_splitting_a_ledger_and_summing_the_parts_gives_the_whole(data, cut_e, cut_q):
    q, e = data
    whole = _figures(q, e)
    first = _figures(q[:cut_q], e[:cut_e])
    second = _figures(q[cut_q:], e[cut_e:])
    for i in range(5):
        assert _add(first[i], second[i]) == whole[i]
    for code, phases in whole[5].items():
        assert _add(first[5].get(code, Phases()), second[5].get(code, Phases())) == phases


@pytest.mark.parametrize(("unit", "year"), UNIT_YEARS)
def test_the_summary_read_from_the_rules_engine_is_the_one_computed_from_the_frames(unit, year):
    # once the rules' engine is built, Workbook.summary reads the phases from it instead of registering the frames
    # again: the same BudgetSummary for every budget type
    wb = qlaudit.open(unit, year, DATA)
    wb.columnar()
    for budget_type in (*BUDGET_TYPES, ""):
        assert wb._engine is not None
        assert wb.summary(budget_type) == budget_summary(wb.appropriations, wb.expenditures, wb.projects, budget_type)
