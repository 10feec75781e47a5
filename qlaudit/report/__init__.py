"""The annual report of a unit-year, as a package: one computation, two documents.

Pipeline (one module a stage):

- ``model.build(workbook, options) -> Report`` — the one computation, no file written: the sections of the unit's
  publishable self-evaluation report and of the auditor's working papers, the score card, findings, sample, lint
  result, chart series and index figures (``narrative``, ``appendices``);
- ``cells`` — what the report notebook's cells call (open → check → score → sample → lint → build → display);
- ``render_html`` / ``charts`` — HTML fragments and PNG charts; ``export`` — findings.csv;
- ``run`` — papermill + nbconvert into ``OUT/<unit>/<year>/``; ``engine`` the in-process papermill engine;
  ``provenance`` the manifest; ``batch`` many unit-years in a process pool.

The report notebook ships inside the package (``qlaudit/report/notebooks/annual_report.ipynb``), so
``qlaudit report`` works from an installed package as well as from a checkout.
"""

from __future__ import annotations

from qlaudit.report.run import ReportFailed, ReportOptions, ReportResult, build_report

__all__ = ["ReportFailed", "ReportOptions", "ReportResult", "build_report"]
