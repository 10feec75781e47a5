"""How qlaudit scales: open, validate, check and report on generated unit-years of 10^4 … 10^7 lines, against
DuckDB doing "the core of check" on the same files in the same run.

The core of check (the baseline): read the three CSV ledgers with money as int64 分, spending per project and per
economic code, the budget phases per project (年初/追加/调减/上年结转 → 调整后预算, 执行数, 年末结转), exact duplicate
payments (same payee, amount and 摘要 on another voucher within 7 days) and voucher-number gaps per month and word.

Every measurement runs in a child process; its CPU time (user + system, children included) and peak resident memory
come from ``os.wait4``; a child still running after ``--timeout`` seconds is killed and shown as "> timeout".
``check`` is the command line (``qlaudit check --format json``); ``check-rules`` is the same in one process with the
CPU time split into opening the workbook (parsing) and running the rules on the open workbook. ``rules-arrow``
(``rules-dept``: also with the 部门 column as ``department``, which the new loader reads) opens the workbook with
:func:`arrow_workbook` instead — the generated expenditures CSV read by pyarrow's CSV
reader into the loader's canonical frame (the same frame: checked at 10^4 and 10^5 by ``--verify-reader``) — so
that check's own cost can be measured where today's loader cannot open the file (10^7 lines).

Before timing, qlaudit's modules are compiled to bytecode (``compileall``, as ``pip install`` does for an installed
package and as Python does on a first import): where ``PYTHONDONTWRITEBYTECODE`` is set (this project's sandbox) every
child would otherwise compile its ~60 modules again, 0.25–0.3 s of CPU that no user's second run pays.

    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 100000 1000000 --check-sizes 10000000 \
        --report-sizes 10000 100000 --data /tmp/qlaudit-bench --json before.json

On a shared 2-core machine one run's CPU time varies by ±10 % and so does the baseline's: ``--repeat N`` runs the
whole plan N times, interleaved, and the table gives medians and the range of the rounds' ratios:

    .venv/bin/python benchmarks/bench_scale.py --sizes 100000 1000000 --ops check --report-sizes --repeat 5
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The input limits (docs/security.md) raised for the largest unit-years: a 10^7-line expenditures.csv is about 2.1 GB
# and 10^7 rows, over the defaults (512 MiB, 2,000,000 rows) that suit one unit's ledgers.
LIMITS = {**os.environ, "QLAUDIT_LIMIT_FILE_BYTES": "8G", "QLAUDIT_LIMIT_ROWS": "20000000",
          "QLAUDIT_LIMIT_CELLS": "400000000"}
BIN = Path(sys.executable).parent
YEAR = 2023


@dataclass
class Measure:
    lines: int
    op: str
    cpu: float | None  # None: killed at the timeout or failed
    wall: float
    peak_mib: float
    note: str = ""
    detail: dict | None = None


def run_child(command: list[str], timeout: float) -> tuple[float | None, float, float, str, str]:
    """(cpu seconds, wall seconds, peak MiB, note, stdout) of one child process (and its children)."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=devnull, env=LIMITS)
    out_chunks: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read() if proc.stdout else b""))
    reader.start()
    note = ""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            note = f"killed after {timeout:.0f} s"
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    if not note and proc.returncode != 0:  # a failed report exits 1, invalid input 2
        note = f"failed (exit {proc.returncode})"
    return (None if note else cpu), wall, usage.ru_maxrss / 1024, note, b"".join(out_chunks).decode()


