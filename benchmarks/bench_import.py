#!/usr/bin/env python3
"""Time the import of large ledgers against baselines measured in the same run (issue 8).

Writes, into a temporary folder, a 用友 GRP-U8 明细账 of N lines (default 100,000; the sample's 281 voucher lines
repeated over the year, with 本月合计/本年累计 rows and the running balance) as .xlsx and as .xls (BIFF: 65,536 rows
per sheet, so the .xls holds two sheets of the same layout), and a canonical expenditures.csv of M lines (default
1,000,000). Each measurement runs in a fresh process (wall and CPU time, peak RSS):

- ``qlaudit`` import of each file (``load_ledger``, cache off) and, for the CSV, a cache hit;
- baselines: python-calamine's bare read of the same .xlsx/.xls (every sheet to Python lists) and DuckDB's
  ``read_csv`` of the same CSV into Arrow (when duckdb is installed: ``pip install -e .[test]``).

    python benchmarks/bench_import.py [--lines 100000] [--csv-lines 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "lusong-qiaolian" / "2021" / "expenditures.csv"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def sample_lines(n: int) -> list[dict[str, str]]:
    """n voucher lines: the sample's lines repeated, dates spread over the year, voucher numbers renumbered."""
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        base = list(csv.DictReader(f))
    out = []
    per_month = n // 12 + 1
    for i in range(n):
        line = dict(base[i % len(base)])
        month = min(i // per_month + 1, 12)
        day = (i % per_month) * 28 // per_month + 1
        line["日期"] = f"2021-{month:02d}-{day:02d}"
        line["凭证号"] = f"记-{(i % per_month) // 3 + 1:05d}"
        out.append(line)
    return out


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("明细账")
    for row in [["明细账"], ["科目：7201 事业支出"], ["单位：元"],
                ["2021年", None, "凭证字号", "摘要", "辅助项", "借方", "贷方", "方向", "余额"], ["月", "日"], *rows]:
        ws.append(row)
    wb.save(path)


def write_xls(path: Path, rows: list[list[object]]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    per_sheet = 65_536 - 5
    for k in range(0, len(rows), per_sheet):
        sheet = book.add_sheet(f"明细账{k // per_sheet + 1}")
        head = [["明细账"], ["科目：7201 事业支出"], ["单位：元"],
                ["2021年", "", "凭证字号", "摘要", "辅助项", "借方", "贷方", "方向", "余额"], ["月", "日"]]
        for r, row in enumerate([*head, *rows[k:k + per_sheet]]):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.write(r, c, value)
    book.save(str(path))


def write_csv(path: Path, n: int) -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        base = list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in range(n):
            row = list(base[i % len(base)])
            row[1] = f"记-{i // 3 + 1:07d}"
            writer.writerow(row)


def build(folder: Path, lines: int, csv_lines: int, keep: Path | None = None) -> dict[str, Path]:
    from make_source_exports import detail_ledger_rows

    rows = detail_ledger_rows(sample_lines(lines))
    files = {"xlsx": folder / "明细账_7201事业支出_2021.xlsx", "xls": folder / "明细账_7201事业支出_2021.xls",
             "csv": folder / "expenditures.csv"}
    write_xlsx(files["xlsx"], rows)
    write_xls(files["xls"], rows)
    write_csv(files["csv"], csv_lines)
    return files


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss it is not inherited from the parent)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(case: str, path: str) -> None:
    """One measurement in this (fresh) process; prints JSON. Modules are imported before the clock starts (their
    import time is reported as its own row)."""
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    if case.startswith("qlaudit"):
        from qlaudit.ledgers import load_ledger
    elif case == "calamine":
        import python_calamine
    elif case == "duckdb":
        import duckdb
    if case == "import-modules":
        from qlaudit.ledgers import load_ledger
    else:
        start_wall, start_cpu = time.perf_counter(), time.process_time()
    detail = ""
    if case == "qlaudit":
        frame, record = load_ledger(Path(path), "expenditures", 2021, use_cache=False)
        detail = f"{len(frame)} lines, {record.total_fen} 分, {len(record.errors)} errors, profile {record.profile}"
    elif case == "qlaudit-cached":
        load_ledger(Path(path), "expenditures", 2021)  # fill the cache
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        frame, _ = load_ledger(Path(path), "expenditures", 2021)
        detail = f"{len(frame)} lines from the cache"
    elif case == "calamine":
        wb = python_calamine.CalamineWorkbook.from_path(path)
        cells = sum(len(r) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python())
        detail = f"{cells} cells"
    elif case == "duckdb":
        result = duckdb.sql(f"SELECT * FROM read_csv('{path}')")
        table = result.fetch_arrow_table() if hasattr(result, "fetch_arrow_table") else result.arrow().read_all()
        detail = f"{table.num_rows} rows"
    elif case == "import-modules":
        detail = "import qlaudit.ledgers (pandas, pyarrow): paid once per process"
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    peak_mb = _peak_mb()
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak_mb, "detail": detail}))


def measure(case: str, path: Path, env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run([sys.executable, __file__, "--child", case, str(path)], capture_output=True, text=True,
                            env=env, check=False)
    if result.returncode != 0:
        return {"wall": float("nan"), "cpu": float("nan"), "peak_mb": float("nan"),
                "detail": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--csv-lines", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="qlaudit-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        files = build(folder, args.lines, args.csv_lines)
        print(f"inputs written in {time.perf_counter() - t:.1f} s: {args.lines:,} 明细账 lines (.xlsx "
              f"{files['xlsx'].stat().st_size / 1e6:.1f} MB, .xls {files['xls'].stat().st_size / 1e6:.1f} MB), "
              f"{args.csv_lines:,} CSV lines ({files['csv'].stat().st_size / 1e6:.0f} MB)")
        env = {**os.environ, "QLAUDIT_CACHE_DIR": str(folder / "cache")}
        files["-"] = files["csv"]
        print(f"load average before: {os.getloadavg()[0]:.2f} (2-core machine shared with other work)")
        plan = [("-", "import-modules", "module import (fixed cost)"), ("xlsx", "calamine", "python-calamine bare read"), ("xlsx", "qlaudit", "qlaudit import"),
                ("xls", "calamine", "python-calamine bare read"), ("xls", "qlaudit", "qlaudit import"),
                ("csv", "duckdb", "DuckDB read_csv → Arrow"), ("csv", "qlaudit", "qlaudit import"),
                ("csv", "qlaudit-cached", "qlaudit import, cache hit")]
        results: dict[tuple[str, str], dict[str, object]] = {}
        print(f"\n{'file':5} {'what':28} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'× baseline':>11}  detail")
        for kind, case, label in plan:
            r = measure(case, files[kind], env)
            results[(kind, case)] = r
            baseline = results.get((kind, "duckdb" if kind == "csv" else "calamine"))
            ratio = f"{float(r['wall']) / float(baseline['wall']):.2f}×" if baseline and case not in (
                "calamine", "duckdb") else ("" if kind == "-" else "1")
            print(f"{kind:5} {label:28} {float(r['wall']):8.2f} {float(r['cpu']):8.2f} {float(r['peak_mb']):8.0f} "
                  f"{ratio:>11}  {r['detail']}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
