"""How staffing and the unit score scale with the size of the expenditures ledger.

Opens the clean sample unit (lusong-kexie 2023), repeats its voucher ledger ×k in memory, then times
``qlaudit.staffing.staffing`` and ``qlaudit.scoring.score_unit`` (findings given as an empty list, so the audit
rules are not part of the measure; the previous year is loaded once beforehand) against a baseline measured in the
same run on the same frame: a bare pandas pass (distinct payees per economic code and month). Prints wall and CPU
seconds, the ratio to the baseline and the process's peak memory.

    .venv/bin/python benchmarks/bench_score.py [--sizes 1 100 1000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable

import pandas as pd

import qlaudit
from qlaudit.scoring import score_unit
from qlaudit.staffing import staffing


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    args = parser.parse_args()
    wb = qlaudit.open("lusong-kexie", 2023)
    wb.previous_year()
    original = wb.expenditures
    print(f"{'lines':>8} {'baseline s':>10} {'staffing s':>10} {'ratio':>6} {'score s':>8} {'cpu s':>6} {'ratio':>6}"
          f" {'peak MB':>8}")
    for k in args.sizes:
        wb.expenditures = pd.concat([original] * k, ignore_index=True)
        frame = wb.expenditures
        baseline, _ = timed(lambda f=frame: f.groupby(["economic_code", f["date"].dt.month])["payee"].nunique())
        counted, _ = timed(lambda: staffing(wb))
        scored, cpu = timed(lambda: score_unit(wb, findings=[]))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(frame):>8} {baseline:>10.3f} {counted:>10.3f} {counted / baseline:>5.1f}× {scored:>8.2f}"
              f" {cpu:>6.2f} {scored / baseline:>5.0f}× {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