def duckdb_core(folder: Path) -> dict[str, int]:
    """The core of check in DuckDB over the three CSV files (results fetched as Arrow, money as BIGINT 分)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    fen = "CAST(ROUND(CAST(\"金额\" AS DECIMAL(18, 2)) * 100) AS BIGINT)"
    con.execute(f"""CREATE TABLE e AS SELECT CAST("日期" AS DATE) AS date, "凭证号" AS voucher_no, "摘要" AS summary,
        "收款人" AS payee, "支出类型" AS kind, "项目编码" AS project_code, "经济分类" AS economic_code, {fen} AS fen
        FROM read_csv(?, all_varchar = true)""", [str(folder / "expenditures.csv")])
    con.execute(f"""CREATE TABLE a AS SELECT "指标来源" AS source, "支出类型" AS kind, "项目编码" AS project_code,
        "经济分类" AS economic_code, {fen} AS fen FROM read_csv(?, all_varchar = true)""",
                [str(folder / "appropriations.csv")])
    con.execute("CREATE TABLE p AS SELECT * FROM read_csv(?, all_varchar = true)", [str(folder / "projects.csv")])
    results = {
        "per_project": """SELECT project_code, CAST(SUM(fen) AS BIGINT) AS spent FROM e WHERE kind = '项目支出'
                          GROUP BY project_code ORDER BY project_code""",
        "per_code": "SELECT economic_code, CAST(SUM(fen) AS BIGINT) AS spent FROM e GROUP BY 1 ORDER BY 1",
        "phases": """WITH q AS (SELECT project_code,
                        CAST(COALESCE(SUM(fen) FILTER (WHERE source = '年初'), 0) AS BIGINT) AS initial,
                        CAST(COALESCE(SUM(fen) FILTER (WHERE source = '追加'), 0) AS BIGINT) AS addition,
                        CAST(COALESCE(SUM(fen) FILTER (WHERE source = '调减'), 0) AS BIGINT) AS reduction,
                        CAST(COALESCE(SUM(fen) FILTER (WHERE source = '上年结转'), 0) AS BIGINT) AS carry_in
                      FROM a WHERE kind = '项目支出' GROUP BY 1),
                  s AS (SELECT project_code, CAST(SUM(fen) AS BIGINT) AS spent FROM e WHERE kind = '项目支出' GROUP BY 1)
                  SELECT project_code, initial, addition, reduction, carry_in,
                         initial + addition + reduction + carry_in AS adjusted, COALESCE(spent, 0) AS spent,
                         initial + addition + reduction + carry_in - COALESCE(spent, 0) AS carry_out
                  FROM q FULL JOIN s USING (project_code) ORDER BY project_code""",
        "duplicates": """SELECT * FROM (
                           SELECT payee, fen, summary, date, voucher_no,
                                  LAG(date) OVER w AS prev_date, LAG(voucher_no) OVER w AS prev_voucher
                           FROM e WHERE payee <> '' AND fen > 0
                           WINDOW w AS (PARTITION BY payee, fen, summary ORDER BY date, voucher_no))
                         WHERE prev_date IS NOT NULL AND date - prev_date <= 7
                           AND (voucher_no <> prev_voucher OR month(date) <> month(prev_date))
                         ORDER BY payee, fen, summary, date, voucher_no""",
        "gaps": r"""WITH v AS (SELECT DISTINCT month(date) AS m, regexp_extract(voucher_no, '^(.*?)(\d+)$', 1) AS word,
                                  CAST(regexp_extract(voucher_no, '(\d+)$', 1) AS BIGINT) AS n
                           FROM e WHERE regexp_matches(voucher_no, '\d+$'))
                    SELECT m, word, max(n) - count(*) AS missing FROM v GROUP BY m, word HAVING missing > 0
                    ORDER BY m, word""",
    }
    try:
        import pyarrow  # noqa: F401

        return {name: con.sql(sql).to_arrow_table().num_rows for name, sql in results.items()}
    except ImportError:  # measuring a qlaudit installed without pyarrow (the code before the columnar core)
        return {name: len(con.execute(sql).fetchall()) for name, sql in results.items()}


KINDS = {"人员经费": "personnel", "公用经费": "public", "项目支出": "project"}
EXPENDITURE_COLUMNS = {"日期": "date", "凭证号": "voucher_no", "分录号": "line_no", "摘要": "summary", "收款人": "payee",
                       "预算类型": "budget_type", "支出类型": "expense_kind", "项目编码": "project_code",
                       "项目名称": "project_name", "功能分类": "functional_code", "经济分类": "economic_code",
                       "金额": "amount_fen", "指标文号": "quota_doc"}


def arrow_expenditures(path: Path, display: str, department: bool = False):  # type: ignore[no-untyped-def]
    """The generated expenditures CSV as the loader's canonical frame, read with pyarrow (benchmark files only:
    UTF-8, canonical headers, amounts with two decimals, one budget type); with ``department`` also the 部门 column as
    ``department`` (the optional column of the new loader)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from qlaudit.ledgers import empty_frame

    names = [*EXPENDITURE_COLUMNS, "部门"]
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, include_columns=names if department else list(EXPENDITURE_COLUMNS),
        strings_can_be_null=False, quoted_strings_can_be_null=False))
    columns = {EXPENDITURE_COLUMNS.get(n, "department"): table.column(n) for n in table.column_names}
    columns["date"] = pc.strptime(columns["date"], "%Y-%m-%d", "ns")
    columns["amount_fen"] = pc.cast(pc.replace_substring(columns["amount_fen"], ".", ""), pa.int64())
    columns["budget_type"] = pc.replace_substring(columns["budget_type"], "一般公共预算", "general")
    kind = columns["expense_kind"]
    for label, value in KINDS.items():
        kind = pc.replace_substring(kind, label, value)
    columns["expense_kind"] = kind
    frame = pa.table(columns).to_pandas()
    frame["source_file"] = display
    frame["source_row"] = range(2, len(frame) + 2)
    empty = empty_frame("expenditures")
    out = frame[list(empty.columns)].astype(empty.dtypes.to_dict())
    return out.assign(department=frame["department"].astype("str")) if department else out


