"""DuckDB's thread count follows the size of the ledger an engine runs on (engine.use_threads_for)."""

import os

import qlaudit
from qlaudit.columnar import engine
from tests.test_findings_golden import DATA


def test_duckdb_runs_one_thread_on_a_small_ledger_and_its_own_count_on_a_large_one(monkeypatch):
    wb = qlaudit.open("lusong-qiaolian", 2021, DATA)
    con = wb.columnar().con
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    monkeypatch.setattr(engine, "ONE_THREAD_BELOW_LINES", 10)  # the same ledger counted as large
    wb.expenditures = wb.expenditures.copy()
    con = wb.columnar().con
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == engine._THREADS[os.getpid()]
