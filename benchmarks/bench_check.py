"""How `qlaudit check` scales with the size of the expenditures ledger.

Copies the clean sample unit (lusong-kexie 2023) into a temporary folder with its voucher ledger repeated ×k
(voucher numbers made unique, amounts varied), then times `qlaudit.open` + `qlaudit.check` in this process against
a baseline measured in the same run: a bare pandas pass over the same CSV (read_csv with codes as text, a groupby
count). Prints seconds, lines per second and the ratio to the baseline for each size.

    .venv/bin/python benchmarks/bench_check.py [--sizes 1 10 60]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

import qlaudit

ROOT = Path(__file__).resolve().parent.parent


def scaled_copy(target: Path, k: int) -> int:
    shutil.copytree(ROOT / "data" / "lusong-kexie", target / "lusong-kexie", ignore=shutil.ignore_patterns("2022"))
    path = target / "lusong-kexie" / "2023" / "expenditures.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    head, body = rows[0], rows[1:]
    voucher, amount = head.index("凭证号"), head.index("金额")
    rnd = random.Random(k)
    out = [head]
    for copy in range(k):
        for row in body:
            row = list(row)
            row[voucher] = f"记-{copy:03d}{row[voucher].split('-')[1]}" if k > 1 else row[voucher]
            if k > 1:
                cents = int(Decimal(row[amount]) * 100) + rnd.randint(0, 999)
                row[amount] = f"{cents // 100}.{cents % 100:02d}"
            out.append(row)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(out)
    return len(out) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 60])
    args = parser.parse_args()
    print(f"{'lines':>8} {'baseline s':>11} {'check s':>8} {'lines/s':>9} {'ratio':>7}")
    for k in args.sizes:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            lines = scaled_copy(tmp, k)
            started = time.perf_counter()
            frame = pd.read_csv(tmp / "lusong-kexie" / "2023" / "expenditures.csv", dtype=str)
            frame.groupby("经济分类").size()
            baseline = time.perf_counter() - started
            started = time.perf_counter()
            qlaudit.check(qlaudit.open("lusong-kexie", 2023, tmp))
            checked = time.perf_counter() - started
        print(f"{lines:>8} {baseline:>11.3f} {checked:>8.2f} {lines / checked:>9.0f} {checked / baseline:>6.0f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