def arrow_workbook(data: Path, unit: str, department: bool = False):  # type: ignore[no-untyped-def]
    """The unit-year's workbook with the expenditures read by :func:`arrow_expenditures` and the quotas and the
    register by the loader (``load_ledger``)."""
    from qlaudit.ledgers import ImportLog, load_ledger
    from qlaudit.profile import load_profile
    from qlaudit.workbook import Workbook

    folder = data / unit / str(YEAR)
    frames = {ledger: load_ledger(folder / f"{ledger}.csv", ledger, YEAR, f"{unit}/{YEAR}/{ledger}.csv")[0]
              for ledger in ("appropriations", "projects")}
    return Workbook(unit=load_profile(data / unit / "unit.yaml", f"{unit}/unit.yaml"), year=YEAR, data_dir=data,
                    appropriations=frames["appropriations"], projects=frames["projects"],
                    expenditures=arrow_expenditures(folder / "expenditures.csv", f"{unit}/{YEAR}/expenditures.csv",
                                                    department),
                    activities="", self_evaluation_path=None, import_log=ImportLog(), folder=unit)


def child(op: str, data: Path, unit: str) -> int:
    """Run inside the measured child process."""
    if op == "duckdb":
        print(json.dumps(duckdb_core(data / unit / str(YEAR))))
        return 0
    import qlaudit
    from qlaudit.findings import findings_json

    started = time.process_time()
    wb = (arrow_workbook(data, unit, op == "rules-dept") if op in ("rules-arrow", "rules-dept")
          else qlaudit.open(unit, YEAR, data))
    opened = time.process_time()
    if op == "open":
        print(json.dumps({"open_cpu": opened - started, "lines": len(wb.expenditures)}))
        return 0
    findings = qlaudit.check(wb)
    text = findings_json(unit, YEAR, findings)
    done = time.process_time()
    print(json.dumps({"open_cpu": opened - started, "rules_cpu": done - opened, "findings": len(findings),
                      "evidence": sum(len(f.evidence) for f in findings), "json_bytes": len(text.encode())}))
    return 0


def commands(op: str, data: Path, unit: str, out: Path) -> list[str]:
    me = [sys.executable, str(Path(__file__).resolve()), "--child", op, "--data", str(data), "--unit", unit]
    cli = [str(BIN / "qlaudit")]
    where = ["--unit", unit, "--year", str(YEAR), "--data", str(data)]
    return {
        "duckdb": me, "open": me, "check-rules": me, "rules-arrow": me, "rules-dept": me,
        "validate": [*cli, "validate", *where],
        "check": [*cli, "check", *where, "--format", "json", "--output", str(out / f"{unit}.findings.json")],
        "report": [*cli, "report", *where, "--out", str(out / "reports")],
    }[op]


def ensure_data(data: Path, lines: int) -> str:
    unit = f"bench-{lines}"
    if not (data / unit / str(YEAR) / "expenditures.csv").is_file():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_ledgers.py"), "--lines", str(lines),
                        "--out", str(data)], check=True)
    return unit


