"""A province on a Dask cluster: the Parquet store of many unit-years built by the cluster's workers, the rules run
once over all of them (DuckDB), against DuckDB doing the core of check over the same store, in the same run.

Starts a scheduler and two workers on 127.0.0.1 (timed separately: start-up until both workers are registered),
then times, each as wall and driver CPU:

1. building the store on the cluster (one task per unit-year: load, key columns, Parquet) — and, with
   ``--local-too``, on the local process pool, for comparison;
2. the set-based stage: every rule's candidate query once over all unit-years, the finishers per unit-year and the
   cross-unit rule (``qlaudit.columnar.store.run_store``);
3. the baseline: DuckDB's four core computations (spending per project and per economic code, budget phases per
   project, exact duplicates, voucher-number gaps) grouped by unit and year over the same store;
4. with ``--reports K``: K unit-years' reports fanned out on the cluster vs the local pool.

    .venv/bin/python benchmarks/make_ledgers.py --units 2000 --lines 5000 --out /tmp/qlaudit-province
    .venv/bin/python benchmarks/bench_cluster.py --data /tmp/qlaudit-province --store /tmp/qlaudit-province-store
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import as_completed
from pathlib import Path

CORE = """
WITH e AS (SELECT * FROM expenditures), a AS (SELECT * FROM appropriations)
SELECT 'per_project' AS q, COUNT(*) AS n FROM (
    SELECT unit, year, project_code, CAST(SUM(amount_fen) AS BIGINT) FROM e WHERE expense_kind = 'project'
    GROUP BY ALL)
UNION ALL SELECT 'per_code', COUNT(*) FROM (
    SELECT unit, year, economic_code, CAST(SUM(amount_fen) AS BIGINT) FROM e GROUP BY ALL)
UNION ALL SELECT 'phases', COUNT(*) FROM (
    SELECT unit, year, project_code,
           CAST(SUM(amount_fen) FILTER (WHERE source = 'initial') AS BIGINT),
           CAST(SUM(amount_fen) FILTER (WHERE source = 'addition') AS BIGINT),
           CAST(SUM(amount_fen) FILTER (WHERE source = 'reduction') AS BIGINT),
           CAST(SUM(amount_fen) FILTER (WHERE source = 'carry_in') AS BIGINT)
    FROM a WHERE expense_kind = 'project' GROUP BY ALL)
UNION ALL SELECT 'duplicates', COUNT(*) FROM (
    SELECT * FROM (SELECT unit, year, payee, amount_fen, summary, date, voucher_no,
                          LAG(date) OVER w AS prev_date, LAG(voucher_no) OVER w AS prev_voucher
                   FROM e WHERE payee <> '' AND amount_fen > 0
                   WINDOW w AS (PARTITION BY unit, year, payee, amount_fen, summary ORDER BY date, voucher_no))
    WHERE prev_date IS NOT NULL AND date - prev_date <= INTERVAL 7 DAY AND voucher_no <> prev_voucher)
UNION ALL SELECT 'gaps', COUNT(*) FROM (
    SELECT unit, year, ym, voucher_word, MAX(voucher_number) - COUNT(DISTINCT voucher_number) AS missing
    FROM e WHERE voucher_parsed GROUP BY ALL HAVING missing > 0)
"""


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def start_cluster(tmp: Path) -> tuple[str, list[subprocess.Popen], float]:
    from distributed import Client

    started = time.perf_counter()
    info = tmp / "scheduler.json"
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    while not info.is_file():
        time.sleep(0.05)
    address = json.loads(info.read_text(encoding="utf-8"))["address"]
    procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
                                   "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                   "--local-directory", str(tmp / "workers")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    return address, procs, time.perf_counter() - started


def stop_cluster(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def build(scheduler: str | None, data: Path, store: Path, pairs: list[tuple[str, int]]) -> tuple[float, dict]:
    from qlaudit import cluster

    started = time.perf_counter()
    statuses: dict[str, int] = {}
    with cluster.executor(scheduler, 2) as pool:
        futures = [pool.submit(cluster._store_task, u, y, str(data), str(store)) for u, y in pairs]
        for future in as_completed(futures):
            status = future.result()[2]
            statuses[status] = statuses.get(status, 0) + 1
    return time.perf_counter() - started, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--local-too", action="store_true", help="also build the store on the local pool")
    parser.add_argument("--reports", type=int, default=0, help="also fan out this many reports (cluster vs pool)")
    args = parser.parse_args()
    from qlaudit.columnar.store import open_store, run_store
    from qlaudit.report.batch import plan
    from qlaudit.settings import load_settings

    pairs = plan(args.data, None, None)
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        address, procs, startup = start_cluster(tmp)
        try:
            lines.append(f"cluster start-up (scheduler + 2 workers registered): {startup:.1f} s")
            wall, statuses = build(address, args.data, args.store, pairs)
            rows = sum(int(json.loads(p.read_text())["rows"]) for p in (args.store / "_manifest").glob("*/*.json"))
            lines.append(f"store on the cluster: {len(pairs)} unit-years, {rows:,} voucher lines: {wall:.1f} s wall "
                         f"({statuses})")
            if args.local_too:
                local_store = args.store.with_name(args.store.name + "-local")
                wall, statuses = build(None, args.data, local_store, pairs)
                lines.append(f"store on the local pool (2 processes): {wall:.1f} s wall ({statuses})")
            if args.reports:
                from qlaudit.batch import run_batch

                units = sorted({u for u, _ in pairs})[: args.reports]
                for name, scheduler in (("local pool", None), ("cluster", address)):
                    started = time.perf_counter()
                    summary = run_batch(args.data, tmp / f"reports-{name}", units=units, jobs=2, progress=False,
                                        scheduler=scheduler)
                    lines.append(f"{len(units)} reports on the {name}: {time.perf_counter() - started:.1f} s wall "
                                 f"({summary.count('written')} written, {summary.count('failed')} failed)")
        finally:
            stop_cluster(procs)
    started, before = time.perf_counter(), cpu()
    findings, cross = run_store(args.store, pairs, load_settings())
    stage_wall, stage_cpu = time.perf_counter() - started, cpu() - before
    count = sum(len(f) for f in findings.values())
    lines.append(f"set-based stage (every rule once over {len(findings)} unit-years + cross-unit): "
                 f"{stage_wall:.1f} s wall, {stage_cpu:.1f} s CPU (DuckDB threads included); {count:,} findings, "
                 f"{len(cross)} cross-unit")
    engine = open_store(args.store, pairs)
    started, before = time.perf_counter(), cpu()
    core = dict(engine.con.sql(CORE).fetchall())
    core_wall, core_cpu = time.perf_counter() - started, cpu() - before
    lines.append(f"DuckDB core of check over the same store: {core_wall:.1f} s wall, {core_cpu:.1f} s CPU {core}")
    lines.append(f"ratio set-based stage / DuckDB core: {stage_cpu / core_cpu:.1f}× CPU, "
                 f"{stage_wall / core_wall:.1f}× wall")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
