"""The annual report of a unit-year, as a package: one computation, two documents.

Pipeline (one module a stage):

- ``model.build(workbook, options) -> Report`` — the one computation, no file written: the sections of the unit's
  publishable self-evaluation report (``frame``, ``narrative``, ``spending``, ``performance``, ``goals``,
  ``problems``, ``causes``, ``lineage``; figures as printed in ``figures`` with ``rounding``; ``privacy``) and of
  the auditor's working papers (``workpapers`` with ``criteria.toml``, ``appendices``), the score card, findings,
  sample, lint result, chart series, index figures and the consistency ``gate``;
- ``cells`` — what the report notebook's cells call (open → check → score → sample → lint → build → gate → show);
- ``render_html`` / ``charts`` / ``pdf`` / ``xlsx`` / ``export`` — the writers;
- ``run`` — papermill + nbconvert into ``OUT/<unit>/<year>/``; ``engine`` the in-process papermill engine;
  ``provenance`` the manifest; ``batch`` many unit-years in a process pool.

The report notebook ships inside the package (``qlaudit/report/notebooks/annual_report.ipynb``), so
``qlaudit report`` works from an installed package as well as from a checkout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qlaudit.report.run import ReportFailed, ReportOptions, ReportResult, build_report

__all__ = ["ReportFailed", "ReportOptions", "ReportResult", "build_report"]


def __getattr__(name: str) -> Any:
    """The runner's names, imported on first use: ``qlaudit.report.export`` (findings.csv for ``qlaudit check``)
    does not pull in matplotlib, papermill and lint (about 2 s of imports)."""
    if name in __all__:
        from qlaudit.report import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