def table(results: list[Measure]) -> str:
    """The measurements as a Markdown table; with several rounds (``--repeat``), one row per size and operation:
    the median CPU and wall time, the highest peak, the ratio of the medians and the range of the rounds' own ratios
    (each round's operation over the same round's DuckDB baseline)."""
    rows = ["| lines | operation | CPU s | wall s | ratio to DuckDB core (CPU) | peak MiB | note |",
            "|---:|---|---:|---:|---:|---:|---|"]
    groups: dict[tuple[int, str], list[Measure]] = {}
    for m in results:
        groups.setdefault((m.lines, m.op), []).append(m)
    base = {n: ms for (n, op), ms in groups.items() if op == "duckdb"}
    for (n, op), ms in groups.items():
        done = [m for m in ms if m.cpu is not None]
        cpu_median = statistics.median(m.cpu for m in done) if len(done) == len(ms) else None
        wall = statistics.median(m.wall for m in ms)
        base_cpu = [m.cpu for m in base.get(n, []) if m.cpu]
        ratio = ""
        if op != "duckdb" and base_cpu:
            ratio = (f"> {wall / statistics.median(base_cpu):.0f}×" if cpu_median is None
                     else f"{cpu_median / statistics.median(base_cpu):.1f}×")
            rounds = [m.cpu / b.cpu for m, b in zip(ms, base.get(n, []), strict=False) if m.cpu and b.cpu]
            if len(rounds) > 1:
                ratio += f" ({min(rounds):.1f}–{max(rounds):.1f}×)"
        cpu = f"> {wall:.0f}" if cpu_median is None else f"{cpu_median:.2f}"
        if len(ms) > 1:
            cpu += f" ({min(m.cpu for m in done):.2f}–{max(m.cpu for m in done):.2f})" if done else ""
        m = ms[-1]
        extra = ""
        if m.detail and "rules_cpu" in m.detail and m.op in ("rules-arrow", "rules-dept"):
            extra = (f"read (pyarrow CSV + loader for quotas/register) {m.detail['open_cpu']:.2f} s + rules "
                     f"{m.detail['rules_cpu']:.2f} s; {m.detail['findings']} findings, {m.detail['evidence']} evidence rows")
        elif m.detail and "rules_cpu" in m.detail:
            extra = (f"open {m.detail['open_cpu']:.2f} s + rules {m.detail['rules_cpu']:.2f} s; "
                     f"{m.detail['findings']} findings, {m.detail['evidence']} evidence rows")
        runs = f"{len(ms)} rounds" if len(ms) > 1 else ""
        rows.append(f"| {n:,} | {op} | {cpu} | {wall:.2f} | {ratio} | {max(x.peak_mib for x in ms):.0f} | "
                    f"{'; '.join(x for x in (runs, m.note, extra) if x)} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000],
                        help="sizes for open, validate, check and check-rules")
    parser.add_argument("--check-sizes", type=int, nargs="*", default=[], help="sizes for check only (e.g. 10^7)")
    parser.add_argument("--arrow-sizes", type=int, nargs="*", default=[],
                        help="sizes for rules-arrow (check on a workbook opened by the pyarrow CSV reader)")
    parser.add_argument("--dept-sizes", type=int, nargs="*", default=[],
                        help="sizes for rules-dept: rules-arrow with the 部门 column read as department")
    parser.add_argument("--verify-reader", type=int, nargs="*", default=[],
                        help="sizes at which to check that arrow_workbook gives the loader's frames, then exit")
    parser.add_argument("--report-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--ops", nargs="+", default=["open", "validate", "check", "check-rules"])
    parser.add_argument("--data", type=Path, default=Path("/tmp/qlaudit-bench"))
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the whole plan, interleaved (each round: the baseline, then the operations); "
                             "the table gives medians and the range of the rounds' ratios")
    parser.add_argument("--out", type=Path, default=None,
                        help="where check writes its findings and report its reports (default DATA/_out)")
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--unit", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.data, args.unit)
    if args.verify_reader:
        import qlaudit

        for n in args.verify_reader:
            unit = ensure_data(args.data, n)
            loaded = qlaudit.open(unit, YEAR, args.data).expenditures
            assert arrow_workbook(args.data, unit).expenditures.equals(loaded), n
            print(f"{n:,}: arrow_workbook gives the loader's expenditures frame ({len(loaded):,} lines)")
        return 0
    out = args.out or args.data / "_out"
    out.mkdir(parents=True, exist_ok=True)
    compileall.compile_dir(ROOT / "qlaudit", quiet=1)
    plan: list[tuple[int, str]] = []
    for n in sorted(set(args.sizes) | set(args.check_sizes) | set(args.report_sizes) | set(args.arrow_sizes)
                    | set(args.dept_sizes)):
        ops = ["duckdb"]
        ops += [op for op in args.ops if n in args.sizes]
        ops += ["check"] if n in args.check_sizes and "check" not in ops else []
        ops += ["rules-arrow"] if n in args.arrow_sizes else []
        ops += ["rules-dept"] if n in args.dept_sizes else []
        ops += ["report"] if n in args.report_sizes else []
        plan += [(n, op) for op in ops]
    results: list[Measure] = []
    for n, op in plan * max(1, args.repeat):
        unit = ensure_data(args.data, n)
        cpu, wall, peak, note, stdout = run_child(commands(op, args.data, unit, out), args.timeout)
        detail = None
        if op in ("check-rules", "rules-arrow", "rules-dept", "open", "duckdb") and stdout.strip():
            detail = json.loads(stdout.strip().splitlines()[-1])
        results.append(Measure(n, op, cpu, wall, peak, note, detail))
        print(f"{n:>10,} {op:<12} cpu {'-' if cpu is None else f'{cpu:.2f}':>8} s  wall {wall:8.2f} s  "
              f"peak {peak:8.0f} MiB  {note} {json.dumps(detail, ensure_ascii=False) if detail else ''}", flush=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
