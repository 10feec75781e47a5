"""Lint a unit's self-evaluation report (自评报告) against itself and, given a workbook, against the ledgers.

    >>> from qlaudit.lint import lint_file, lint_text
    >>> result = lint_file("data/lusong-qiaolian/2021/self_evaluation.txt")
    >>> result.has_error, len(result.figures)

Pipeline, one module a stage: ``read`` (txt/md/docx/doc/wps/pdf/html → paragraphs and table rows with their
positions) → ``normalise`` (NFKC, 繁→简, artifacts; ``repair``: pinyin, wrapped lines, glued cells, Chinese
numerals) →
``structure`` (headings, sections, sentences, table rows) → ``extract`` (figures with labels: ``labels``,
``tables``; ``hierarchy``: which amount is a part of which) → ``checks`` (the ``CHECKS`` list; ``scoretable``
and ``check_tables`` for the 自评表) and ``ledger_compare`` → findings (``qlaudit.findings.Finding``).
Nothing here prints; ``render`` turns a result into text or JSON for the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit.findings import Finding, sort_findings
from qlaudit.lint import scoretable
from qlaudit.lint.checks import CHECKS, run_checks
from qlaudit.lint.context import Context
from qlaudit.lint.extract import Figure, extract
from qlaudit.lint.forms import label_fund_blocks
from qlaudit.lint.hierarchy import assign_parents
from qlaudit.lint.labels import report_year
from qlaudit.lint.ledger_compare import compare_ledgers
from qlaudit.lint.normalise import normalise_report
from qlaudit.lint.read import ReportUnreadable, read_document, read_report
from qlaudit.lint.structure import Document, parse
from qlaudit.lint.vocab import split_words, vocabulary
from qlaudit.scoring import ScoringSettings
from qlaudit.scoring import load_settings as load_scoring

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding]  # sorted: errors first, then by rule
    figures: tuple[Figure, ...]  # in text order
    document: Document
    year: int | None  # the report year (given, the workbook's, or read from the text)

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def lint_text(text: str, workbook: Workbook | None = None, *, source: str = "report",
              year: int | None = None, vocabulary_file: str | None = None, notes: tuple[str, ...] = (),
              positions: tuple[str, ...] = (), scoring: ScoringSettings | None = None) -> LintResult:
    """Findings and figures of a report's text; with ``workbook`` every figure is also compared to the ledgers.
    ``scoring`` (default ``qlaudit/scoring.toml``) gives the grade bands when the report states none, and what
    names a year-end recovery (年底收回) in the ledgers."""
    vocab = vocabulary(vocabulary_file)
    normalised, repairs = normalise_report(text, split_words(vocab))
    document = parse(normalised, vocab)
    if year is None:
        year = workbook.year if workbook is not None else report_year(normalised)
    blocks = scoretable.fund_blocks(scoretable.cells(document))
    figures = label_fund_blocks(document, extract(document, vocab, year), blocks, vocab)
    figures = assign_parents(document, figures, vocab)
    ctx = Context(document, figures, vocab, year, source, repairs, notes, positions, tuple(blocks), scoring)
    findings = run_checks(ctx)
    if workbook is not None:
        findings.extend(compare_ledgers(ctx, workbook, (scoring or load_scoring()).year_end_recovery))
    return LintResult(sort_findings(findings), figures, document, year)


def lint_file(path: str | Path, workbook: Workbook | None = None, *, year: int | None = None,
              vocabulary_file: str | None = None) -> LintResult:
    """:func:`lint_text` of a report file (.txt, .md, .docx, .doc, .wps, .pdf, .html; see ``read``);
    :class:`ReportUnreadable` if it cannot be read."""
    document = read_document(path)
    return lint_text(document.text, workbook, source=Path(path).name, year=year, vocabulary_file=vocabulary_file,
                     notes=document.notes, positions=document.positions)


__all__ = ["CHECKS", "Figure", "LintResult", "ReportUnreadable", "lint_file", "lint_text", "read_document",
           "read_report"]
