"""Running a batch on a cluster: unit-years fanned out to an existing Dask ``distributed`` scheduler, and the
set-based stage run once over the selected unit-years.

- :func:`executor` is what ``qlaudit.report.batch`` submits its per-unit-year work to: the local process pool, or, with
  ``scheduler="tcp://HOST:PORT"``, a ``distributed.Client``'s ``concurrent.futures`` executor (futures, not
  dask.dataframe: every unit-year is one task). Workers must import the same qlaudit and see the data and output
  folders at the same paths (a shared file system), as the local pool's processes do.
- :func:`province_stage` brings the Parquet store (``qlaudit.columnar.store``) up to date — one task per unit-year
  on the same executor — then runs every rule's candidate SQL once over all selected unit-years in the driver
  (DuckDB), writes the cross-unit findings and checks that each unit-year's findings from the store are byte for
  byte those of its report (``findings.json``).

Outputs are the same files whichever executor ran the work (tests/test_cluster.py runs both on 127.0.0.1).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from qlaudit.errors import QlauditError


class ClusterError(QlauditError):
    """The scheduler cannot be reached or the cluster cannot run qlaudit."""


@contextmanager
def executor(scheduler: str | None = None, jobs: int = 2, timeout: float = 30) -> Iterator[Executor]:
    """A ``concurrent.futures`` executor: the local process pool (``jobs`` processes, forked where possible), or
    the workers of the Dask scheduler at ``scheduler`` ("tcp://HOST:PORT")."""
    if not scheduler:
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            yield pool
        return
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - distributed is a dependency
        raise ClusterError("--scheduler needs the 'distributed' package") from err
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()


def _die_with_parent(parent: int) -> None:
    """In a local pool worker: end when the batch process ends, even by SIGKILL (Linux ``PR_SET_PDEATHSIG``), so a
    killed batch leaves no orphan still writing staging folders beside the published sets."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the worker may outlive a killed batch
            return
    if os.getppid() != parent:  # the batch ended before the signal was armed
        os._exit(0)


def _store_task(unit: str, year: int, data: str, store: str) -> tuple[str, int, str, str]:
    """In a worker: one unit-year into the store. Never raises (a failure is reported per unit-year)."""
    from qlaudit.columnar.store import write_unit_year

    try:
        result = write_unit_year(unit, year, data, store)
        return unit, year, result.status, result.message
    except Exception as err:  # a bug must not stop the batch
        return unit, year, "failed", f"{type(err).__name__}: {err}"


@dataclass(frozen=True)
class ProvinceResult:
    """What the set-based stage did: store statuses, cross-unit findings, unit-years whose report differs."""

    stored: dict[tuple[str, int], str]
    cross_unit: int
    findings_path: Path
    mismatched: tuple[tuple[str, int], ...] = ()
    messages: tuple[str, ...] = field(default=())


def update_store(pool: Executor, data: Path, store: Path, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Every unit-year of ``pairs`` and the earlier years of their units written to the store (unchanged ones
    skipped), one task each on ``pool``: {(unit, year): status}."""
    from qlaudit.workbook import available_years

    wanted = sorted({(u, y) for u, last in pairs for y in available_years(u, data) if y <= last})
    futures: dict[Future, tuple[str, int]] = {
        pool.submit(_store_task, unit, year, str(data), str(store)): (unit, year) for unit, year in wanted}
    out = {}
    for future in as_completed(futures):
        unit, year, status, _ = future.result()
        out[(unit, year)] = status
    return dict(sorted(out.items()))


def province_stage(pool: Executor, data: Path, out_root: Path, pairs: list[tuple[str, int]],
                   settings_path: str | Path | None = None, store: Path | None = None) -> ProvinceResult:
    """The set-based stage of a batch (see the module docstring); writes ``OUT/province/cross_unit_findings.json``
    and ``OUT/province/consistency.json``."""
    from qlaudit.columnar.store import run_store
    from qlaudit.findings import findings_json
    from qlaudit.settings import load_settings

    store = store or out_root / "_store"
    statuses = update_store(pool, data, store, pairs)
    findings, cross = run_store(store, pairs, load_settings(settings_path or None))
    mismatched, lines = [], []
    for (unit, year), found in sorted(findings.items()):
        report = out_root / unit / str(year) / "findings.json"
        text = findings_json(unit, year, found)
        same = report.is_file() and report.read_text(encoding="utf-8") == text
        if report.is_file() and not same:
            mismatched.append((unit, year))
        lines.append({"unit": unit, "year": year, "findings": len(found),
                      "report_findings": "same" if same else ("different" if report.is_file() else "no report")})
    folder = out_root / "province"
    folder.mkdir(parents=True, exist_ok=True)
    payload: dict[str, object] = {"unit_years": [list(p) for p in sorted(findings)],
                                  "findings": [f.as_dict() for f in cross]}
    path = folder / "cross_unit_findings.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "consistency.json").write_text(
        json.dumps({"store": {f"{u}/{y}": s for (u, y), s in statuses.items()}, "unit_years": lines},
                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ProvinceResult(statuses, len(cross), path, tuple(mismatched))
